import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolvePaths } from "../../src/store/layout.js";
import type { Config } from "../../src/config/schema.js";
import { versionStamp } from "../../src/pipeline/correction.js";
import { ERROR_CODES, type AppError } from "../../src/core/errors.js";
import type { StoredRecord } from "../../src/core/record.js";
import { writeReports } from "../../src/report/write.js";
import { CorrectionSchema } from "../../src/pipeline/correction.js";
import { LIMITS } from "../../src/pipeline/limits.js";
import { Corrector } from "../../src/store/corrector.js";
import { openStore } from "../../src/store/open.js";
import { openStoreWithFinalOutput } from "../helpers/outputs.js";
import { reportRecords, reviewQueue, searchRecords } from "../../src/store/queries.js";
import { StoreReader } from "../../src/store/reader.js";
import { applySupersedes, currentVersion, readQuarterRecords } from "../../src/store/versions.js";
import { makeRecord, tempConfig } from "../report/helpers.js";
import { createBuyerDirectory } from "../../src/pipeline/buyer-directory.js";

const COMCAST = { name: "Comcast/NBCU", display: "Comcast" };

async function desk(config: Config, now?: () => Date) {
  const paths = resolvePaths(config);
  const { store, commit } = await openStoreWithFinalOutput(config, paths);
  const reader = new StoreReader(paths.ingest);
  const raw = new Corrector(store, reader, createBuyerDirectory(config.buyers), now);
  // Most tests correct the version the desk shows now: `base` is that version's stamp unless given.
  const correct: Corrector["correct"] = async (id, request) => {
    await reader.refresh();
    const current = reader.get(id);
    return raw.correct(id, { base: current ? versionStamp(current) : "none", ...request });
  };
  return { paths, store, commit, reader, raw, corrector: { correct } };
}

async function readLines(file: string): Promise<unknown[]> {
  const text = await fs.readFile(file, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);
}

/** The "Big Sky" case: a festival story filed under Comcast (alias "sky"), flagged weak. */
function bigSky(extra: Partial<StoredRecord> = {}): StoredRecord {
  return makeRecord({
    url: "https://variety.com/2025/film/news/big-sky-documentary-festival-1236/",
    title: "Big Sky Documentary Film Festival unveils lineup",
    company: "Comcast/NBCU",
    buyers: { strong: ["Comcast/NBCU"], weak: ["Netflix"] },
    review: ["low confidence 0.31 for Content, Deals & Distribution -> Film -> Development"],
    facts: [{ category: "Content, Deals & Distribution -> Film -> Development", line: "Big Sky festival unveils its lineup" }],
    confidence: 0.31,
    alternatives: [{ category: "Strategy & Miscellaneous News -> Misc.", confidence: 0.2 }],
    lead: "The Big Sky Documentary Film Festival in Missoula announced...",
    ...extra,
  });
}

describe("currentVersion (newest version wins)", () => {
  const v = (record: StoredRecord, order: number) => ({ record, order });

  it("keeps the first version unless a later one supersedes, whatever order the versions come in", () => {
    const first = makeRecord({ url: "https://x.com/a", processed_at: "2025-11-01T00:00:00Z", title: "first" });
    const copy = { ...first, processed_at: "2025-11-02T00:00:00Z", title: "plain copy" };
    const forced = { ...first, processed_at: "2025-11-03T00:00:00Z", title: "forced", supersedes: true };
    const permutations = [
      [first, copy, forced],
      [forced, copy, first],
      [copy, first, forced],
    ];
    for (const list of permutations) expect(currentVersion(list.map(v))!.record.title).toBe("forced");
    expect(currentVersion([v(copy, 0), v(first, 1)])!.record.title).toBe("first");
  });

  it("dates a desk version by reviewed.at (it keeps the article's processed_at) and lets a later re-run replace it", () => {
    const first = makeRecord({ url: "https://x.com/b", processed_at: "2025-11-01T00:00:00Z", title: "first" });
    const desk = { ...first, title: "corrected", supersedes: true, reviewed: { at: "2025-11-05T00:00:00Z", changes: ["category"] } };
    const rerun = { ...first, title: "re-run", processed_at: "2025-11-06T00:00:00Z", supersedes: true };
    const earlierRerun = { ...rerun, processed_at: "2025-11-04T00:00:00Z" };
    expect(currentVersion([v(desk, 0), v(first, 1)])!.record.title).toBe("corrected");
    expect(currentVersion([v(first, 0), v(desk, 1), v(rerun, 2)])!.record.title).toBe("re-run");
    expect(currentVersion([v(desk, 0), v(earlierRerun, 1), v(first, 2)])!.record.title).toBe("corrected");
    expect(applySupersedes([desk, first].map((record) => ({ record, file: "f", line: 1 })))[0]!.title).toBe("corrected");
  });
});

