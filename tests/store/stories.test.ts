import { promises as fs, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { resolvePaths } from "../../src/store/layout.js";
import { Store, type StoreItem } from "../../src/store/store.js";
import { StoryIndex } from "../../src/store/stories.js";
import { withLock } from "../../src/store/locks.js";
import { loadStoryPairs } from "../../scripts/stories-score.js";
import type { StoredRecord } from "../../src/core/record.js";
import { articleId } from "../../src/pipeline/url.js";
import { createBuyerDirectory } from "../../src/pipeline/buyer-directory.js";
import { quarterOf } from "../../src/core/quarter.js";
import { commitToSinks } from "../../src/runtime/session.js";
import { FinalOutputSink } from "../../src/sinks/final-output.js";

const RENEWAL_VARIETY = {
  title: "‘The Residence’ Renewed for Season 2 at Netflix",
  lead: "Netflix has renewed “The Residence” for a second season, a month after the Shondaland murder mystery set in the White House debuted at No. 1 on the streamer’s top 10 chart. Uzo Aduba returns as detective Cordelia Cupp.",
  source: "Variety",
};
const RENEWAL_DEADLINE = {
  title: "Netflix Orders Second Season Of Shondaland Mystery ‘The Residence’",
  lead: "EXCLUSIVE: Uzo Aduba’s Cordelia Cupp will be back. Netflix has given a Season 2 renewal to The Residence, the White House whodunit from Paul William Davies and Shondaland, which drew 13 million views in its first two weeks.",
  source: "Deadline",
};
const PREMIERE_DATE = {
  title: "‘The Residence’ Sets March Premiere Date On Netflix, Releases First Photos",
  lead: "Netflix has set a March 20 premiere date for The Residence, the Shondaland murder mystery starring Uzo Aduba, and released the first photos from the eight-episode season.",
  source: "Deadline",
};

function record(slug: string, text: { title: string; lead: string; source: string }, published_at = "2025-03-04"): StoredRecord {
  const url = `https://${text.source.toLowerCase()}.com/2025/tv/news/${slug}/`;
  return {
    id: articleId(url),
    company: "Netflix",
    quarter: quarterOf(published_at),
    quarter_source: "published_at",
    title: text.title,
    lead: text.lead,
    source: text.source,
    url,
    published_at,
    published_datetime: null,
    buyers: { strong: ["Netflix"], weak: [] },
    category: "Content, Deals & Distribution -> TV -> Renewals",
    confidence: 0.9,
    alternatives: [],
    facts: [
      {
        fact_id: "x-1",
        category: "Content, Deals & Distribution -> TV -> Renewals",
        section: "Content, Deals & Distribution",
        subheading: "TV",
        line: text.title,
        notes: [],
      },
    ],
    markdown: "",
    provider: "offline",
    model: "test",
    usage: null,
    review: [],
    supersedes: false,
    extra: {},
    input_file: `${slug}.json`,
    processed_at: "2025-03-04T00:00:00.000Z",
    schema_version: 1,
  };
}

async function openStore(home: string): Promise<Store> {
  const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home } });
  const store = new Store(resolvePaths(config), createBuyerDirectory(config.buyers), config.locks, config.stories.windowDays);
  await store.open();
  return store;
}

async function storedLines(home: string): Promise<StoredRecord[]> {
  const dir = path.join(home, "data", "ingest", "Netflix");
  const lines: StoredRecord[] = [];
  for (const name of (await fs.readdir(dir)).sort()) {
    if (!name.endsWith(".jsonl")) continue;
    const text = await fs.readFile(path.join(dir, name), "utf8");
    lines.push(
      ...text
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as StoredRecord),
    );
  }
  return lines;
}

const item = (r: StoredRecord): StoreItem => ({ record: r });

