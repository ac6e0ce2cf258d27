// The desk's Feeds page through the real app (fastify inject): forms change the subscriptions the
// way `news-coverage feeds` does, every one needs the CSRF field, and feed titles, item texts and
// addresses are escaped.
import { promises as fs } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFeedPoller, type FeedPoller } from "../../src/feeds/poll.js";
import { resolvePaths, type Paths } from "../../src/store/layout.js";
import type { Config } from "../../src/config/schema.js";
import { tempConfig } from "../report/helpers.js";
import { openDeskApp } from "../helpers/desk-app.js";

const TOKEN = "e".repeat(64);
const XSS = "<img src=x onerror=alert(1)>";

let config: Config;
let paths: Paths;
let app: FastifyInstance;
let cookie: string;
let csrf: string;
let feeds: FeedPoller;

beforeEach(async () => {
  config = tempConfig({ server: { port: 0 } });
  paths = resolvePaths(config);
  ({ app, cookie, csrf } = await openDeskApp(config, paths, TOKEN));
  feeds = createFeedPoller(config);
});
afterEach(async () => {
  await app.close();
});

const page = () => app.inject({ method: "GET", url: "/feeds", headers: { cookie, accept: "text/html" } });
const send = (action: string, fields: Record<string, string>, withCsrf = true) =>
  app.inject({
    method: "POST",
    url: `/feeds/${action}`,
    payload: new URLSearchParams({ ...(withCsrf ? { _csrf: csrf } : {}), ...fields }).toString(),
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
  });
const flash = (html: string) => /<p class="flash[^"]*" role="status">([^<]*)<\/p>/.exec(html)?.[1] ?? null;

describe("the desk's Feeds page", () => {
  it("adds, pauses, resumes and removes through the subscriptions, answering each form with the page and what it did", async () => {
    const url = "https://feeds.example.com/variety.xml";
    const added = await send("add", { url, every: "30" });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe("/feeds");
    expect(await feeds.subscriptions.read(url)).toMatchObject({ url, every_minutes: 30, paused: false });
    let html = (await page()).body;
    expect(flash(html)).toMatch(/^Added: https:\/\/feeds\.example\.com\/variety\.xml/);
    expect(html).toContain('<a href="/feeds" aria-current="page">Feeds</a>');
    expect(html).toMatch(/<tr class="" data-url="https:\/\/feeds.example.com\/variety.xml">.*due now/s);
    // The flash is shown once.
    expect(flash((await page()).body)).toBeNull();

    await send("pause", { url });
    expect(await feeds.subscriptions.read(url)).toMatchObject({ paused: true, paused_by: expect.stringMatching(/^paused by .+ at /) });
    html = (await page()).body;
    expect(html).toMatch(/<tr class="paused".*>Paused<\/span><span class="why">paused by /s);
    expect(html).toContain(">Resume</button>");
    await send("resume", { url });
    expect(await feeds.subscriptions.read(url)).toMatchObject({ paused: false, next_poll_at: null });

    await send("remove", { url });
    expect(await feeds.subscriptions.read(url)).toBeNull();
    expect(flash((await page()).body)).toMatch(/^Removed: /);
    await send("remove", { url });
    expect(flash((await page()).body)).toMatch(/^no feed https/);
    await send("add", { url: "ftp://example.com/feed" });
    expect(flash((await page()).body)).toMatch(/only http and https/);
  });

  it("refuses a form without the CSRF field and changes nothing", async () => {
    const res = await send("add", { url: "https://feeds.example.com/a.xml" }, false);
    expect(res.statusCode).toBe(403);
    expect(await feeds.subscriptions.list()).toEqual([]);
  });

  it("imports pasted OPML", async () => {
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body><outline text="Trade"><outline type="rss" text="A" xmlUrl="https://a.example.com/feed"/><outline type="rss" text="B" xmlUrl="https://b.example.com/rss"/></outline></body></opml>`;
    await send("import", { opml });
    expect((await feeds.subscriptions.list()).map((s) => s.url).sort()).toEqual(["https://a.example.com/feed", "https://b.example.com/rss"]);
    expect(flash((await page()).body)).toBe("Imported: 2 feed(s) added, 0 already there.");
    await send("import", { opml: "not xml at all <" });
    expect(flash((await page()).body)).toMatch(/not an OPML file|no feed/i);
  });

  it("escapes feed titles, errors, item titles and addresses; Keep stores a screened item through the inbox", async () => {
    const url = "https://feeds.example.com/x.xml";
    const { state } = await feeds.subscriptions.add(url, null, Date.now());
    await feeds.subscriptions.write({ ...state, title: XSS, error: `bad ${XSS}`, failures: 1, last_status: 500 });
    await feeds.screened.append([
      {
        id: "item-1",
        feed: url,
        key: "guid:1",
        title: `Theatre ${XSS}`,
        url: "javascript:alert(1)",
        published: null,
        text: "",
        summary: "",
        source: XSS,
        reason: "names no buyer",
        at: new Date().toISOString(),
      },
      {
        id: "item-2",
        feed: url,
        key: "guid:2",
        title: "A festival jury",
        url: "https://news.example.com/jury",
        published: "2025-06-09T10:00:00Z",
        text: "",
        summary: "",
        source: null,
        reason: "names no buyer",
        at: new Date().toISOString(),
      },
    ]);
    const html = (await page()).body;
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain('<a href="#" target="_blank" rel="noopener noreferrer">Theatre &lt;img');
    expect(html).toMatch(/Failing \(1×\)/);
    expect(html).toMatch(/Screened out <span class="count">2<\/span>/);

    const kept = await send("keep", { id: "item-2" });
    expect(kept.headers.location).toBe("/feeds#screened");
    const inbox = (await fs.readdir(paths.inbox)).filter((n) => n.startsWith("feed-"));
    expect(inbox).toHaveLength(1);
    expect(await fs.readFile(`${paths.inbox}/${inbox[0]}`, "utf8")).toBe("https://news.example.com/jury\n");
    const after = (await page()).body;
    expect(flash(after)).toMatch(/^Kept: it is in the inbox/);
    expect(after).toMatch(/Screened out <span class="count">1<\/span>/);
    expect(after).not.toContain("A festival jury");
    await send("keep", { id: "nope" });
    expect(flash((await page()).body)).toMatch(/no screened item/);
  });
});