describe("Corrector (a correction is a new superseding version through the store)", () => {
  it("changes the category and removes a buyer: the new version goes to the other buyer's file, old lines untouched", async () => {
    const config = tempConfig();
    const { paths, commit, reader, corrector } = await desk(config, () => new Date("2025-12-01T09:00:00Z"));
    const record = bigSky();
    await commit([{ record }]);
    const comcastFile = path.join(paths.ingest, "Comcast", "2025 Q4.jsonl");
    const before = await fs.readFile(comcastFile, "utf8");
    const finalBefore = await fs.readFile(paths.finalOutput, "utf8");

    const outcome = await corrector.correct(record.id, {
      category: "Strategy & Miscellaneous News -> Misc.",
      buyers: { strong: [], weak: ["Netflix"] },
      base: versionStamp(record),
    });
    expect(outcome.changed).toEqual(["category", "facts", "buyers", "company"]);
    expect(outcome.target).toBe(path.join("ingest", "Unknown", "2025 Q4.jsonl"));
    expect(await fs.readFile(comcastFile, "utf8")).toBe(before);
    const [stored] = (await readLines(path.join(paths.ingest, "Unknown", "2025 Q4.jsonl"))) as StoredRecord[];
    expect(stored).toMatchObject({
      id: record.id,
      company: "Unknown",
      buyers: { strong: [], weak: ["Netflix"] },
      category: "Strategy & Miscellaneous News -> Misc.",
      confidence: 1,
      supersedes: true,
      review: [],
      processed_at: record.processed_at,
      reviewed: { at: "2025-12-01T09:00:00.000Z", changes: ["category", "facts", "buyers", "company"] },
    });
    expect(stored!.facts[0]).toMatchObject({
      category: "Strategy & Miscellaneous News -> Misc.",
      section: "Strategy & Miscellaneous News",
      subheading: "Misc.",
    });
    expect(stored!.markdown).toContain("Category: Strategy & Miscellaneous News -> Misc.");

    // Readers see the new version, across the two files: the report, the desk's reader.
    const { records } = await readQuarterRecords({ ingestDir: paths.ingest, quarter: "2025 Q4" });
    expect(records).toHaveLength(1);
    expect(records[0]!.company).toBe("Unknown");
    expect(reader.get(record.id)!.reviewed).toBeDefined();
    expect(reportRecords(reader.all(), "2025 Q4", COMCAST)).toHaveLength(0);

    // final_output.md: the article's block stays; the correction adds a short block, not a second full one.
    const finalAfter = await fs.readFile(paths.finalOutput, "utf8");
    expect(finalAfter.startsWith(finalBefore)).toBe(true);
    const added = finalAfter.slice(finalBefore.length);
    expect(added).toMatch(
      /^\nCorrection: Big Sky Documentary Film Festival unveils lineup\n\nReviewed: 2025-12-01T09:00:00.000Z \(category, facts, buyers, company\)\n/,
    );
    expect(added).toContain("Buyers now: []");
    expect(added).not.toMatch(/^Matched buyers: /m);
    expect(added).toContain("Category: Strategy & Miscellaneous News -> Misc.");
    expect(added).not.toMatch(/^URL: /m);
    expect(finalAfter.match(/^URL: /gm)).toHaveLength(1);
    expect(finalAfter).not.toMatch(/\n\n\n/);

    // data/corrections.jsonl: one line in the shared schema, with the text the learner needs.
    const [line] = await readLines(path.join(paths.data, "corrections.jsonl"));
    const correction = CorrectionSchema.parse(line);
    expect(correction).toMatchObject({
      id: record.id,
      origin: "desk",
      accepted: false,
      text: { title: record.title, lead: record.lead },
      review: record.review,
      changes: {
        category: { from: "Content, Deals & Distribution -> Film -> Development", to: "Strategy & Miscellaneous News -> Misc." },
        buyers: { from: { strong: ["Comcast/NBCU"], weak: ["Netflix"] }, to: { strong: [], weak: ["Netflix"] } },
        company: { from: "Comcast/NBCU", to: "Unknown" },
      },
    });
  });

  it("accept clears the flags: a version with no changes, a corrections line, nothing in final_output.md", async () => {
    const config = tempConfig();
    const { paths, commit, reader, corrector } = await desk(config);
    const record = bigSky();
    await commit([{ record }]);
    const finalBefore = await fs.readFile(paths.finalOutput, "utf8");
    await reader.refresh();
    expect(reviewQueue(reader.all()).map((r) => r.id)).toEqual([record.id]);
    const outcome = await corrector.correct(record.id, { accept: true });
    expect(outcome.changed).toEqual([]);
    expect(reviewQueue(reader.all())).toHaveLength(0);
    expect(reader.get(record.id)).toMatchObject({ review: [], reviewed: { changes: [] }, category: record.category });
    expect(await fs.readFile(paths.finalOutput, "utf8")).toBe(finalBefore);
    const [line] = await readLines(path.join(paths.data, "corrections.jsonl"));
    expect(CorrectionSchema.parse(line)).toMatchObject({ accepted: true, changes: {} });
  });

  it("edits lines and notes, the date (the quarter follows), and excludes; reports leave an excluded record out", async () => {
    const config = tempConfig();
    const { paths, store, corrector } = await desk(config);
    const record = makeRecord({ title: "Sony reorganises TV", facts: [{ category: "Org -> Org", line: "Sony reorganises", notes: ["old note"] }] });
    await store.commit([{ record }]);
    const fact = record.facts[0]!;
    const moved = await corrector.correct(record.id, {
      published_at: "2026-01-03",
      facts: [{ fact_id: fact.fact_id, line: "Sony reorganises its TV group", notes: [" new note ", ""] }],
    });
    expect(moved.changed).toEqual(["facts", "published_at", "quarter"]);
    expect(moved.record).toMatchObject({ quarter: "2026 Q1", quarter_source: "published_at", published_at: "2026-01-03" });
    expect(moved.record.facts[0]).toMatchObject({ line: "Sony reorganises its TV group", notes: ["new note"] });
    expect(moved.target).toBe(path.join("ingest", "Sony", "2026 Q1.jsonl"));

    await writeReports({ config, quarter: "2026 Q1", buyer: "Sony", format: "md" });
    const md = path.join(paths.reports, "2026 Q1", "2026 Q1 Sony News Coverage.md");
    expect(await fs.readFile(md, "utf8")).toContain("Sony reorganises its TV group ([1/3]");
    await corrector.correct(record.id, { excluded: true });
    await writeReports({ config, quarter: "2026 Q1", buyer: "Sony", format: "md" });
    expect(await fs.readFile(md, "utf8")).not.toContain("Sony reorganises");
    const review = await fs.readFile(path.join(paths.reports, "2026 Q1", "needs_review.md"), "utf8");
    expect(review).toContain("Nothing to review");
    const corrections = (await readLines(path.join(paths.data, "corrections.jsonl"))).map((l) => CorrectionSchema.parse(l));
    expect(corrections.map((c) => Object.keys(c.changes).sort())).toEqual([["facts", "published_at", "quarter"], ["excluded"]]);
  });

  it("adds a buyer and makes it the primary", async () => {
    const config = tempConfig();
    const { store, corrector } = await desk(config);
    const record = makeRecord({ company: "Unknown", buyers: { strong: [], weak: ["Netflix"] }, review: ["weak-only buyer match: Netflix"] });
    await store.commit([{ record }]);
    const outcome = await corrector.correct(record.id, { buyers: { strong: ["sony", "Netflix"], weak: [] }, company: "Netflix" });
    expect(outcome.record).toMatchObject({ company: "Netflix", buyers: { strong: ["Netflix", "Sony"], weak: [] } });
    expect(outcome.target).toBe(path.join("ingest", "Netflix", "2025 Q4.jsonl"));
  });

  it("refuses what it cannot do, naming the field, and writes nothing", async () => {
    const config = tempConfig();
    const { paths, store, corrector } = await desk(config);
    const record = bigSky();
    await store.commit([{ record }]);
    const file = path.join(paths.ingest, "Comcast", "2025 Q4.jsonl");
    const before = await fs.readFile(file, "utf8");
    const fail = (request: Parameters<Corrector["correct"]>[1]) =>
      corrector.correct(record.id, request).then(
        () => null,
        (err: unknown) => err,
      );
    const unknownBuyer = await fail({ buyers: { strong: ["Fox"], weak: [] } });
    expect(unknownBuyer).toMatchObject({ code: "input_unprocessable" });
    expect((unknownBuyer as AppError).fields[0]).toMatchObject({
      field: "buyers.strong[0]",
      message: expect.stringMatching(/unknown buyer "Fox"; expected one of: Amazon/),
    });
    expect(((await fail({ facts: [{ fact_id: "nope", line: "x", notes: [] }] })) as AppError).fields[0]!.field).toBe("facts[0].fact_id");
    expect(((await fail({ category: record.category })) as AppError).message).toMatch(/nothing to change/);
    expect(await fail({ accept: true, base: "2020-01-01T00:00:00Z" })).toMatchObject({ code: "conflict" });
    expect(await corrector.correct("0".repeat(64), { accept: true }).catch((e: unknown) => e)).toMatchObject({ code: "not_found" });
    expect(await fs.readFile(file, "utf8")).toBe(before);
    await expect(fs.stat(path.join(paths.data, "corrections.jsonl"))).rejects.toThrow();
  });

  it("never glues its line to a line another writer tore (crashed mid-write)", async () => {
    const config = tempConfig();
    const { paths, store, corrector } = await desk(config);
    const record = bigSky();
    await store.commit([{ record }]);
    const file = path.join(paths.ingest, "Comcast", "2025 Q4.jsonl");
    await fs.appendFile(file, '{"id":"half a line');
    await corrector.correct(record.id, { accept: true });
    const lines = (await fs.readFile(file, "utf8")).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((l) => (JSON.parse(l) as StoredRecord).supersedes)).toEqual([false, true]);
  });

  it("refuses a correction based on a version another process replaced meanwhile (checked under the lock)", async () => {
    const config = tempConfig();
    const { paths, store, corrector } = await desk(config);
    const other = await openStore(config, paths);
    const record = bigSky();
    await store.commit([{ record }]);
    const base = versionStamp(record);
    // Another process re-runs the article (a new superseding version) just before the correction.
    const rerun = { ...record, processed_at: "2025-11-09T00:00:00.000Z", supersedes: true, title: "re-run" };
    await other.store.commit([{ record: rerun }]);
    const err = await corrector.correct(record.id, { accept: true, base }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "conflict" });
    expect((err as AppError<StoredRecord>).context?.title).toBe("re-run");
  });
});

