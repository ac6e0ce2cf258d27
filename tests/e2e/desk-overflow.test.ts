import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDesk, findOverflow, openDesk, storedHome, type OpenDesk } from "../helpers/desk-browser.js";
import { ROOT } from "../helpers/daemon.js";

/**
 * No overflow from 1280 to 1920 px, checked in Debian's chromium against the real daemon: on the
 * quarter view, the queue, a record's history, search results and an article's page, all with long
 * unbroken words and names (titles, sources, a buyer's display name, lines, the article text),
 * `findOverflow` lists every element that sticks out past its container or the window, or whose
 * content is wider than its box. The first test shows that the check finds an injected wide element.
 */

const LONG_WORD = "Supercalifragilisticexpialidociousnessofthelongestunbrokenwordinanytradepressheadlineever";
const LONG_BUYER = "Warner Bros. Discovery International Networks & Streaming Holdings Worldwide (EMEA, APAC and LatAm)";
const ANALYST = "Morgan Lee";
const PASSWORD = "a long enough password";
const WIDTHS = [1280, 1440, 1920];

const defaults = JSON.parse(readFileSync(path.join(ROOT, "config", "default.json"), "utf8")) as { buyers: unknown[] };

async function writeArticles(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const corpus = readFileSync(path.join(ROOT, "..", "shared", "corpus", "articles-train.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; text: string })
    .slice(0, 6);
  for (const [i, row] of corpus.entries()) {
    await fs.writeFile(
      path.join(dir, `long-${i}.json`),
      JSON.stringify({
        title: `${LONG_WORD}${i} ${row.text.split(/(?<=[.!?])\s/)[0]!.slice(0, 80)}`,
        source: `TheInternationalTradePressSyndicateOfTelevisionAndFilmNewsletters${i}`,
        url: `https://deadline.com/2025/11/${"a-very-long-slug-".repeat(8)}${row.id}/?${"x".repeat(120)}=1`,
        published_at: `2025-11-${String(i + 3).padStart(2, "0")}`,
        company: i % 2 === 0 ? LONG_BUYER : undefined,
        content: `${row.text}\n\n${LONG_WORD}${LONG_WORD} https://example.com/${"unbroken".repeat(30)} and the zyzzyvas.`,
      }),
    );
  }
}

let desk: OpenDesk | undefined;
let page: Page;
let url: string;

beforeAll(async () => {
  const buyers = [...defaults.buyers, { name: "WBD International", display: LONG_BUYER, aliases: ["warner bros discovery international holdings"] }];
  const home = await storedHome({ buyers }, writeArticles, 6, { name: ANALYST, password: PASSWORD });
  desk = await openDesk(home);
  ({ page, url } = desk);
  await page.goto(`${url}/`);
  await page.getByLabel("Name").fill(ANALYST);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/");
}, 240_000);

afterAll(() => closeDesk(desk));

/** The views to check, each reached as an analyst would. */
async function views(): Promise<Array<{ name: string; open: () => Promise<void> }>> {
  await page.goto(`${url}/?quarter=2025%20Q4&buyer=${encodeURIComponent(LONG_BUYER)}`);
  const record = (await page.locator("#report li.entry").first().getAttribute("data-record"))!;
  return [
    { name: "quarter view (the long buyer)", open: async () => void (await page.goto(`${url}/?quarter=2025%20Q4&buyer=${encodeURIComponent(LONG_BUYER)}`)) },
    { name: "review queue", open: async () => void (await page.goto(`${url}/queue`)) },
    {
      name: "history",
      open: async () => {
        await page.goto(`${url}/record/${record}`);
        await page.getByRole("button", { name: "History" }).click();
        await page.locator("#history").waitFor({ state: "visible" });
      },
    },
    { name: "search results", open: async () => void (await page.goto(`${url}/quarter?q=zyzzyvas`)) },
    {
      name: "article page (full text open)",
      open: async () => {
        await page.goto(`${url}/record/${record}`);
        await page.locator("details.full-text summary").click();
        await page.locator(".article-body").waitFor({ state: "visible" });
      },
    },
  ];
}

describe("no overflow from 1280 to 1920 px (long unbroken words and names)", () => {
  it("the check finds an element that sticks out (a wide element injected into the report)", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${url}/?quarter=2025%20Q4&buyer=${encodeURIComponent(LONG_BUYER)}`);
    await page.evaluate(() => {
      const wide = document.createElement("div");
      wide.id = "injected-wide";
      wide.textContent = "x ".repeat(400);
      wide.style.whiteSpace = "nowrap";
      document.querySelector(".report")!.append(wide);
    });
    const found = await findOverflow(page);
    expect(found.some((f) => f.includes("div#injected-wide") && f.includes("content") && f.includes("wide in a"))).toBe(true);
    await page.evaluate(() => {
      const box = document.getElementById("injected-wide")!;
      box.textContent = "";
      box.className = "boxed";
      const block = Object.assign(document.createElement("span"), { id: "injected-block", textContent: "y" });
      // Through the CSSOM: the desk's CSP refuses inline style attributes.
      block.style.display = "block";
      block.style.width = "3000px";
      box.append(block);
    });
    const again = await findOverflow(page);
    expect(again.some((f) => f.includes("span#injected-block") && f.includes("past its container's"))).toBe(true);
    expect(again.some((f) => f.includes("span#injected-block") && f.includes("past the window's"))).toBe(true);
    expect(again.some((f) => f.startsWith("the page scrolls sideways"))).toBe(true);
  });

  it("finds nothing on the quarter view, queue, history, search results and article page at 1280, 1440 and 1920 px", async () => {
    const list = await views();
    const problems: string[] = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const view of list) {
        await view.open();
        for (const finding of await findOverflow(page)) problems.push(`${view.name} at ${width} px: ${finding}`);
      }
    }
    expect(problems).toEqual([]);
    expect(desk!.dialogs).toEqual([]);
  });
});
