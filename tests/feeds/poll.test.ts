import { mkdtempSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { createFeedPoller, type FeedPoller } from "../../src/feeds/poll.js";
import { FEED_USER_AGENT, privateAddressOf } from "../../src/feeds/fetch-feed.js";
import { atomFeed, jsonFeed, rssFeed, startFeedServer, type FeedServer } from "../helpers/feed-server.js";

let server: FeedServer;
let home: string;
let inbox: string;
let now = Date.parse("2025-06-10T12:00:00Z");
let poller: FeedPoller;

const NETFLIX: [string, string, string] = ["n1", "Netflix renews The Crown spin-off", "Netflix has renewed the drama."];
const NOBODY: [string, string, string] = ["x1", "Local theatre wins award", "A small theatre in Leeds won a prize."];

function makePoller(overrides: Record<string, unknown> = {}): FeedPoller {
  const config = loadConfig({
    env: { NEWS_COVERAGE_HOME: home },
    overrides: { intake: { allowPrivateHosts: true, fetchTimeoutMs: 1500, maxPageBytes: 200_000 }, feeds: { maxFailures: 3 }, ...overrides },
  });
  return createFeedPoller(config, () => now);
}

async function inboxFiles(): Promise<string[]> {
  return (await fs.readdir(inbox)).filter((n) => !n.startsWith(".")).sort();
}

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  home = path.join(mkdtempSync(path.join(os.tmpdir(), "nc-feeds-")), "home");
  inbox = path.join(home, "inbox");
  await fs.mkdir(inbox, { recursive: true });
  server.routes.clear();
  server.requests.length = 0;
  now = Date.parse("2025-06-10T12:00:00Z");
  poller = makePoller();
});

describe("subscriptions", () => {
  it("adds, lists, updates, removes; one file per feed written whole", async () => {
    const a = await poller.subscriptions.add(`${server.base}/a.xml#frag`, null, now);
    expect(a.created).toBe(true);
    expect(a.state.url).toBe(`${server.base}/a.xml`);
    expect((await poller.subscriptions.add(`${server.base}/a.xml`, 30, now)).created).toBe(false);
    await poller.subscriptions.add(`${server.base}/b.xml`, null, now);
    const list = await poller.subscriptions.list();
    expect(list.map((s) => [s.url, s.every_minutes])).toEqual([
      [`${server.base}/a.xml`, 30],
      [`${server.base}/b.xml`, null],
    ]);
    expect(await poller.subscriptions.remove(`${server.base}/a.xml`)).toBe(true);
    expect(await poller.subscriptions.remove(`${server.base}/a.xml`)).toBe(false);
    expect((await poller.subscriptions.list()).map((s) => s.url)).toEqual([`${server.base}/b.xml`]);
    await expect(poller.subscriptions.add("ftp://x/feed", null, now)).rejects.toThrow(/only http and https/);
    const files = await fs.readdir(path.join(home, "data", "feeds"));
    expect(files.filter((n) => n.endsWith(".tmp") || n.endsWith(".lock"))).toEqual([]);
  });
});

describe("pause and resume by hand", () => {
  it("a feed paused by hand is not polled, not even by poll --all, until resumed; resuming makes it due at once", async () => {
    server.routes.set("/p.xml", { body: rssFeed(server.base, [NETFLIX]) });
    const url = `${server.base}/p.xml`;
    await poller.subscriptions.add(url, null, now);
    const paused = await poller.subscriptions.setPaused(url, { by: "ana", now });
    expect(paused).toMatchObject({ paused: true, paused_by: "paused by ana at 2025-06-10 12:00 UTC" });
    expect(await poller.pollMany({ force: true })).toEqual([{ url, outcome: "paused", error: "paused by ana at 2025-06-10 12:00 UTC" }]);
    expect(server.requests).toEqual([]);
    const resumed = await poller.subscriptions.setPaused(url, null);
    expect(resumed).toMatchObject({ paused: false, paused_by: null, next_poll_at: null, failures: 0 });
    expect((await poller.pollMany({ force: false })).map((r) => [r.outcome, r.stored])).toEqual([["polled", 1]]);
    expect(await poller.subscriptions.setPaused(`${server.base}/none.xml`, null)).toBeNull();
  });
});