describe("which version is current: commit order under the lock, not a worker's clock", () => {
  it("a --force re-run stored after a correction is current even when its processed_at is earlier; a correction on the old base gets 409", async () => {
    const config = tempConfig();
    const { paths, store, reader, raw } = await desk(config);
    const other = await openStore(config, paths);
    const record = bigSky({ processed_at: "2025-11-10T00:00:00.000Z" });
    await store.commit([{ record }]);
    const v1 = versionStamp(record);
    const corrected = await raw.correct(record.id, { excluded: true, base: v1 });
    // The re-run's worker stamped it before the correction was made; the store commits it after.
    const rerun = { ...bigSky({ processed_at: "2025-11-10T00:00:01.000Z", title: "re-run" }), supersedes: true };
    expect(Date.parse(rerun.processed_at)).toBeLessThan(Date.parse(corrected.record.reviewed!.at));
    await other.store.commit([{ record: rerun }]);

    await reader.refresh();
    expect(reader.get(record.id)!.title).toBe("re-run");
    const fresh = new StoreReader(paths.ingest);
    await fresh.refresh();
    expect(fresh.get(record.id)!.title).toBe("re-run");
    const { records } = await readQuarterRecords({ ingestDir: paths.ingest, quarter: record.quarter });
    expect(records.map((r) => r.title)).toEqual(["re-run"]);

    const stale = await raw.correct(record.id, { accept: true, base: v1 }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: "conflict" });
    expect((stale as AppError<StoredRecord>).context?.title).toBe("re-run");
    const again = await raw.correct(record.id, { accept: true, base: versionStamp(reader.get(record.id)!) });
    expect(again.record.title).toBe("re-run");
  });

  it("refuses a correction that names no base version (400, field base)", async () => {
    const config = tempConfig();
    const { paths, store, raw } = await desk(config);
    const record = bigSky();
    await store.commit([{ record }]);
    const before = await fs.readFile(path.join(paths.ingest, "Comcast", "2025 Q4.jsonl"), "utf8");
    const err = await raw.correct(record.id, { excluded: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "input_invalid", fields: [{ field: "base" }] });
    expect(ERROR_CODES[(err as AppError).code].status).toBe(400);
    expect(await fs.readFile(path.join(paths.ingest, "Comcast", "2025 Q4.jsonl"), "utf8")).toBe(before);
  });
});

