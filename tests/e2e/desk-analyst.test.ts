import { spawnSync } from "node:child_process";
import { promises as fs, readFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDesk, openDesk, storedHome, type OpenDesk } from "../helpers/desk-browser.js";
import { ROOT } from "../helpers/daemon.js";

/**
 * Issue 24's check, in Debian's chromium against the real daemon, controls found by role and
 * accessible name: sign in as a named analyst, land on a quarter with entries, highlight a story
 * and find it in section 0 of the downloaded .md, exclude two records at once and undo one, see
 * the history with the analyst's name, delete a record and see it leave the report, find an
 * article by a word only deep in its body; no horizontal overflow from 1280 to 1920 px.
 */

const DEEP_WORD = "quokkaesque";
const DEEP_URL = "https://variety.com/2025/tv/news/netflix-long-read-1236633333/";
const ANALYST = "Dana Reyes";
const PASSWORD = "correct horse battery staple";

function corpusDir(): string {
  for (const dir of [process.env.NEWS_COVERAGE_CORPUS, "/work/shared/corpus", path.join(ROOT, "..", "shared", "corpus")]) {
    if (dir && spawnSync("test", ["-f", path.join(dir, "articles-train.jsonl")]).status === 0) return dir;
  }
  throw new Error("corpus not found: set NEWS_COVERAGE_CORPUS to the folder holding articles-train.jsonl");
}

async function writeArticles(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const rows = readFileSync(path.join(corpusDir(), "articles-train.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; text: string })
    .slice(0, 16);
  for (const [i, row] of rows.entries()) {
    const month = ["10", "11", "12"][i % 3]!;
    await fs.writeFile(
      path.join(dir, `train-${row.id}.json`),
      JSON.stringify({
        title: row.text.split(/(?<=[.!?])\s/)[0]!.slice(0, 140),
        source: "Deadline",
        url: `https://deadline.com/2025/${month}/${row.id}-story/`,
        published_at: `2025-${month}-${String((i % 28) + 1).padStart(2, "0")}`,
        content: row.text,
      }),
    );
  }
  // The word is 3,000 characters in: not in the title, the lead or any line.
  const filler = "Netflix said the series will stream worldwide, with the first season arriving in the spring and a second already in the works. ".repeat(24);
  await fs.writeFile(
    path.join(dir, "long-read.json"),
    JSON.stringify({
      title: "Netflix renews its long-running documentary series",
      source: "Variety",
      url: DEEP_URL,
      published_at: "2025-11-18",
      content: `Netflix has renewed its documentary series for another season. ${filler}The finale, critics said, was ${DEEP_WORD} in its patience.`,
    }),
  );
}

let home: string;
let url: string;
let token: string;
let page: Page;
let dialogs: string[] = [];
let desk: OpenDesk | undefined;

beforeAll(async () => {
  home = await storedHome({}, writeArticles, 17, { name: ANALYST, password: PASSWORD });
  desk = await openDesk(home, { acceptDownloads: true });
  ({ url, token, page } = desk);
  dialogs = desk.dialogs;
}, 240_000);

afterAll(() => closeDesk(desk));

const status = () => page.getByRole("status").first();

async function downloadMd(): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: ".md", exact: true }).click()]);
  return fs.readFile((await download.path())!, "utf8");
}

const section0 = (md: string) => md.slice(md.indexOf("## 0. Highlights From The Quarter"), md.indexOf("## 1. Org"));

async function api(pathName: string): Promise<{ record: { excluded?: boolean; deleted?: boolean; reviewed?: { by?: string } } }> {
  const res = await fetch(`${url}${pathName}`, { headers: { authorization: `Bearer ${token}` } });
  return (await res.json()) as { record: { excluded?: boolean } };
}

let highlighted: { id: string; url: string };

