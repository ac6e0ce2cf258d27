// Feed subscriptions beside the real daemon: the CLI adds and polls feeds served on 127.0.0.1:0,
// the daemon stores what the poll put into the inbox.
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { atomFeed, articlePage, jsonFeed, rssFeed, startFeedServer, type FeedServer } from "../helpers/feed-server.js";
import { CLI, cliEnv, finishedInputs, killRunning, makeHome, startDaemon, stopDaemon, storedRecords, waitFor, type RunningDaemon } from "../helpers/daemon.js";

type Item = [string, string, string];
const RSS: Item[] = [
  ["r1", "Netflix renews The Crown spin-off", "Netflix has renewed the drama for a second season."],
  ["r2", "Sony Pictures Television sells a comedy", "Sony Pictures Television sold the comedy to a cable network."],
  ["r3", "Local theatre wins award", "A small theatre in Leeds won a prize for its winter season."],
];
const ATOM: Item[] = [
  ["a1", "Apple orders a sci-fi series", "Apple has ordered a sci-fi series from a veteran showrunner."],
  ["a2", "Film festival announces its jury", "The festival in Leeds named its jury for the coming edition."],
];
const JSON_ITEMS: Item[] = [["j1", "Amazon MGM Studios greenlights a thriller", "Amazon MGM Studios greenlit the thriller on Monday."]];

let server: FeedServer;
const running: RunningDaemon[] = [];

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await killRunning(running);
});

/** Runs the built CLI without blocking this process (the feed server answers from here). */
async function cli(home: string, ...args: string[]): Promise<string> {
  const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv(home), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  expect(stderr, `${args.join(" ")}`).toBe("");
  expect(code).toBe(0);
  return stdout;
}

async function storedUrls(home: string): Promise<string[]> {
  return (await storedRecords(home)).map((r) => (r as unknown as { url: string }).url).sort();
}

async function inboxEmpty(home: string): Promise<boolean> {
  return (await fs.readdir(path.join(home, "inbox"))).filter((n) => !n.startsWith(".") && n.startsWith("feed-")).length === 0;
}

describe("feeds beside a running daemon", () => {
  it("stores each buyer item once, screens the rest, reports broken feeds, polls conditionally, and survives a restart", async () => {
    const base = server.base;
    server.routes.set("/rss.xml", { body: rssFeed(base, RSS) });
    server.routes.set("/atom.xml", { type: "application/atom+xml", body: atomFeed(base, ATOM) });
    for (const [id, title, lead] of ATOM) server.routes.set(`/pages/${id}`, { type: "text/html; charset=utf-8", body: articlePage(base, id, title, lead) });
    server.routes.set("/feed.json", { type: "application/feed+json", body: jsonFeed(base, JSON_ITEMS) });
    server.routes.set("/broken.xml", { body: "<rss><channel><item><title>Netflix</titl></item>" });
    // Polls come from the CLI only (the daemon's own schedule is covered in tests/feeds/schedule.test.ts).
    const { home } = await makeHome({ intake: { allowPrivateHosts: true }, feeds: { checkEveryMs: 3_600_000 } });
    let daemon = await startDaemon(home);
    running.push(daemon);

    for (const name of ["rss.xml", "atom.xml", "feed.json", "broken.xml", "gone.xml"])
      expect(await cli(home, "feeds", "add", `${base}/${name}`)).toMatch(/^added: /);
    const first = await cli(home, "feeds", "poll", "--all");
    expect(first).toMatch(/5 feed\(s\) polled, 2 failed/);

    const expected = [`${base}/articles/r1`, `${base}/articles/r2`, `${base}/json/j1`, `${base}/pages/a1`];
    await waitFor(async () => ((await storedUrls(home)).length >= expected.length && (await inboxEmpty(home)) ? true : false), "the buyer items stored");
    expect(await storedUrls(home)).toEqual(expected);

    const screened = JSON.parse(await cli(home, "feeds", "screened", "--json")) as Array<{ url: string; reason: string }>;
    expect(screened.map((s) => s.url).sort()).toEqual([`${base}/articles/r3`, `${base}/pages/a2`]);
    expect(screened.every((s) => s.reason === "names no buyer")).toBe(true);

    const list = JSON.parse(await cli(home, "feeds", "list", "--json")) as Array<{ url: string; error: string | null; last_status: number | null }>;
    const byName = (name: string) => list.find((f) => f.url === `${base}/${name}`)!;
    expect(byName("broken.xml").error).toMatch(/not a readable feed/);
    expect(byName("gone.xml")).toMatchObject({ last_status: 404, error: expect.stringMatching(/HTTP 404/) as string });
    expect(byName("rss.xml")).toMatchObject({ error: null, last_status: 200 });

    // The second poll is conditional: every good feed answers 304 and nothing is stored.
    server.requests.length = 0;
    expect(await cli(home, "feeds", "poll", "--all")).toMatch(/rss\.xml: not modified \(304\)/);
    const conditional = server.requests.filter((r) => ["/rss.xml", "/atom.xml", "/feed.json"].includes(r.path));
    expect(conditional).toHaveLength(3);
    expect(conditional.every((r) => r.ifNoneMatch && r.ifModifiedSince && /^news-coverage\//.test(r.userAgent ?? ""))).toBe(true);
    expect(await inboxEmpty(home)).toBe(true);

    // Two new items: both stored on the next poll.
    const more: Item[] = [
      ["r4", "Netflix buys a Korean thriller", "Netflix bought the Korean thriller after a bidding war."],
      ["r5", "Sony Pictures Television renews a drama", "Sony Pictures Television renewed the drama for a third season."],
    ];
    server.routes.set("/rss.xml", { body: rssFeed(base, [...more, ...RSS]) });
    expect(await cli(home, "feeds", "poll", "--all")).toMatch(/rss\.xml: 2 new, 2 to the inbox, 0 screened out/);
    await waitFor(async () => ((await storedUrls(home)).length >= 6 && (await inboxEmpty(home)) ? true : false), "the two new items stored");

    // A restart, and the feed republishes everything with new titles and dates: nothing new.
    expect((await stopDaemon(daemon)).code).toBe(0);
    daemon = await startDaemon(home);
    running.push(daemon);
    const renamed = [...more, ...RSS].map(([guid, title, lead]): Item => [guid, `${title} (updated)`, lead]);
    server.routes.set("/rss.xml", { body: rssFeed(base, renamed).replaceAll("Tue, 10 Jun 2025", "Wed, 11 Jun 2025") });
    expect(await cli(home, "feeds", "poll", "--all")).toMatch(/rss\.xml: 0 new, 0 to the inbox/);
    expect(await inboxEmpty(home)).toBe(true);
    const urls = await storedUrls(home);
    expect(urls).toHaveLength(6);
    expect(new Set(urls).size).toBe(6);
    const { failed } = await finishedInputs(home);
    expect(failed).toEqual([]);
    expect((await stopDaemon(daemon)).code).toBe(0);
  });
});