describe("how often one record can be corrected", () => {
  it(`at most ${LIMITS.correctionsPerWindow} corrections of a record in ${LIMITS.correctionWindowMs / 60_000} minutes (429 with when to try again), then it may be corrected again`, async () => {
    const config = tempConfig();
    let clock = Date.parse("2025-12-01T09:00:00Z");
    const { paths, store, corrector } = await desk(config, () => new Date(clock));
    const record = bigSky();
    await store.commit([{ record }]);
    for (let i = 0; i < LIMITS.correctionsPerWindow; i++) {
      await corrector.correct(record.id, { excluded: i % 2 === 0 });
      clock += 1000;
    }
    const file = path.join(paths.ingest, "Comcast", "2025 Q4.jsonl");
    const before = await fs.readFile(file, "utf8");
    const refused = await corrector.correct(record.id, { accept: true }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/corrected 30 times in the last 60 minutes/) });
    expect(ERROR_CODES[(refused as AppError).code].status).toBe(429);
    expect((refused as AppError).retryAfterMs).toBe(LIMITS.correctionWindowMs - LIMITS.correctionsPerWindow * 1000);
    expect(await fs.readFile(file, "utf8")).toBe(before);
    // Once the first of them is an hour old, one more is allowed.
    clock = Date.parse("2025-12-01T10:00:00.001Z");
    await expect(corrector.correct(record.id, { accept: true })).resolves.toMatchObject({ changed: [] });
  });
});

