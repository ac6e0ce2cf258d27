import { promises as fs, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { resolvePaths } from "../../src/store/layout.js";
import { cutTornFinalBlock } from "../../src/store/final-output.js";
import { repairTornTail } from "../../src/store/jsonl.js";
import { commitToSinks } from "../../src/runtime/session.js";
import { FinalOutputSink } from "../../src/sinks/final-output.js";
import { Store, type StoreItem } from "../../src/store/store.js";
import { freeName, moveNoReplace, numberedName } from "../../src/store/fsutil.js";
import type { StoredRecord } from "../../src/core/record.js";
import { articleId } from "../../src/pipeline/url.js";
import { createBuyerDirectory } from "../../src/pipeline/buyer-directory.js";

function tempHome(): string {
  return mkdtempSync(path.join(os.tmpdir(), "nc-store-"));
}

function record(n: number, extra: Partial<StoredRecord> = {}): StoredRecord {
  const url = `https://variety.com/2025/tv/news/story-${n}/`;
  return {
    id: articleId(url),
    company: "Sony",
    quarter: "2025 Q4",
    quarter_source: "published_at",
    title: `Story ${n}`,
    source: "Variety",
    url,
    published_at: "2025-11-03",
    published_datetime: null,
    buyers: { strong: ["Sony"], weak: [] },
    category: "Org -> Exec Changes",
    confidence: 0.9,
    alternatives: [],
    facts: [{ fact_id: "x-1", category: "Org -> Exec Changes", section: "Org", subheading: "Exec Changes", line: `Line ${n}`, notes: [] }],
    markdown: "",
    provider: "offline",
    model: "test",
    usage: null,
    review: [],
    supersedes: false,
    extra: {},
    input_file: `${n}.json`,
    processed_at: "2025-11-03T00:00:00.000Z",
    schema_version: 1,
    ...extra,
  };
}

/** The store and final_output.md, opened and committed to as the processing session does. */
async function openStore(home: string) {
  const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home } });
  const paths = resolvePaths(config);
  const buyers = createBuyerDirectory(config.buyers);
  const store = new Store(paths, buyers, config.locks);
  await store.open();
  const finalOutput = new FinalOutputSink({ paths, lockOptions: config.locks, displayName: (name) => buyers.displayName(name) });
  await finalOutput.open();
  return { store, paths, commit: (items: readonly StoreItem[]) => commitToSinks(store, [finalOutput], items) };
}

describe("repairTornTail", () => {
  it.each([
    ["complete file untouched", '{"a":1}\n{"b":2}\n', '{"a":1}\n{"b":2}\n', 0],
    ["torn last line cut", '{"a":1}\n{"b":', '{"a":1}\n', 5],
    ["only a torn line", '{"b":', "", 5],
    ["empty file", "", "", 0],
  ])("%s", async (_name, before, after, removed) => {
    const file = path.join(tempHome(), "x.jsonl");
    await fs.writeFile(file, before);
    expect(await repairTornTail(file)).toBe(removed);
    expect(await fs.readFile(file, "utf8")).toBe(after);
  });

  it("is run by Store.open on every store file", async () => {
    const home = tempHome();
    const file = path.join(home, "data", "ingest", "Sony", "2025 Q4.jsonl");
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, `${JSON.stringify(record(1))}\n{"id":"torn`);
    const { store } = await openStore(home);
    expect(store.isKnown(record(1).id)).toBe(true);
    expect((await fs.readFile(file, "utf8")).endsWith("}\n")).toBe(true);
  });
});