describe("story_id, decided at commit", () => {
  it("a record starts its own story; the same event from another outlet joins it, with the reason; another event of the show does not", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "nc-stories-"));
    const store = await openStore(home);
    const first = record("residence-renewed", RENEWAL_VARIETY);
    const second = record("residence-season-2", RENEWAL_DEADLINE);
    const other = record("residence-premiere-date", PREMIERE_DATE, "2025-03-05");
    const [one] = [item(first)];
    await store.commit([one!]);
    expect(one!.record.story_id).toBe(first.id);
    await store.commit([item(second)]);
    await store.commit([item(other)]);
    const [a, b, c] = await storedLines(home);
    expect(a).toMatchObject({ id: first.id, story_id: first.id });
    expect(a!.story_reason).toBeUndefined();
    expect(b).toMatchObject({ id: second.id, story_id: first.id, story_reason: { matched: first.id, shared_titles: ["the residence"], days_apart: 0 } });
    expect(c).toMatchObject({ id: other.id, story_id: other.id });
    // Each line still starts with the id (the dedupe index reads it without parsing).
    const text = await fs.readFile(path.join(home, "data", "ingest", "Netflix", "2025 Q1.jsonl"), "utf8");
    expect(
      text
        .split("\n")
        .filter(Boolean)
        .every((line) => line.startsWith('{"id":"')),
    ).toBe(true);
  });

  it("two stores on one data folder (two daemons, or a daemon and process) agree: the second catches up under the lock", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "nc-stories-"));
    const daemonA = await openStore(home);
    const daemonB = await openStore(home);
    const first = record("residence-renewed", RENEWAL_VARIETY);
    const second = record("residence-season-2", RENEWAL_DEADLINE);
    await daemonB.commit([item(record("unrelated", PREMIERE_DATE, "2025-03-01"))]); // B reads the file before A writes
    await daemonA.commit([item(first)]);
    const joined = item(second);
    await daemonB.commit([joined]);
    expect(joined.record.story_id).toBe(first.id);
  });

  it("in one batch, the second record joins the first's story", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "nc-stories-"));
    const store = await openStore(home);
    const items = [item(record("residence-renewed", RENEWAL_VARIETY)), item(record("residence-season-2", RENEWAL_DEADLINE))];
    await store.commit(items);
    expect(items.map((i) => i.record.story_id)).toEqual([items[0]!.record.id, items[0]!.record.id]);
  });

  it("a record stored before stories is its own story, and a new one joins it by its id", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "nc-stories-"));
    const old = record("residence-renewed", RENEWAL_VARIETY);
    const file = path.join(home, "data", "ingest", "Netflix", "2025 Q1.jsonl");
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, `${JSON.stringify(old)}\nnot a record line\n`);
    const store = await openStore(home);
    const joined = item(record("residence-season-2", RENEWAL_DEADLINE));
    await store.commit([joined]);
    expect(joined.record.story_id).toBe(old.id);
  });

  it("the window spans quarters: a record of April 1 joins a story of March 31 in the buyer's other store file", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "nc-stories-"));
    const store = await openStore(home);
    const first = record("residence-renewed", RENEWAL_VARIETY, "2025-03-31");
    await store.commit([item(first)]);
    const joined = item(record("residence-season-2", RENEWAL_DEADLINE, "2025-04-01"));
    await store.commit([joined]);
    expect(joined.record.story_id).toBe(first.id);
    expect(joined.record.story_reason).toMatchObject({ days_apart: 1 });
  });

  it("the other quarter's file is read under its lock: while another writer holds it, the decision waits for it (refused here, with no retries)", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "nc-stories-"));
    const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home } });
    const writer = await openStore(home);
    const impatient = new Store(resolvePaths(config), createBuyerDirectory(config.buyers), { ...config.locks, retries: 0 }, config.stories.windowDays);
    await impatient.open();
    await writer.commit([item(record("unrelated", PREMIERE_DATE, "2025-03-01"))]);
    const march = path.join(home, "data", "ingest", "Netflix", "2025 Q1.jsonl");
    const second = item(record("residence-season-2", RENEWAL_DEADLINE, "2025-04-01"));
    await withLock(march, async () => {
      await expect(impatient.commit([second])).rejects.toMatchObject({ code: "lock_timeout" });
      // What the other writer appends under the lock is there when the decision is made.
      await fs.appendFile(march, `${JSON.stringify({ ...record("residence-renewed", RENEWAL_VARIETY, "2025-03-31"), story_id: "e".repeat(64) })}\n`);
    });
    await impatient.commit([second]);
    expect(second.record.story_id).toBe("e".repeat(64));
  });

  it("the index is never trusted over the store: a store file replaced behind it is read again from the start, a line that is not a record skipped", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "nc-stories-"));
    const store = await openStore(home);
    const first = record("residence-renewed", RENEWAL_VARIETY);
    await store.commit([item(first)]);
    // A backup restored over the file (shorter than what the index read): another first report, with its own story, and a garbage line.
    const restored = { ...record("residence-renewed-restored", { ...RENEWAL_VARIETY, lead: RENEWAL_VARIETY.lead.slice(0, 120) }), story_id: "e".repeat(64) };
    const file = path.join(home, "data", "ingest", "Netflix", "2025 Q1.jsonl");
    const before = (await fs.stat(file)).size;
    await fs.writeFile(file, `{"id": not json\n${JSON.stringify(restored)}\n`);
    expect((await fs.stat(file)).size).toBeLessThan(before);
    const second = item(record("residence-season-2", RENEWAL_DEADLINE));
    await store.commit([second]);
    expect(second.record.story_id).toBe("e".repeat(64));
    expect(second.record.story_reason?.matched).toBe(restored.id);
  });

  it("outside the window, or for another buyer, a record starts its own story", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "nc-stories-"));
    const store = await openStore(home);
    await store.commit([item(record("residence-renewed", RENEWAL_VARIETY, "2025-03-04"))]);
    const late = item(record("residence-season-2", RENEWAL_DEADLINE, "2025-03-08"));
    const elsewhere = item({ ...record("residence-season-2-sony", RENEWAL_DEADLINE), company: "Sony", buyers: { strong: ["Sony"], weak: [] } });
    await store.commit([late, elsewhere]);
    expect(late.record.story_id).toBe(late.record.id);
    expect(elsewhere.record.story_id).toBe(elsewhere.record.id);
  });

  it("final_output.md: a member's block says which story it joins and why; a story's first block has no Story line", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "nc-stories-"));
    const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home } });
    const paths = resolvePaths(config);
    const store = await openStore(home);
    const finalOutput = new FinalOutputSink({ paths, lockOptions: config.locks, displayName: (name) => name });
    await finalOutput.open();
    const first = record("residence-renewed", RENEWAL_VARIETY);
    const second = record("residence-season-2", RENEWAL_DEADLINE);
    await commitToSinks(store, [finalOutput], [item(first)]);
    await commitToSinks(store, [finalOutput], [item(second)]);
    const blocks = (await fs.readFile(path.join(paths.data, "final_output.md"), "utf8")).split(/\n(?=Matched buyers: )/);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).not.toContain("Story:");
    expect(blocks[1]).toMatch(
      new RegExp(`\nStory: joins ${first.id} \\(similarity 0\\.\\d+; shared titles: the residence; [^)]*0 days apart\\)\n\nURL: ${second.url}\n`),
    );
  });

  it("a story may have started under another strong buyer's folder: a deal of Disney, NBC and Amazon filed under Amazon joins the one filed under Disney", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "nc-stories-"));
    const store = await openStore(home);
    const nba = loadStoryPairs().find((p) => p.kind === "sports-rights")!;
    const strong = ["Disney", "Comcast/NBCU", "Amazon"];
    const first = { ...record("nba-deals", { ...nba.a, lead: nba.a.lead ?? "" }, nba.a.published_at), company: "Disney", buyers: { strong, weak: [] } };
    const second = {
      ...record("nba-official", { ...nba.b, lead: nba.b.lead ?? "" }, nba.b.published_at),
      company: "Amazon",
      buyers: { strong: ["Amazon", "Disney"], weak: [] },
    };
    const unrelated = {
      ...record("nba-official-2", { ...nba.b, lead: nba.b.lead ?? "" }, nba.b.published_at),
      company: "Amazon",
      buyers: { strong: ["Amazon"], weak: [] },
    };
    await store.commit([item(first)]);
    const joined = item(second);
    const alone = item(unrelated);
    await store.commit([joined]);
    await store.commit([alone]);
    expect(joined.record.story_id).toBe(first.id);
    // Without Disney among its strong buyers the Disney folder is not looked at, but the Amazon folder now holds a member.
    expect(alone.record.story_id).toBe(first.id);
    expect(alone.record.story_reason?.matched).toBe(second.id);
  });

  it("a new version of a stored record (reprocess) keeps its story", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "nc-stories-"));
    const store = await openStore(home);
    const first = record("residence-renewed", RENEWAL_VARIETY);
    const second = record("residence-season-2", RENEWAL_DEADLINE);
    await store.commit([item(first), item(second)]);
    const again = item({ ...second, title: "Something else entirely", supersedes: true });
    await store.commit([again]);
    expect(again.record.story_id).toBe(first.id);
  });

  it("an index over its size lets go of the least recently used store files and reads them again when needed", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "nc-stories-"));
    const store = await openStore(home);
    const march = record("residence-renewed", RENEWAL_VARIETY, "2025-03-04");
    const august = record("residence-renewed-aug", RENEWAL_VARIETY, "2025-08-04");
    await store.commit([item(march), item(august)]);
    const index = new StoryIndex(3, 1);
    const q1 = store.targetFile(march);
    const q3 = store.targetFile(august);
    index.refresh(q1);
    expect(index.decide(record("residence-season-2", RENEWAL_DEADLINE, "2025-03-05"), q1).story_id).toBe(march.id);
    index.refresh(q3);
    expect(index.decide(record("residence-season-2-aug", RENEWAL_DEADLINE, "2025-08-05"), q3).story_id).toBe(august.id);
    expect(index.size).toBe(1); // the March file was let go
    index.refresh(q1);
    expect(index.decide(record("residence-season-2", RENEWAL_DEADLINE, "2025-03-05"), q1).story_id).toBe(march.id);
  });
});