describe("the daemon's dedupe index while another process appends versions", () => {
  it("stays right: duplicates still found, new ids in a file the desk wrote to are read from the right offset", async () => {
    const config = tempConfig();
    const paths = resolvePaths(config);
    const daemon = await openStore(config, paths);
    const { store: deskStore, corrector } = await desk(config);
    const record = bigSky();
    const [first] = await daemon.store.commit([{ record }]);
    expect(first!.status).toBe("stored");
    // The daemon has already read Unknown/2025 Q4.jsonl once (its offset there is set).
    const early = makeRecord({ company: "Unknown", buyers: { strong: [], weak: [] } });
    await daemon.store.commit([{ record: early }]);

    // The desk (its own store instance) moves the record to Unknown/2025 Q4.jsonl, twice.
    await corrector.correct(record.id, { buyers: { strong: [], weak: [] } });
    await corrector.correct(record.id, { facts: [{ fact_id: record.facts[0]!.fact_id, line: "Festival lineup", notes: [] }] });
    // ... and another process stores a new article in the same file.
    const other = makeRecord({ company: "Unknown", buyers: { strong: [], weak: [] } });
    await deskStore.commit([{ record: other }]);

    // The daemon: a plain copy of the corrected article is a duplicate (filed under Comcast again
    // by the pipeline); the other process's article, read from where the daemon left off, too.
    const again = await daemon.store.commit([{ record }, { record: other }, { record: early }]);
    expect(again.map((r) => r.status)).toEqual(["duplicate", "duplicate", "duplicate"]);
    const fresh = makeRecord({ company: "Unknown", buyers: { strong: [], weak: [] } });
    expect((await daemon.store.commit([{ record: fresh }]))[0]!.status).toBe("stored");
    const lines = (await readLines(path.join(paths.ingest, "Unknown", "2025 Q4.jsonl"))) as StoredRecord[];
    expect(lines.map((l) => l.id)).toEqual([early.id, record.id, record.id, other.id, fresh.id]);
    // The daemon's own index learned the desk's bytes: its next commit there is still well placed.
    expect((await deskStore.commit([{ record: fresh }]))[0]!.status).toBe("duplicate");
  });
});