describe("Store.commit", () => {
  it("stores once per id, within a batch and across two store instances on one folder", async () => {
    const home = tempHome();
    const a = await openStore(home);
    const b = await openStore(home);
    const first = await a.store.commit([{ record: record(1) }, { record: record(1) }, { record: record(2) }]);
    expect(first.map((r) => r.status)).toEqual(["stored", "duplicate", "stored"]);
    // b loaded its index before a wrote: the check under the lock still sees a's lines.
    const second = await b.store.commit([{ record: record(2) }, { record: record(3) }]);
    expect(second.map((r) => r.status)).toEqual(["duplicate", "stored"]);
    const lines = (await fs.readFile(path.join(a.paths.ingest, "Sony", "2025 Q4.jsonl"), "utf8")).trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).title)).toEqual(["Story 1", "Story 2", "Story 3"]);
  });

  it("cuts a line another writer tore (crashed mid-write) before appending its own", async () => {
    const { store, paths } = await openStore(tempHome());
    await store.commit([{ record: record(1) }]);
    const file = path.join(paths.ingest, "Sony", "2025 Q4.jsonl");
    await fs.appendFile(file, '{"id":"half a line');
    await store.commit([{ record: record(2) }]);
    const lines = (await fs.readFile(file, "utf8")).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((l) => JSON.parse(l).title)).toEqual(["Story 1", "Story 2"]);
  });

  it("appends a superseding version", async () => {
    const { store } = await openStore(tempHome());
    await store.commit([{ record: record(1) }]);
    const [again] = await store.commit([{ record: record(1, { supersedes: true }) }]);
    expect(again!.status).toBe("stored");
  });

  it("stores a superseding version even when a plain copy of the article comes first in the same batch", async () => {
    const { store, paths } = await openStore(tempHome());
    await store.commit([{ record: record(1) }]);
    const results = await store.commit([{ record: record(1, { title: "plain copy" }) }, { record: record(1, { title: "reprocessed", supersedes: true }) }]);
    expect(results.map((r) => r.status)).toEqual(["duplicate", "stored"]);
    const lines = (await fs.readFile(path.join(paths.ingest, "Sony", "2025 Q4.jsonl"), "utf8")).trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).title)).toEqual(["Story 1", "reprocessed"]);
  });

  it("separates final_output blocks by exactly one blank line across batches", async () => {
    const { commit, paths } = await openStore(tempHome());
    await commit([{ record: record(1) }, { record: record(2) }]);
    await commit([{ record: record(3) }]);
    const text = await fs.readFile(paths.finalOutput, "utf8");
    expect(text.match(/^Matched buyers: /gm)).toHaveLength(3);
    expect(text).not.toMatch(/\n\n\n/);
    expect(text.split("\n\nMatched buyers: ")).toHaveLength(3);
    expect(text.endsWith("/story-3/\n")).toBe(true);
  });

  it("adds the missing final_output block when a recovered input turns out already stored", async () => {
    const { commit, paths } = await openStore(tempHome());
    await commit([{ record: record(1) }]);
    await fs.writeFile(paths.finalOutput, ""); // as if the crash came before the block was written
    const [result] = await commit([{ record: record(1), recovered: true }]);
    expect(result!.status).toBe("duplicate");
    expect(await fs.readFile(paths.finalOutput, "utf8")).toMatch(/URL: https:\/\/variety.com\/2025\/tv\/news\/story-1\/\n$/);
    await commit([{ record: record(1), recovered: true }]);
    expect((await fs.readFile(paths.finalOutput, "utf8")).match(/^URL: /gm)).toHaveLength(1);
  });

  it("never builds a store path from an unsafe company or quarter", async () => {
    const { store, paths } = await openStore(tempHome());
    const target = store.targetFile({ company: "../../etc", quarter: "2025 Q4" });
    expect(path.dirname(path.dirname(target))).toBe(paths.ingest);
    expect(() => store.targetFile({ company: "Sony", quarter: "../x" })).toThrow(/quarter/);
    expect(store.targetFile({ company: "WBD", quarter: "2025 Q4" })).toBe(path.join(paths.ingest, "Warner Bros Discovery", "2025 Q4.jsonl"));
  });
});

describe("numberedName / freeName (issue 9.2)", () => {
  it("keeps a collision name within 255 bytes, cutting whole characters from the stem", () => {
    const long = `${"é".repeat(100)}${"x".repeat(45)}.json`; // 250 bytes
    expect(Buffer.byteLength(long)).toBe(250);
    const second = numberedName(long, 2);
    expect(Buffer.byteLength(second)).toBeLessThanOrEqual(255);
    expect(second.endsWith("x (2).json")).toBe(true);
    const allMultibyte = `${"é".repeat(125)}.json`; // 255 bytes: the cut falls between two-byte characters
    const cut = numberedName(allMultibyte, 10);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(255);
    expect(cut).toMatch(/^é+ \(10\)\.json$/);
    expect(numberedName("a.json", 2)).toBe("a (2).json");
  });

  it("moves a second 255-byte name beside the first instead of failing with ENAMETOOLONG", async () => {
    const dir = tempHome();
    const dest = path.join(dir, "dest");
    await fs.mkdir(dest);
    const long = `${"n".repeat(250)}.json`;
    await fs.writeFile(path.join(dest, long), "first");
    await fs.writeFile(path.join(dir, long), "second");
    const moved = await moveNoReplace(path.join(dir, long), dest, long);
    expect(Buffer.byteLength(path.basename(moved))).toBeLessThanOrEqual(255);
    expect(await fs.readFile(moved, "utf8")).toBe("second");
    expect(await freeName(dest, long)).toBe(numberedName(long, 3));
  });
});

