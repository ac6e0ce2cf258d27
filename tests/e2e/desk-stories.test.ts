import { spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDesk, openDesk, type OpenDesk } from "../helpers/desk-browser.js";
import { CLI, cliEnv, makeHome } from "../helpers/daemon.js";
import { articleId } from "../../src/pipeline/url.js";

/**
 * Issue 20's "the analyst decides", in Debian's chromium against the real daemon, controls found
 * by role and name: a story lists its sources; "Not the same story" splits a member out and
 * "Same story as…" joins a record to another story; the quarter view's counts follow at once,
 * and each decision is a line in data/corrections.jsonl.
 */

const ARTICLES = {
  renewal: {
    title: "‘The Residence’ Renewed for Season 2 at Netflix",
    source: "Variety",
    url: "https://variety.com/2025/tv/news/the-residence-renewed-season-2-netflix-1236311111/",
    published_at: "2025-03-04",
    content:
      "Netflix has renewed “The Residence” for a second season, a month after the Shondaland murder mystery set in the White House debuted at No. 1 on the streamer’s top 10 chart. Uzo Aduba returns as detective Cordelia Cupp. The series drew 13 million views in its first two weeks on Netflix.",
  },
  again: {
    title: "Netflix Orders Second Season Of Shondaland Mystery ‘The Residence’",
    source: "Deadline",
    url: "https://deadline.com/2025/03/the-residence-season-2-netflix-1236322222/",
    published_at: "2025-03-04",
    content:
      "EXCLUSIVE: Uzo Aduba’s Cordelia Cupp will be back. Netflix has given a Season 2 renewal to The Residence, the White House whodunit from Paul William Davies and Shondaland, which drew 13 million views in its first two weeks on the streamer.",
  },
  premiere: {
    title: "‘The Residence’ Sets March Premiere Date On Netflix, Releases First Photos",
    source: "The Hollywood Reporter",
    url: "https://www.hollywoodreporter.com/tv/tv-news/the-residence-premiere-date-netflix-1236333333/",
    published_at: "2025-03-05",
    content:
      "Netflix has set a March 20 premiere date for The Residence, the Shondaland murder mystery starring Uzo Aduba, and released the first photos from the eight-episode season of the Netflix series.",
  },
};
const id = (name: keyof typeof ARTICLES) => articleId(ARTICLES[name].url);

let home: string;
let url: string;
let token: string;
let page: Page;
let desk: OpenDesk | undefined;

async function record(name: keyof typeof ARTICLES): Promise<{ story_id?: string; story_reason?: { analyst?: string } }> {
  const res = await fetch(`${url}/api/desk/records/${id(name)}`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { record: { story_id?: string } }).record;
}

const subtitle = async () => {
  await page.goto(`${url}/quarter?quarter=2025%20Q1&buyer=Netflix`);
  return page.locator("#report .subtitle").textContent();
};

beforeAll(async () => {
  ({ home } = await makeHome({ server: { port: 0 }, pool: { workers: 1 } }));
  const articles = path.join(home, "..", "articles");
  await fs.mkdir(articles, { recursive: true });
  // One at a time: the second renewal report is decided against the stored first.
  for (const name of ["renewal", "again", "premiere"] as const) {
    const file = path.join(articles, `${name}.json`);
    await fs.writeFile(file, JSON.stringify(ARTICLES[name]));
    const processed = spawnSync(process.execPath, [CLI, "process", file], { env: cliEnv(home), encoding: "utf8" });
    expect(processed.stderr).toMatch(/1 stored/);
  }
  desk = await openDesk(home);
  ({ url, token, page } = desk);
  await page.goto(`${url}/quarter`);
  await page.getByText("Sign in with the API token instead").click();
  await page.fill("#token", token);
  await page.click('#token-form button[type="submit"]');
  await page.waitForURL((u) => u.pathname === "/" || u.pathname === "/quarter");
}, 240_000);

afterAll(() => closeDesk(desk));

const status = () => page.getByRole("status").first();

describe("the analyst decides what is one story (issue 20)", () => {
  it("a story lists its sources, each linked to its record", async () => {
    expect(await subtitle()).toContain("2 stories (3 articles)");
    expect((await record("again")).story_id).toBe(id("renewal"));
    await page.goto(`${url}/record/${id("again")}`);
    const panel = page.getByRole("region", { name: "Story" });
    await expect.poll(() => panel.getByRole("heading").textContent()).toBe("Story: 2 reports");
    expect(await panel.getByRole("link", { name: "Variety" }).getAttribute("href")).toBe(`/record/${id("renewal")}`);
    expect(await panel.textContent()).toContain("Deadline (this record)");
  });

  it("'Not the same story' splits the record out: it starts its own story, and the quarter view counts it", async () => {
    await page.getByRole("button", { name: "Not the same story" }).click();
    await expect.poll(() => status().textContent()).toMatch(/its own story now/);
    expect(await record("again")).toMatchObject({ story_id: id("again"), story_reason: { analyst: "split" } });
    await expect.poll(() => page.getByRole("button", { name: "Not the same story" }).count()).toBe(0);
    expect(await subtitle()).toContain("3 stories");
  });

  it("'Same story as…' joins a record to a nearby story of its buyer chosen from a list", async () => {
    await page.goto(`${url}/record/${id("premiere")}`);
    const chooser = page.getByRole("combobox", { name: "Story to join" });
    await chooser.selectOption(id("renewal"));
    await page.getByRole("button", { name: "Same story as…" }).click();
    await expect.poll(() => status().textContent()).toMatch(/part of the chosen story now/);
    expect(await record("premiere")).toMatchObject({ story_id: id("renewal"), story_reason: { analyst: "joined" } });
    await expect.poll(() => page.getByRole("region", { name: "Story" }).getByRole("heading").textContent()).toBe("Story: 2 reports");
    expect(await subtitle()).toContain("2 stories (3 articles)");
    const lines = (await fs.readFile(path.join(home, "data", "corrections.jsonl"), "utf8")).split("\n").filter(Boolean);
    expect(lines.map((l) => (JSON.parse(l) as { changes: { story_id?: unknown } }).changes.story_id)).toEqual([
      { from: id("renewal"), to: id("again") },
      { from: id("premiere"), to: id("renewal") },
    ]);
  });
});
