import { spawnSync } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDesk, openDesk, storedHome, type OpenDesk } from "../helpers/desk-browser.js";
import { CLI, cliEnv, ROOT, waitFor } from "../helpers/daemon.js";

/**
 * The review desk in a real browser (Debian's chromium through playwright-core) against the real
 * daemon, on a home with 50 articles processed by `news-coverage process`. Writes the screenshots
 * docs/desk-quarter.png and docs/desk-queue.png.
 */

const CORPUS = "/work/shared/corpus";
const XSS = "<img src=x onerror=alert(1)>";
const BIG_SKY_URL = "https://variety.com/2025/film/news/big-sky-documentary-festival-lineup-1236611111/";

function corpusDir(): string {
  for (const dir of [process.env.NEWS_COVERAGE_CORPUS, CORPUS, path.join(ROOT, "..", "shared", "corpus")]) {
    if (dir && spawnSync("test", ["-d", path.join(dir, "samples")]).status === 0) return dir;
  }
  throw new Error("corpus not found: set NEWS_COVERAGE_CORPUS to the folder holding samples/ and articles-train.jsonl");
}

/** 4 samples, 44 training texts made into articles, the Big Sky story and the XSS fixture: 50. */
async function writeArticles(dir: string): Promise<void> {
  const corpus = corpusDir();
  await fs.mkdir(dir, { recursive: true });
  for (const name of await fs.readdir(path.join(corpus, "samples"))) {
    await fs.copyFile(path.join(corpus, "samples", name), path.join(dir, name));
  }
  const rows = readFileSync(path.join(corpus, "articles-train.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; text: string })
    .slice(0, 44);
  for (const [i, row] of rows.entries()) {
    const first = row.text.split(/(?<=[.!?])\s/)[0]!.slice(0, 140);
    const day = String((i % 28) + 1).padStart(2, "0");
    const month = ["10", "11", "12"][i % 3]!;
    await fs.writeFile(
      path.join(dir, `train-${row.id}.json`),
      JSON.stringify({
        title: first,
        source: "Deadline",
        url: `https://deadline.com/2025/${month}/${row.id}-story/`,
        published_at: `2025-${month}-${day}`,
        content: row.text,
      }),
    );
  }
  await fs.writeFile(
    path.join(dir, "big-sky.json"),
    JSON.stringify({
      title: "Big Sky Documentary Film Festival unveils its lineup with Netflix titles",
      source: "Variety",
      url: BIG_SKY_URL,
      published_at: "2025-11-20",
      content:
        "The Big Sky Documentary Film Festival in Missoula, Montana, unveiled its 2026 lineup on Thursday, with several Netflix documentaries among the selections. Sky is the limit, organisers said, for the festival's growing industry program. The festival runs in February.",
    }),
  );
  await fs.writeFile(
    path.join(dir, "xss.json"),
    JSON.stringify({
      title: XSS,
      source: "Variety",
      url: "https://variety.com/2025/tv/news/sony-xss-fixture-1236622222/",
      published_at: "2025-11-12",
      content: "Sony Pictures Television has greenlit a new drama series, the studio said on Wednesday. The series will premiere next year.",
    }),
  );
  const count = (await fs.readdir(dir)).length;
  if (count !== 50) throw new Error(`expected 50 article files, wrote ${count}`);
}

let home: string;
let url: string;
let token: string;
let context: BrowserContext;
let page: Page;
let dialogs: string[] = [];
let desk: OpenDesk | undefined;

beforeAll(async () => {
  home = await storedHome({}, writeArticles, 50);
  desk = await openDesk(home);
  ({ url, token, context, page } = desk);
  dialogs = desk.dialogs;
}, 240_000);

afterAll(() => closeDesk(desk));

async function entryFor(titleOrLine: RegExp) {
  return page.locator("li.entry", { hasText: titleOrLine });
}

describe("review desk in a browser", () => {
  it("logs in with the token once; the cookie carries the session", async () => {
    await page.goto(`${url}/quarter`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.getByText("Sign in with the API token instead").click();
    await page.fill("#token", token);
    await page.click('#token-form button[type="submit"]');
    await page.waitForURL((u) => u.pathname === "/" || u.pathname === "/quarter");
    const cookies = await context.cookies(url);
    expect(cookies.find((c) => c.name === "nc_session")).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    await expect.poll(() => page.locator("#report h1").textContent()).toBe("Q4 2025 News & Updates");
  });

  it("shows the XSS fixture's title as text", async () => {
    await page.goto(`${url}/quarter?quarter=2025%20Q4&q=${encodeURIComponent("img src")}`);
    const result = page.locator("#results li", { hasText: "onerror" }).first();
    expect(await result.locator("a").first().textContent()).toBe(XSS);
    expect(await page.locator("img").count()).toBe(0);
    await page.goto(`${url}/quarter?quarter=2025%20Q4&buyer=Sony`);
    const titles = await page.locator("li.entry").evaluateAll((els) => els.map((e) => e.getAttribute("title")));
    expect(titles).toContain(XSS);
    expect(await page.locator("img").count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: path.join(ROOT, "docs", "desk-quarter.png"), fullPage: false });
  });

  it("changes a category and removes a buyer: the entry moves in the quarter view and in a fresh .md report", async () => {
    // "Big Sky" names Comcast's Sky only in passing: a weak buyer, listed on the record but kept out of Comcast's quarter.
    await page.goto(`${url}/quarter?quarter=2025%20Q4&buyer=${encodeURIComponent("Comcast/NBCU")}`);
    expect(await (await entryFor(/Big Sky/)).count()).toBe(0);
    await page.goto(`${url}/quarter?quarter=2025%20Q4&buyer=Netflix`);
    const before = await entryFor(/Big Sky/);
    await expect.poll(() => before.count()).toBe(1);
    const id = await before.getAttribute("data-record");
    await page.goto(`${url}/record/${id}`);
    const current = await page.locator("#category").inputValue();
    const target = current.startsWith("Strategy") ? "M&A -> General News & Strategy" : "Strategy & Miscellaneous News -> Misc.";
    await page.selectOption("#category", target);
    await page.selectOption('select[data-buyer="Comcast/NBCU"]', "none");
    await page.click("button.primary-action");
    await expect.poll(() => page.locator("#status").textContent(), { timeout: 15_000 }).toMatch(/Saved/);

    // In Netflix's quarter under the new section.
    await page.goto(`${url}/quarter?quarter=2025%20Q4&buyer=Netflix`);
    const section = target.startsWith("M&A") ? "#section-5" : "#section-3";
    await expect.poll(async () => page.locator(`${section} li.entry[data-record="${id}"]`).count()).toBe(1);

    // A freshly generated report, by the CLI from the same store.
    const report = spawnSync(process.execPath, [CLI, "report", "--quarter", "2025 Q4", "--buyer", "Netflix", "--format", "md"], {
      env: cliEnv(home),
      encoding: "utf8",
    });
    expect(report.status).toBe(0);
    const md = await fs.readFile(path.join(home, "data", "reports", "2025 Q4", "2025 Q4 Netflix News Coverage.md"), "utf8");
    const heading = target.startsWith("M&A") ? "## 5. M&A" : "## 3. Strategy & Miscellaneous News";
    const after = md.slice(md.indexOf(heading));
    expect(after).toContain(BIG_SKY_URL);
    expect(md.slice(0, md.indexOf(heading))).not.toContain(BIG_SKY_URL);
    spawnSync(process.execPath, [CLI, "report", "--quarter", "2025 Q4", "--buyer", "Comcast", "--format", "md"], { env: cliEnv(home) });
    expect(await fs.readFile(path.join(home, "data", "reports", "2025 Q4", "2025 Q4 Comcast News Coverage.md"), "utf8")).not.toContain(BIG_SKY_URL);
    const corrections = (await fs.readFile(path.join(home, "data", "corrections.jsonl"), "utf8")).trim().split("\n");
    type Buyers = { strong: string[]; weak: string[] };
    const last = JSON.parse(corrections.at(-1)!) as { changes: { category: { to: string }; buyers: { from: Buyers; to: Buyers } } };
    expect(last.changes.category.to).toBe(target);
    expect(last.changes.buyers.from.weak).toContain("Comcast/NBCU");
    expect([...last.changes.buyers.to.strong, ...last.changes.buyers.to.weak]).not.toContain("Comcast/NBCU");
    expect(last.changes.buyers.to.strong).toContain("Netflix");
  });

  it("works the queue from the keyboard and shows the model's alternatives", async () => {
    await page.goto(`${url}/queue`);
    const items = page.locator(".queue-item");
    const total = await items.count();
    expect(total).toBeGreaterThan(1);
    await page.screenshot({ path: path.join(ROOT, "docs", "desk-queue.png"), fullPage: false });
    const first = await items.nth(0).getAttribute("data-id");
    await page.keyboard.press("j");
    await expect.poll(() => page.locator("#record").getAttribute("data-id")).toBe(await items.nth(1).getAttribute("data-id"));
    await page.keyboard.press("k");
    await expect.poll(() => page.locator("#record").getAttribute("data-id")).toBe(first);
    await page.keyboard.press("a");
    await expect.poll(() => page.locator(`.queue-item[data-id="${first}"]`).count()).toBe(0);
    expect(await page.locator(".queue-item").count()).toBe(total - 1);

    // "1" files the selected record under the model's first alternative and moves on.
    await expect.poll(() => page.locator("#record").getAttribute("data-id")).not.toBe(first);
    // Move down to a record the model gave an alternative for.
    for (let i = 0; i < total && (await page.locator('button.alt[data-key="1"]').count()) === 0; i++) {
      const before = await page.locator("#record").getAttribute("data-id");
      await page.keyboard.press("j");
      await expect.poll(() => page.locator("#record").getAttribute("data-id")).not.toBe(before);
    }
    const picked = await page.locator("#record").getAttribute("data-id");
    const alternative = await page.locator('button.alt[data-key="1"]').getAttribute("data-alt", { timeout: 5000 });
    expect(alternative).toBeTruthy();
    await page.keyboard.press("1");
    await expect.poll(() => page.locator(`.queue-item[data-id="${picked}"]`).count()).toBe(0);
    const res = await fetch(`${url}/api/desk/records/${picked}`, { headers: { authorization: `Bearer ${token}` } });
    const { record } = (await res.json()) as { record: { category: string; reviewed: { changes: string[] } } };
    expect(record.category).toBe(alternative);
    expect(record.reviewed.changes).toContain("category");
  });

  it("retries a failed input and sees it reach done/ live", async () => {
    const inbox = path.join(home, "inbox");
    await fs.writeFile(
      path.join(inbox, "broken.json"),
      JSON.stringify({ source: "Variety", url: "https://variety.com/2025/tv/news/broken-1/", content: "Netflix renews a show." }),
    );
    const failedDir = path.join(inbox, "failed");
    const key = await waitFor(
      async () => {
        for (const day of await fs.readdir(failedDir).catch(() => [] as string[])) {
          if ((await fs.readdir(path.join(failedDir, day))).includes("broken.json")) return `${day}/broken.json`;
        }
        return null;
      },
      "broken.json in failed/",
      60_000,
    );
    await page.goto(`${url}/inbox`);
    const row = page.locator(`tr[data-key="${key}"]`);
    await expect.poll(() => row.locator(".reason").textContent()).toMatch(/title/);
    // The analyst fixes the file, then retries it from the desk.
    await fs.writeFile(
      path.join(failedDir, key),
      JSON.stringify({
        title: "Netflix renews Wednesday for a third season",
        source: "Variety",
        url: "https://variety.com/2025/tv/news/broken-1/",
        published_at: "2025-11-21",
        content: "Netflix renews Wednesday for a third season.",
      }),
    );
    await row.locator('button[data-action="retry"]').click();
    await expect.poll(() => row.locator(".row-status").textContent(), { timeout: 30_000 }).toMatch(/done: stored \(1 record\)/);
    // The outcome is announced once the outputs are durable, just before the input moves.
    await waitFor(
      async () => {
        const done = await fs.readdir(path.join(inbox, "done"), { recursive: true }).catch(() => [] as string[]);
        return done.some((n) => String(n).endsWith("broken.json")) || null;
      },
      "broken.json in done/",
      60_000,
    );
    expect(await page.locator("#live-log li.stored").count()).toBeGreaterThan(0);
  });
});