describe("moveNoReplace", () => {
  it("never replaces a file of the same name", async () => {
    const dir = tempHome();
    const dest = path.join(dir, "dest");
    await fs.mkdir(dest);
    await fs.writeFile(path.join(dest, "a.json"), "old");
    await fs.writeFile(path.join(dir, "a.json"), "new");
    const moved = await moveNoReplace(path.join(dir, "a.json"), dest, "a.json");
    expect(path.basename(moved)).toBe("a (2).json");
    expect(await fs.readFile(path.join(dest, "a.json"), "utf8")).toBe("old");
    expect(await fs.readFile(moved, "utf8")).toBe("new");
  });
});

describe("a torn last block of final_output.md", () => {
  async function storeWithBlocks(n: number) {
    const home = tempHome();
    const { commit, paths } = await openStore(home);
    await commit(Array.from({ length: n }, (_, i) => ({ record: record(i + 1) })));
    return { home, paths, whole: await fs.readFile(paths.finalOutput, "utf8") };
  }

  it.each([
    ["mid-line in the URL", (whole: string) => whole.slice(0, whole.lastIndexOf("story-3/"))],
    ["at a line end inside the block", (whole: string) => whole.slice(0, whole.lastIndexOf("\nDate: ") + 1)],
    ["right after the blank line before it", (whole: string) => whole.slice(0, whole.lastIndexOf("Matched buyers: "))],
    ["two blocks of the last write torn", (whole: string) => whole.slice(0, whole.indexOf("story-2/") - 10)],
  ])("%s: cut back at start and written again from its record", async (_name, tear) => {
    const { home, paths, whole } = await storeWithBlocks(3);
    await fs.writeFile(paths.finalOutput, tear(whole));
    const reopened = await openStore(home);
    expect(await fs.readFile(paths.finalOutput, "utf8")).toBe(whole);
    // The next block is not glued to anything.
    await reopened.commit([{ record: record(4) }]);
    const text = await fs.readFile(paths.finalOutput, "utf8");
    expect(text.match(/^Matched buyers: /gm)).toHaveLength(4);
    expect(text.match(/^URL: https:\/\/variety\.com\/2025\/tv\/news\/story-\d\/$/gm)).toHaveLength(4);
    expect(text).not.toMatch(/\n\n\n/);
  });

  it("tells a review-desk correction block from an article block: a whole one stays, a torn one alone is cut", async () => {
    const { paths, whole } = await storeWithBlocks(2);
    const correction =
      "\nCorrection: Story 2\n\nReviewed: 2025-12-01T09:00:00.000Z (buyers)\n\nBuyers now: ['Sony']\n\nLink: https://variety.com/2025/tv/news/story-2/\n";
    await fs.writeFile(paths.finalOutput, whole + correction);
    expect(cutTornFinalBlock(paths.finalOutput)).toBe(0);
    await fs.writeFile(paths.finalOutput, whole + correction.slice(0, correction.indexOf("Link: ") + 10));
    expect(cutTornFinalBlock(paths.finalOutput)).toBeGreaterThan(0);
    expect(await fs.readFile(paths.finalOutput, "utf8")).toBe(whole);
  });

  it("leaves a whole file, and a file that holds no blocks, as they are", async () => {
    const { home, paths, whole } = await storeWithBlocks(2);
    await openStore(home);
    expect(await fs.readFile(paths.finalOutput, "utf8")).toBe(whole);
    await fs.writeFile(paths.finalOutput, "notes by hand");
    await openStore(home);
    expect(await fs.readFile(paths.finalOutput, "utf8")).toBe("notes by hand");
  });
});