describe("StoreReader and the desk's queries", () => {
  it("reads only what was appended since, by any writer, and ignores a line still being written", async () => {
    const config = tempConfig();
    const paths = resolvePaths(config);
    const { store } = await openStore(config, paths);
    const reader = new StoreReader(paths.ingest);
    const a = makeRecord({ title: "Alpha greenlight", processed_at: "2025-11-02T00:00:00Z", review: ["low confidence"] });
    const b = makeRecord({
      title: "Beta exit",
      processed_at: "2025-11-01T00:00:00Z",
      review: ["no buyer matched"],
      company: "Unknown",
      buyers: { strong: [], weak: [] },
    });
    await store.commit([{ record: a }, { record: b }]);
    await reader.refresh();
    expect(reader.size).toBe(2);
    expect(reviewQueue(reader.all()).map((r) => r.title)).toEqual(["Beta exit", "Alpha greenlight"]);

    const file = path.join(paths.ingest, "Sony", "2025 Q4.jsonl");
    const forced = { ...a, title: "Alpha greenlight (re-run)", processed_at: "2025-11-03T00:00:00Z", supersedes: true };
    const line = JSON.stringify(forced);
    await fs.appendFile(file, line.slice(0, 40));
    await reader.refresh();
    expect(reader.get(a.id)!.title).toBe("Alpha greenlight");
    await fs.appendFile(file, `${line.slice(40)}\n`);
    await reader.refresh();
    expect(reader.get(a.id)!.title).toBe("Alpha greenlight (re-run)");
    expect(reader.history(a.id)).toHaveLength(2);
    expect(reader.size).toBe(2);

    expect(searchRecords(reader.all(), "ALPHA re-run").map((r) => r.id)).toEqual([a.id]);
    expect(searchRecords(reader.all(), "story number").length).toBe(2); // the lines of both
    expect(searchRecords(reader.all(), "alpha beta")).toHaveLength(0);
    expect(searchRecords(reader.all(), "story", { buyer: { name: "Sony", display: "Sony" } }).map((r) => r.id)).toEqual([a.id]);
  });
});