describe("the desk an analyst team lives in (issue 24)", () => {
  it("signs in as a named analyst and lands on the newest quarter and the buyer with the most entries", async () => {
    await page.goto(`${url}/`);
    await page.getByLabel("Name").fill(ANALYST);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await expect.poll(() => page.locator("#report h1").textContent()).toBe("Q4 2025 News & Updates");
    const subtitle = (await page.locator("#report .subtitle").textContent())!;
    const entries = Number(/(\d+) entries/.exec(subtitle)![1]);
    expect(entries).toBeGreaterThan(2);
    // The buyer shown has the most entries of the buyer list (counts in the options).
    const options = await page
      .locator("#pick-buyer option")
      .evaluateAll((els) => els.map((e) => ({ text: e.textContent!, selected: (e as HTMLOptionElement).selected })));
    const counts = options.map((o) => Number(/\((\d+)\)$/.exec(o.text)![1]));
    const shown = options.findIndex((o) => o.selected);
    expect(counts[shown]).toBe(Math.max(...counts));
    expect(counts[shown]).toBe(entries);
  });

  it("marks a story as a highlight; the downloaded .md lists it in section 0 (and in its own section)", async () => {
    const entry = page.locator("#report li.entry").first();
    highlighted = { id: (await entry.getAttribute("data-record"))!, url: (await entry.locator("a").first().getAttribute("href"))! };
    expect(section0(await downloadMd())).not.toContain(highlighted.url);
    await entry.getByRole("link", { name: "Edit" }).click();
    await page.waitForURL((u) => u.pathname === `/record/${highlighted.id}`);
    await page.getByRole("button", { name: "Highlight", exact: true }).click();
    await expect.poll(() => status().textContent()).toMatch(/Marked as a highlight/);
    await expect.poll(() => page.getByRole("button", { name: "Remove highlight" }).count()).toBe(1);
    await page.goBack();
    await page.reload();
    const md = await downloadMd();
    expect(section0(md)).toContain(highlighted.url);
    expect(md.slice(md.indexOf("## 1. Org"))).toContain(highlighted.url);
  });

  it("excludes two records at once and undoes one", async () => {
    const boxes = page.locator("#report li.entry").filter({ hasNot: page.locator(`[value="${highlighted.id}"]`) });
    const first = (await boxes.nth(0).getAttribute("data-record"))!;
    let second = first;
    for (let i = 1; second === first; i++) second = (await boxes.nth(i).getAttribute("data-record"))!;
    await page
      .getByRole("checkbox", { name: /^Select: / })
      .and(page.locator(`[value="${first}"]`))
      .first()
      .check();
    await page
      .getByRole("checkbox", { name: /^Select: / })
      .and(page.locator(`[value="${second}"]`))
      .first()
      .check();
    await expect.poll(() => page.locator("#picked").textContent()).toBe("2 selected");
    await page.getByRole("button", { name: "Exclude selected" }).click();
    await expect.poll(() => page.locator("#bulk-status").textContent(), { timeout: 15_000 }).toBe("Excluded 2 of 2 stories.");
    expect((await api(`/api/desk/records/${first}`)).record.excluded).toBe(true);
    expect((await api(`/api/desk/records/${second}`)).record.excluded).toBe(true);
    await page.locator("#bulk-done").getByRole("button", { name: "Undo" }).first().click();
    await expect.poll(() => page.locator("#bulk-done li").first().textContent()).toMatch(/undone$/);
    expect((await api(`/api/desk/records/${first}`)).record.excluded).toBeFalsy();
    expect((await api(`/api/desk/records/${second}`)).record.excluded).toBe(true);
    await page.reload();
    expect(await page.locator(`#report li.entry[data-record="${first}"]`).count()).toBeGreaterThan(0);
    expect(await page.locator(`#report li.entry[data-record="${second}"]`).count()).toBe(0);
  });

  it("shows the history with the analyst's name", async () => {
    await page.goto(`${url}/record/${highlighted.id}`);
    const history = page.locator("#history");
    await expect.poll(() => history.isVisible()).toBe(false);
    await page.getByRole("button", { name: "History" }).click();
    await expect.poll(() => history.isVisible()).toBe(true);
    const rows = await history.locator("tbody tr").allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/offline engine.*processed/);
    expect(rows[1]).toContain(ANALYST);
    expect(rows[1]).toMatch(/marked as a highlight/);
    expect((await api(`/api/desk/records/${highlighted.id}`)).record.reviewed?.by).toBe(ANALYST);
  });

  it("deletes a record and sees it leave the report", async () => {
    await page.getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => status().textContent()).toMatch(/Deleted/);
    await expect.poll(() => page.getByRole("button", { name: "Undo" }).count()).toBe(1);
    await page.goto(`${url}/`);
    expect(await page.locator(`#report li.entry[data-record="${highlighted.id}"]`).count()).toBe(0);
    const md = await downloadMd();
    expect(md).not.toContain(highlighted.url);
  });

  it("finds an article by a word that appears only deep in its body", async () => {
    const search = page.getByRole("searchbox", { name: "Search" });
    await search.fill(DEEP_WORD);
    await search.press("Enter");
    await page.waitForURL((u) => u.searchParams.get("q") === DEEP_WORD);
    const results = page.locator("#results > ol > li");
    await expect.poll(() => results.count()).toBe(1);
    await results.first().getByRole("link").click();
    await expect.poll(() => page.locator(".record-title a").getAttribute("href")).toBe(DEEP_URL);
    await page.getByText(/^Full article/).click();
    await expect.poll(() => page.locator(".article-body").textContent()).toContain(DEEP_WORD);
  });

  it("confirms a save in the queue and keeps the heading count and the badge in agreement", async () => {
    await page.goto(`${url}/queue`);
    const badge = () => page.locator("#queue-count").textContent();
    const heading = () => page.locator("#queue-total").textContent();
    const before = Number(await badge());
    expect(before).toBeGreaterThan(0);
    expect(await heading()).toBe(String(before));
    await page.getByRole("button", { name: /Accept as is/ }).click();
    // The confirmation is on the next record, or where the last one was.
    if (before > 1) await expect.poll(() => status().textContent(), { timeout: 15_000 }).toMatch(/^Accepted \(.*\)\. This is the next record in the queue\.$/);
    else await expect.poll(() => page.locator("#detail").textContent(), { timeout: 15_000 }).toBe("Saved. Nothing left to review.");
    expect(await badge()).toBe(String(before - 1));
    expect(await heading()).toBe(String(before - 1));
    await page.reload();
    expect(await badge()).toBe(String(before - 1));
    expect(await heading()).toBe(String(before - 1));
  });

  it("has no horizontal overflow and no hover-only controls from 1280 to 1920 px", async () => {
    const shots = mkdtempSync(path.join(os.tmpdir(), "nc-desk-shots-"));
    for (const width of [1280, 1400, 1600, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${url}/`);
      // A record's page has the widest form (the buyer grid).
      const record = `/record/${await page.locator("#report li.entry").first().getAttribute("data-record")}`;
      for (const where of ["/", "/queue", record]) {
        await page.goto(`${url}${where}`);
        await page.screenshot({ path: path.join(shots, `${where.split("/")[1] || "quarter"}-${width}.png`) });
        const overflow = await page.evaluate(() => {
          const wide = [...document.querySelectorAll<HTMLElement>("main *")].filter(
            (el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible" && el.clientWidth > 0,
          );
          // Nothing sticks out of its bordered box (the buyer grid, the report, the panes).
          const boxed = [...document.querySelectorAll<HTMLElement>("fieldset, .report, .detail-pane, .single, .results, .bulk")].flatMap((box) => {
            const edge = box.getBoundingClientRect().right + 1;
            return [...box.querySelectorAll<HTMLElement>("*")]
              .filter((el) => el.getBoundingClientRect().right > edge)
              .map((el) => `${box.className} > ${el.tagName}.${el.className}`);
          });
          return {
            page: document.documentElement.scrollWidth - window.innerWidth,
            boxes: [...wide.map((el) => `${el.tagName}.${el.className}`), ...boxed].slice(0, 5),
          };
        });
        expect(overflow.page, `${where} at ${width}px`).toBeLessThanOrEqual(0);
        expect(overflow.boxes, `${where} at ${width}px`).toEqual([]);
      }
      const edit = page.locator("li.entry a.edit").first();
      if ((await edit.count()) > 0) expect(await edit.isVisible()).toBe(true);
    }
    expect(dialogs).toEqual([]);
  });
});