describe("polling", () => {
  it("RSS full text: buyer items go into the inbox as article JSON, others are screened; the re-poll is conditional", async () => {
    server.routes.set("/rss.xml", { body: rssFeed(server.base, [NETFLIX, NOBODY]) });
    await poller.subscriptions.add(`${server.base}/rss.xml`, null, now);
    const [first] = await poller.pollMany({ force: false });
    expect(first).toMatchObject({ outcome: "polled", status: 200, newItems: 2, stored: 1, screened: 1 });
    const files = await inboxFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^feed-[0-9a-f]{24}\.json$/);
    const article = JSON.parse(await fs.readFile(path.join(inbox, files[0]!), "utf8")) as Record<string, unknown>;
    expect(article).toMatchObject({ title: NETFLIX[1], url: `${server.base}/articles/n1`, source: "Trade Daily", feed: `${server.base}/rss.xml` });
    expect(article.published_at).toBe("2025-06-10T04:00:00.000Z");
    expect(String(article.content)).toMatch(/^Netflix has renewed the drama\.\n\nThe deal covers/);
    const screened = await poller.screened.list();
    expect(screened.map((s) => [s.title, s.reason])).toEqual([[NOBODY[1], "names no buyer"]]);
    expect(server.requests[0]!.userAgent).toBe(FEED_USER_AGENT);

    // Not due yet: nothing asked. Forced: a conditional request, 304, nothing new.
    expect(await poller.pollMany({ force: false })).toEqual([]);
    const [second] = await poller.pollMany({ force: true });
    expect(second).toMatchObject({ outcome: "polled", status: 304 });
    expect(server.requests.at(-1)!.ifNoneMatch).toMatch(/^"/);
    expect(server.requests.at(-1)!.ifModifiedSince).toBe("Tue, 10 Jun 2025 04:00:00 GMT");
    expect(await inboxFiles()).toEqual(files);
  });

  it("a 304 in a poll round leaves the feed's record alone: its times go into the host's polled file, which every reader sees", async () => {
    server.routes.set("/a.xml", { body: rssFeed(server.base, [NETFLIX]) });
    server.routes.set("/b.xml", { body: rssFeed(server.base, [NOBODY]) });
    const urls = [`${server.base}/a.xml`, `${server.base}/b.xml`];
    for (const url of urls) await poller.subscriptions.add(url, 60, now);
    await poller.pollMany({ force: false });
    const dir = path.join(home, "data", "feeds");
    const records = async () => Promise.all(urls.map((url) => fs.readFile(poller.subscriptions.fileOf(url), "utf8")));
    const before = await records();
    now += 2 * 60 * 60_000;
    expect((await poller.pollMany({ force: false })).map((r) => r.status)).toEqual([304, 304]);
    expect(await records()).toEqual(before);
    const polledFiles = (await fs.readdir(dir)).filter((n) => n.endsWith(".polled.json"));
    expect(polledFiles).toHaveLength(1);
    const listed = await poller.subscriptions.list();
    expect(listed.map((s) => [s.last_poll_at, s.last_status])).toEqual(urls.map(() => [new Date(now).toISOString(), 304]));
    expect(listed.every((s) => Date.parse(s.next_poll_at!) > now)).toBe(true);
    // Another process (its own poller) sees them polled: not due, nothing asked.
    const asked = server.requests.length;
    expect(await makePoller().pollMany({ force: false })).toEqual([]);
    expect(server.requests.length).toBe(asked);
    // A change written whole (a resume) keeps those times and wins over them where it differs.
    await poller.subscriptions.setPaused(urls[0]!, null);
    expect(await poller.subscriptions.read(urls[0]!)).toMatchObject({ last_poll_at: new Date(now).toISOString(), next_poll_at: null });
    // Removed and added again: a new feed, the old times do not come back.
    await poller.subscriptions.remove(urls[1]!);
    await poller.subscriptions.add(urls[1]!, null, now);
    expect(await poller.subscriptions.read(urls[1]!)).toMatchObject({ last_poll_at: null, next_poll_at: null });
  });

  it("a gzip or br body is decompressed (the size cap counts the decompressed bytes)", async () => {
    const body = rssFeed(server.base, [NETFLIX]);
    server.routes.set("/gz.xml", { body: gzipSync(body), headers: { "content-encoding": "gzip" } });
    server.routes.set("/br.xml", { body: brotliCompressSync(body), headers: { "content-encoding": "br" } });
    server.routes.set("/bomb.xml", { body: gzipSync(Buffer.alloc(5_000_000, 32)), headers: { "content-encoding": "gzip" } });
    for (const name of ["gz", "br", "bomb"]) await poller.subscriptions.add(`${server.base}/${name}.xml`, null, now);
    const results = await poller.pollMany({ force: true });
    const of = (name: string) => results.find((r) => r.url.endsWith(`/${name}.xml`))!;
    expect(of("gz")).toMatchObject({ status: 200, newItems: 1, stored: 1 });
    expect(of("br")).toMatchObject({ status: 200, newItems: 1, stored: 1 });
    expect(of("bomb").error).toMatch(/over the 200000-byte limit/);
  });

  it("an item seen once is never handed over again, even with a new title and date; new items are", async () => {
    server.routes.set("/rss.xml", { body: rssFeed(server.base, [NETFLIX]) });
    await poller.subscriptions.add(`${server.base}/rss.xml`, null, now);
    await poller.pollMany({ force: true });
    await fs.rm(inbox, { recursive: true });
    await fs.mkdir(inbox);
    const renamed: [string, string, string] = ["n1", "Netflix renews The Crown spin-off (UPDATED)", "Netflix has renewed the drama again."];
    const fresh: [string, string, string] = ["n2", "Disney sets Marvel slate", "Disney has set its Marvel slate."];
    server.routes.set("/rss.xml", { body: rssFeed(server.base, [renamed, fresh, fresh]) });
    // A new poller: the seen items come from disk, as after a restart.
    const [result] = await makePoller().pollMany({ force: true });
    expect(result).toMatchObject({ newItems: 1, stored: 1 });
    const [only] = await inboxFiles();
    expect(JSON.parse(await fs.readFile(path.join(inbox, only!), "utf8"))).toMatchObject({ title: fresh[1] });
  });

  it("Atom with summaries only becomes link files; JSON Feed becomes articles", async () => {
    server.routes.set("/atom.xml", {
      type: "application/atom+xml",
      body: atomFeed(server.base, [["a1", "Amazon buys a thriller", "Amazon MGM Studios has bought it."]]),
    });
    server.routes.set("/feed.json", {
      type: "application/feed+json",
      body: jsonFeed(server.base, [["j1", "Apple TV+ orders a comedy", "Apple has ordered a comedy."]]),
    });
    await poller.subscriptions.add(`${server.base}/atom.xml`, null, now);
    await poller.subscriptions.add(`${server.base}/feed.json`, null, now);
    const results = await poller.pollMany({ force: false });
    expect(results.map((r) => [r.status, r.stored])).toEqual([
      [200, 1],
      [200, 1],
    ]);
    const files = await inboxFiles();
    const link = files.find((n) => n.endsWith(".txt"))!;
    expect(await fs.readFile(path.join(inbox, link), "utf8")).toBe(`${server.base}/pages/a1\n`);
    const json = files.find((n) => n.endsWith(".json"))!;
    expect(JSON.parse(await fs.readFile(path.join(inbox, json), "utf8"))).toMatchObject({ title: "Apple TV+ orders a comedy", source: "JSON Trade" });
  });

  it("RSS 1.0 (RDF) with summaries only becomes link files; the server's max-age sets the next poll", async () => {
    const rdf =
      `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
      `<channel rdf:about="${server.base}/"><title>RDF Trade</title><link>${server.base}/</link></channel>` +
      `<item rdf:about="${server.base}/r/1"><title>Netflix orders a docuseries</title><link>${server.base}/r/1</link>` +
      `<description>Netflix has ordered a docuseries.</description><dc:date>2025-06-10T04:00:00Z</dc:date></item></rdf:RDF>`;
    server.routes.set("/rdf", { type: "application/rdf+xml", body: rdf, headers: { "cache-control": "max-age=7200" } });
    await poller.subscriptions.add(`${server.base}/rdf`, null, now);
    const [result] = await poller.pollMany({ force: false });
    expect(result).toMatchObject({ status: 200, stored: 1 });
    const [name] = await inboxFiles();
    expect(name).toMatch(/\.txt$/);
    expect(await fs.readFile(path.join(inbox, name!), "utf8")).toBe(`${server.base}/r/1\n`);
    const [state] = await poller.subscriptions.list();
    expect(state).toMatchObject({ title: "RDF Trade", seen: [`guid:${server.base}/r/1`] });
    expect(Date.parse(state!.next_poll_at!) - now).toBeGreaterThanOrEqual(7200_000);
  });

  it("keep: a screened item goes into the inbox marked kept, once", async () => {
    server.routes.set("/rss.xml", { body: rssFeed(server.base, [NOBODY]) });
    await poller.subscriptions.add(`${server.base}/rss.xml`, null, now);
    await poller.pollMany({ force: true });
    const [item] = await poller.screened.list();
    const name = await poller.screened.keep(item!.id, inbox, now);
    expect(JSON.parse(await fs.readFile(path.join(inbox, name), "utf8"))).toMatchObject({ title: NOBODY[1], kept_from_screening: true });
    expect((await poller.screened.list())[0]!.kept).toBe(true);
    await expect(poller.screened.keep("nope", inbox, now)).rejects.toThrow(/no screened item/);
  });

  it("busy: a feed whose lock another process holds is skipped, not polled twice", async () => {
    server.routes.set("/rss.xml", { body: rssFeed(server.base, [NETFLIX]) });
    await poller.subscriptions.add(`${server.base}/rss.xml`, null, now);
    const other = makePoller();
    const inner = await other.subscriptions.locked(`${server.base}/rss.xml`, () => poller.pollOne(`${server.base}/rss.xml`, { force: true }));
    expect(inner.outcome).toBe("busy");
    expect(server.requests).toHaveLength(0);
  });
});

describe("one host at a time across processes", () => {
  it("a host another process is polling is skipped as busy, feed by feed; other hosts are polled", async () => {
    const other = await startFeedServer();
    try {
      server.routes.set("/a.xml", { body: rssFeed(server.base, [NETFLIX]) });
      server.routes.set("/b.xml", { body: rssFeed(server.base, [["n9", "Netflix sets a date", "Netflix set the date."]]) });
      other.routes.set("/c.xml", { body: rssFeed(other.base, [["c1", "Disney sets Marvel slate", "Disney has set its Marvel slate."]]) });
      for (const url of [`${server.base}/a.xml`, `${server.base}/b.xml`, `${other.base}/c.xml`]) await poller.subscriptions.add(url, null, now);
      const rival = makePoller();
      // The rival holds the lock of the first host (as a `feeds poll` beside the daemon would).
      const results = await rival.subscriptions.locked(`${server.base}/x.xml`, () => poller.pollMany({ force: false }));
      expect(results.map((r) => [r.url, r.outcome, r.stored]).sort()).toEqual(
        [
          [`${other.base}/c.xml`, "polled", 1],
          [`${server.base}/a.xml`, "busy", undefined],
          [`${server.base}/b.xml`, "busy", undefined],
        ].sort(),
      );
      expect(server.requests).toHaveLength(0);
      // Free again: both feeds of that host are polled, one after the other, under one lock.
      const later = await poller.pollMany({ force: false });
      expect(later.map((r) => [r.url, r.outcome, r.stored])).toEqual([
        [`${server.base}/a.xml`, "polled", 1],
        [`${server.base}/b.xml`, "polled", 1],
      ]);
      const files = await fs.readdir(path.join(home, "data", "feeds"));
      expect(files.filter((n) => n.endsWith(".lock") || n.endsWith(".tmp"))).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe("bad input: a clear reason on the feed, nothing else stops", () => {
  const cases: Array<[string, () => void, RegExp]> = [
    ["malformed XML", () => server.routes.set("/f", { body: "<rss><channel><item><title>x</titl></item>" }), /not a readable feed/],
    ["an HTML page", () => server.routes.set("/f", { type: "text/html", body: "<!doctype html><html><body>hi</body></html>" }), /HTML page/],
    ["404", () => undefined, /HTTP 404 Not Found/],
    ["500", () => server.routes.set("/f", { status: 500, body: "oops" }), /HTTP 500/],
    ["a huge feed", () => server.routes.set("/f", { body: `<rss>${"x".repeat(300_000)}</rss>` }), /over the 200000-byte limit/],
    ["a response that never ends", () => server.routes.set("/f", { hang: true }), /no complete answer within 1500 ms/],
    ["a redirect loop", () => server.routes.set("/f", { status: 302, headers: { location: "/f" } }), /more than 5 redirects/],
    ["JSON that is no JSON Feed", () => server.routes.set("/f", { type: "application/json", body: '{"hello": "world"}' }), /not a readable feed/],
    ["an empty answer", () => server.routes.set("/f", { body: "" }), /not a readable feed/],
  ];
  for (const [what, setUp, reason] of cases) {
    it(what, async () => {
      setUp();
      server.routes.set("/ok", { body: rssFeed(server.base, [NETFLIX]) });
      await poller.subscriptions.add(`${server.base}/f`, null, now);
      await poller.subscriptions.add(`${server.base}/ok`, null, now);
      const results = await poller.pollMany({ force: false });
      expect(results.find((r) => r.url.endsWith("/ok"))).toMatchObject({ stored: 1 });
      const [bad] = (await poller.subscriptions.list()).filter((s) => s.url.endsWith("/f"));
      expect(bad!.error).toMatch(reason);
      expect(bad!.failures).toBe(1);
    });
  }

  it("an item's link to a private address is told apart (summary-only items would have their page fetched)", async () => {
    expect(await privateAddressOf("http://10.0.0.5/story")).toBe("10.0.0.5");
    expect(await privateAddressOf("http://[::1]:8080/story")).toBe("::1");
    expect(await privateAddressOf("http://localhost/story")).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(await privateAddressOf("http://169.254.169.254/latest/meta-data")).toBe("169.254.169.254");
    expect(await privateAddressOf("https://93.184.216.34/story")).toBeNull();
    expect(await privateAddressOf("not a url")).toBeNull();
  });

  it("private addresses are refused without intake.allowPrivateHosts", async () => {
    const strict = makePoller({ intake: { allowPrivateHosts: false } });
    await strict.subscriptions.add(`${server.base}/f`, null, now);
    await strict.pollMany({ force: true });
    expect((await strict.subscriptions.list())[0]!.error).toMatch(/loopback, private or link-local/);
    expect(server.requests).toHaveLength(0);
  });

  it("items without a link are skipped; CDATA and entities in titles are decoded; a future date is dropped", async () => {
    const body =
      `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title><![CDATA[Trade &amp; Co]]></title>` +
      `<item><title>No link for Netflix</title><guid isPermaLink="false">nolink</guid><description>Netflix</description></item>` +
      `<item><title><![CDATA[Netflix &amp; HBO <b>team</b> up]]></title><link>${server.base}/a/1</link><pubDate>Tue, 10 Jun 2099 04:00:00 GMT</pubDate>` +
      `<content:encoded><![CDATA[<p>Netflix &amp; HBO &#8220;team&#8221; up.</p><p>${"More text here. ".repeat(20)}</p>]]></content:encoded></item></channel></rss>`;
    server.routes.set("/f", { body });
    await poller.subscriptions.add(`${server.base}/f`, null, now);
    const [result] = await poller.pollMany({ force: true });
    expect(result).toMatchObject({ stored: 1, skipped: 1, note: "last poll skipped 1 item(s): 1 without a link" });
    expect((await poller.subscriptions.list())[0]!.note).toBe("last poll skipped 1 item(s): 1 without a link");
    const [name] = await inboxFiles();
    const article = JSON.parse(await fs.readFile(path.join(inbox, name!), "utf8")) as Record<string, unknown>;
    expect(article.title).toBe("Netflix & HBO team up");
    expect(String(article.content)).toMatch(/^Netflix & HBO “team” up\./);
    expect(article.published_at).toBeUndefined();
  });

  it("backs off after a failure and pauses after feeds.maxFailures in a row; Retry-After is honoured", async () => {
    server.routes.set("/f", { status: 429, body: "slow down", headers: { "retry-after": "7200" } });
    await poller.subscriptions.add(`${server.base}/f`, null, now);
    await poller.pollMany({ force: false });
    let [state] = await poller.subscriptions.list();
    expect(state).toMatchObject({ failures: 1, paused: false, last_status: 429 });
    expect(Date.parse(state!.next_poll_at!) - now).toBeGreaterThanOrEqual(7200_000);
    await poller.pollMany({ force: true });
    await poller.pollMany({ force: true });
    [state] = await poller.subscriptions.list();
    expect(state).toMatchObject({ failures: 3, paused: true });
    now += 10 * 24 * 3600_000;
    expect(await poller.pollMany({ force: false })).toEqual([]);
    // Adding it again resumes it.
    await poller.subscriptions.add(`${server.base}/f`, null, now);
    expect((await poller.subscriptions.list())[0]).toMatchObject({ paused: false, failures: 0 });
  });
});
