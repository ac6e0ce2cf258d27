// The desk's Feeds page in Debian's chromium against the real daemon and a real local feed server,
// controls found by role and accessible name: add a feed and see the daemon's poll of it, Keep a
// screened item and find it stored, pause and resume, import an OPML file, remove a feed; feed
// titles with markup stay text; no horizontal overflow from 1280 to 1920 px (docs/desk-feeds.png).
import { spawnSync } from "node:child_process";
import { mkdtempSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDesk, openDesk, type OpenDesk } from "../helpers/desk-browser.js";
import { CLI, cliEnv, makeHome, ROOT, storedRecords, waitFor } from "../helpers/daemon.js";
import { rssFeed, startFeedServer, type FeedServer } from "../helpers/feed-server.js";

const ANALYST = "Sam Ortiz";
const PASSWORD = "feeds are the morning grind";
// Escaped twice: the feed parser turns the title's HTML into text, so this is the text "<img ...>".
const XSS_TITLE = "Trade &amp;lt;img src=x onerror=alert(1)&amp;gt; Daily";

let server: FeedServer;
let home: string;
let desk: OpenDesk | undefined;
let page: Page;
let url: string;

beforeAll(async () => {
  server = await startFeedServer();
  const body = rssFeed(server.base, [
    ["n1", "Netflix renews The Crown spin-off", "Netflix has renewed the drama for a second season."],
    ["t1", "Local theatre wins award", "A small theatre in Leeds won a prize for its winter season."],
    ["t2", "Film festival names its jury", "The festival in Leeds named its jury for the coming edition."],
  ]).replace("<title>Trade Daily</title>", `<title>${XSS_TITLE}</title>`);
  server.routes.set("/rss.xml", { body });
  server.routes.set("/second.xml", { body: rssFeed(server.base, []).replace("Trade Daily", "Screen Weekly") });
  ({ home } = await makeHome({ server: { port: 0 }, intake: { allowPrivateHosts: true }, feeds: { checkEveryMs: 300 } }));
  const added = spawnSync(process.execPath, [CLI, "users", "add", ANALYST, "--password", PASSWORD], { env: cliEnv(home), encoding: "utf8" });
  expect(added.stdout).toContain(`added ${ANALYST}`);
  desk = await openDesk(home);
  ({ page, url } = desk);
}, 240_000);

afterAll(async () => {
  await closeDesk(desk);
  await server.close();
});

const flash = () => page.getByRole("status").first();
const feedRow = (feed: string): Locator => page.locator("table.feeds tbody tr", { hasText: feed });

/** Reloads the page until `check` holds: the daemon polls on its own schedule. */
async function reloadUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  await waitFor(
    async () => {
      await page.reload();
      return check();
    },
    what,
    30_000,
  );
}

