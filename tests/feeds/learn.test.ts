// Screening learns from the analyst: an item kept from screening lets similar items through next
// time; a record excluded in the desk screens similar items out. Pure parts, then the real poller
// against a local feed server.
import { mkdtempSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { excludedExamples } from "../../src/feeds/examples.js";
import { buyerWords, learnedVerdict, wordsOf as words, type Example } from "../../src/feeds/learn.js";
import { createFeedPoller } from "../../src/feeds/poll.js";
import { rssFeed, startFeedServer, type FeedServer } from "../helpers/feed-server.js";

const THEATRE = [
  "t1",
  "Leeds Playhouse theatre wins regional award for its winter season",
  "The Leeds Playhouse theatre won a regional award for its winter season of new plays.",
] as [string, string, string];
const THEATRE_AGAIN = [
  "t2",
  "Leeds Playhouse theatre opens its spring season of new plays",
  "The Leeds Playhouse theatre opened its spring season with three new plays.",
] as [string, string, string];
const IGNORE = buyerWords(loadConfig({ env: { NEWS_COVERAGE_HOME: "/nonexistent-home" } }).buyers);
const wordsOf = (title: string, text: string) => words(title, text, IGNORE);
const IPHONE = "Apple unveils iPhone 17 with a faster chip and a brighter display";
const IPHONE_LEAD = "Apple showed the iPhone 17 at its September event in Cupertino, with a faster chip and a brighter display.";

describe("learnedVerdict (pure)", () => {
  const kept: Example = { label: "keep", title: THEATRE[1], words: wordsOf(THEATRE[1], THEATRE[2]) };
  const excluded: Example = { label: "exclude", title: IPHONE, words: wordsOf(IPHONE, IPHONE_LEAD) };

  it("a screened item like a kept one passes; one like nothing stays screened", () => {
    const words = wordsOf(THEATRE_AGAIN[1], THEATRE_AGAIN[2]);
    expect(learnedVerdict("names no buyer", words, [])).toEqual({ reason: "names no buyer", because: null });
    expect(learnedVerdict("names no buyer", words, [kept, excluded])).toEqual({ reason: null, because: `like ${JSON.stringify(THEATRE[1])}, which you kept` });
    const unrelated = wordsOf("Premier League: Arsenal beat Chelsea", "Arsenal beat Chelsea two-nil at home to go top of the table.");
    expect(learnedVerdict("names no buyer", unrelated, [kept, excluded]).reason).toBe("names no buyer");
  });

  it("a buyer item like an excluded record is screened, saying which; a buyer item like nothing passes", () => {
    const words = wordsOf("Apple unveils iPhone 18 with a faster chip", "Apple showed the iPhone 18 at its event in Cupertino.");
    expect(learnedVerdict(null, words, [kept, excluded]).reason).toBe(`like ${JSON.stringify(IPHONE)}, which you excluded`);
    const greenlight = wordsOf("Apple orders a sci-fi drama series", "Apple TV+ has ordered a sci-fi drama series from a veteran showrunner.");
    expect(learnedVerdict(null, greenlight, [kept, excluded]).reason).toBeNull();
  });

  it("takes the desk's exclusions and deletions from corrections.jsonl, not those taken back", () => {
    const line = (id: string, changes: Record<string, unknown>, title = IPHONE) =>
      JSON.stringify({
        at: "2025-06-10T12:00:00Z",
        id: id.repeat(64),
        url: "u",
        source: "s",
        origin: "desk",
        accepted: false,
        text: { title, lead: IPHONE_LEAD },
        changes,
      });
    const text = [
      line("a", { excluded: { from: false, to: true } }),
      line("b", { deleted: { from: false, to: true } }, "Amazon warehouse workers strike"),
      line("c", { excluded: { from: false, to: true } }, "taken back"),
      line("c", { excluded: { from: true, to: false } }, "taken back"),
      line("d", { category: { from: "x", to: "y" } }, "a category change"),
      "{torn",
    ].join("\n");
    expect(excludedExamples(text).map((e) => [e.label, e.title])).toEqual([
      ["exclude", IPHONE],
      ["exclude", "Amazon warehouse workers strike"],
    ]);
  });
});

describe("the poller learns from the analyst", () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("keeping a screened item lets a similar item through on the next poll; an excluded record screens a similar one", async () => {
    const home = path.join(mkdtempSync(path.join(os.tmpdir(), "nc-learn-")), "home");
    const inbox = path.join(home, "inbox");
    await fs.mkdir(inbox, { recursive: true });
    const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home }, overrides: { intake: { allowPrivateHosts: true } } });
    const poller = createFeedPoller(config);
    const url = `${server.base}/learn.xml`;
    server.routes.set("/learn.xml", { body: rssFeed(server.base, [THEATRE]) });
    await poller.subscriptions.add(url, null, Date.now());
    expect((await poller.pollMany({ force: true }))[0]).toMatchObject({ stored: 0, screened: 1 });
    const [screened] = await poller.screened.list();
    await poller.screened.keep(screened!.id, inbox, Date.now());

    // The analyst excluded an iPhone story in the desk (its corrections.jsonl line).
    const correction = { at: new Date().toISOString(), id: "e".repeat(64), url: "https://x/1", source: "s", origin: "desk", accepted: false };
    await fs.writeFile(
      path.join(home, "data", "corrections.jsonl"),
      `${JSON.stringify({ ...correction, text: { title: IPHONE, lead: IPHONE_LEAD }, changes: { excluded: { from: false, to: true } } })}\n`,
    );
    const iphone: [string, string, string] = ["i2", "Apple unveils iPhone 18 with a faster chip", "Apple showed the iPhone 18 at its event in Cupertino."];
    server.routes.set("/learn.xml", { body: rssFeed(server.base, [THEATRE, THEATRE_AGAIN, iphone]) });
    expect((await poller.pollMany({ force: true }))[0]).toMatchObject({ newItems: 2, stored: 1, screened: 1 });
    const articles = await Promise.all(
      (await fs.readdir(inbox))
        .filter((n) => n.endsWith(".json"))
        .map(async (n) => JSON.parse(await fs.readFile(path.join(inbox, n), "utf8")) as { title: string }),
    );
    expect(articles.map((a) => a.title).sort()).toEqual([THEATRE_AGAIN[1], THEATRE[1]].sort());
    const now = (await poller.screened.list()).filter((s) => !s.kept);
    expect(now.map((s) => [s.title, s.reason])).toEqual([[iphone[1], `like ${JSON.stringify(IPHONE)}, which you excluded`]]);
  });
});