describe("the desk's Feeds page (issue 19)", () => {
  it("adds a feed from the desk; the daemon polls it and the page shows its status and counts, its title as text", async () => {
    await page.goto(`${url}/`);
    await page.getByLabel("Name").fill(ANALYST);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await page.getByRole("link", { name: "Feeds", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/feeds");
    await page.getByLabel("Feed address").fill(`${server.base}/rss.xml`);
    await page.getByLabel("Every (minutes)").fill("60");
    await page.getByRole("button", { name: "Add feed" }).click();
    await expect.poll(() => flash().textContent()).toMatch(/^Added: http:\/\/127\.0\.0\.1:\d+\/rss\.xml/);
    const row = feedRow("/rss.xml");
    await reloadUntil(async () => (await row.locator(".state").textContent()) === "OK", "the daemon's poll of the feed");
    const cells = await row.locator("td").allTextContents();
    // Feed, last poll, HTTP, items, stored, screened, next poll, status.
    expect(cells[0]).toContain("Trade <img src=x onerror=alert(1)> Daily");
    expect(cells.slice(2, 6)).toEqual(["200", "3", "1", "2"]);
    expect(cells[6]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(await page.locator("table.feeds img").count()).toBe(0);
  });

  it("keeps a screened item: it leaves the list and is stored as coverage", async () => {
    const item = page.locator("table.screened tbody tr", { hasText: "Local theatre wins award" });
    expect(await item.locator(".reason").textContent()).toBe("names no buyer");
    await item.getByRole("button", { name: "Keep" }).click();
    await expect.poll(() => flash().textContent()).toMatch(/^Kept: it is in the inbox/);
    expect(await page.locator("table.screened tbody tr").count()).toBe(1);
    const stored = await waitFor(
      async () => {
        const urls = (await storedRecords(home)).map((r) => (r as unknown as { url: string }).url);
        return urls.includes(`${server.base}/articles/t1`) ? urls : null;
      },
      "the kept item stored",
      60_000,
    );
    expect(stored.sort()).toEqual([`${server.base}/articles/n1`, `${server.base}/articles/t1`]);
  });

  it("pauses and resumes a feed", async () => {
    await feedRow("/rss.xml").getByRole("button", { name: "Pause" }).click();
    await expect.poll(() => flash().textContent()).toMatch(/^Paused: /);
    expect(await feedRow("/rss.xml").locator(".state").textContent()).toBe("Paused");
    expect(await feedRow("/rss.xml").locator(".why").textContent()).toMatch(new RegExp(`^paused by ${ANALYST} at \\d{4}-`));
    await feedRow("/rss.xml").getByRole("button", { name: "Resume" }).click();
    await expect.poll(() => flash().textContent()).toMatch(/^Resumed: /);
    expect(await feedRow("/rss.xml").getByRole("button", { name: "Pause" }).count()).toBe(1);
  });

  it("imports an OPML file chosen in the page, and removes a feed", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "nc-opml-"));
    const file = path.join(dir, "feedly.opml");
    await fs.writeFile(
      file,
      `<?xml version="1.0"?><opml version="2.0"><head><title>Feedly</title></head><body><outline text="Trade">` +
        `<outline type="rss" text="Screen Weekly" xmlUrl="${server.base}/second.xml"/><outline type="rss" text="Gone" xmlUrl="${server.base}/gone.xml"/>` +
        `<outline type="rss" text="Again" xmlUrl="${server.base}/rss.xml"/></outline></body></opml>`,
    );
    await page.getByLabel("OPML file").setInputFiles(file);
    await page.getByRole("button", { name: "Import OPML" }).click();
    await expect.poll(() => flash().textContent()).toBe("Imported: 2 feed(s) added, 1 already there.");
    expect(await page.locator("table.feeds tbody tr").count()).toBe(3);
    await reloadUntil(async () => (await feedRow("/gone.xml").locator(".state").textContent()) === "Failing (1×)", "the 404 feed's poll");
    expect(await feedRow("/gone.xml").locator(".why").textContent()).toBe("the server answered HTTP 404 Not Found");
    await reloadUntil(async () => (await feedRow("/second.xml").locator(".feed-title").textContent()) === "Screen Weekly", "the second feed's poll");
    await feedRow("/second.xml").getByRole("button", { name: "Remove" }).click();
    await expect.poll(() => flash().textContent()).toMatch(/^Removed: /);
    expect(await page.locator("table.feeds tbody tr").count()).toBe(2);
  });

  it("has no horizontal overflow from 1280 to 1920 px and opens no dialog", async () => {
    for (const width of [1280, 1400, 1600, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${url}/feeds`);
      if (width === 1400) await page.screenshot({ path: path.join(ROOT, "docs", "desk-feeds.png"), fullPage: true });
      const overflow = await page.evaluate(() => {
        const wide = [...document.querySelectorAll<HTMLElement>("main *")].filter(
          (el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible" && el.clientWidth > 0,
        );
        const boxed = [...document.querySelectorAll<HTMLElement>("section, .feeds-forms form")].flatMap((box) => {
          const edge = box.getBoundingClientRect().right + 1;
          return [...box.querySelectorAll<HTMLElement>("*")]
            .filter((el) => el.getBoundingClientRect().right > edge)
            .map((el) => `${el.tagName}.${el.className}`);
        });
        return {
          page: document.documentElement.scrollWidth - window.innerWidth,
          boxes: [...wide.map((el) => `${el.tagName}.${el.className}`), ...boxed].slice(0, 5),
        };
      });
      expect(overflow.page, `at ${width}px`).toBeLessThanOrEqual(0);
      expect(overflow.boxes, `at ${width}px`).toEqual([]);
    }
    expect(desk!.dialogs).toEqual([]);
  });
});
