// Story grouping cost (docs/stories.md, docs/benchmarks.md): deciding one new article against a
// store of 200,000 records, and what the store's start-up costs with story grouping in place.
//
//   npx tsx scripts/bench-stories.ts [--records=200000] [--articles=500] [--buyers=10] [--keep]
//
// The store: the headlines and leads of the hand-written story pairs and of the corpus articles,
// cloned with fresh URLs and ids over `buyers` buyers x 12 quarters (every day of each quarter),
// one JSON line per record as the store writes it. Then, in this process: Store.open (torn-line
// repair, dedupe index: the start-up work; the story index reads nothing then), one cold decision
// (the first against a buyer: its store files are read), and `articles` warm decisions, each the
// work the commit does under the lock (catch up with the target file, refresh the neighbouring
// quarter's file, score the candidates in the window). Prints the figures; exits 1 when the warm
// median misses 2 ms. Run with `node --expose-gc` (npx tsx --expose-gc ...) for heap figures after a GC.
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../src/config/load.js";
import { quarterOf } from "../src/core/quarter.js";
import type { StoredRecord } from "../src/core/record.js";
import { createBuyerDirectory, folderSafeName } from "../src/pipeline/buyer-directory.js";
import { resolvePaths } from "../src/store/layout.js";
import { Store } from "../src/store/store.js";
import { option } from "./args.js";
import { loadStoryPairs } from "./stories-score.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const CORPUS = path.resolve(ROOT, "..", "shared", "corpus", "articles-train.jsonl");
const TARGET_MS = 2;

const opts = {
  records: Number(option("records", "200000")),
  articles: Number(option("articles", "500")),
  buyers: Number(option("buyers", "10")),
  keep: option("keep", "false") === "true",
};

interface Text {
  title: string;
  lead: string;
  category: string;
}

function texts(): Text[] {
  const out: Text[] = [];
  for (const pair of loadStoryPairs()) for (const side of [pair.a, pair.b]) out.push({ title: side.title, lead: side.lead ?? "", category: side.category });
  for (const line of readFileSync(CORPUS, "utf8").split("\n").filter(Boolean)) {
    const text = (JSON.parse(line) as { text: string }).text;
    const words = text.split(/\s+/);
    out.push({ title: words.slice(0, 12).join(" "), lead: words.slice(12, 100).join(" "), category: "Org -> Org" });
  }
  return out;
}

const YEARS = [2023, 2024, 2025];
const DAY_MS = 86_400_000;

function dateOf(i: number): string {
  const year = YEARS[i % YEARS.length]!;
  const day = Math.floor(i / YEARS.length) % 365;
  return new Date(Date.UTC(year, 0, 1) + day * DAY_MS).toISOString().slice(0, 10);
}

function makeRecord(text: Text, i: number, company: string, published_at: string, tag: string): StoredRecord {
  const url = `https://variety.com/${tag}/story-bench-${i}/`;
  return {
    id: createHash("sha256").update(url).digest("hex"),
    company,
    quarter: quarterOf(published_at),
    quarter_source: "published_at",
    title: text.title,
    lead: text.lead,
    source: "Variety",
    url,
    published_at,
    published_datetime: null,
    buyers: { strong: [company], weak: [] },
    category: text.category as StoredRecord["category"],
    confidence: 0.9,
    alternatives: [],
    facts: [{ fact_id: "x-1", category: text.category as StoredRecord["category"], section: "Org", subheading: "Org", line: text.title, notes: [] }],
    markdown: "",
    provider: "offline",
    model: "bench",
    usage: null,
    review: [],
    supersedes: false,
    extra: {},
    input_file: `bench-${i}.json`,
    processed_at: `${published_at}T12:00:00.000Z`,
    schema_version: 1,
  };
}

function buildStore(home: string, buyers: string[], pool: Text[]): { bytes: number; files: number } {
  const ingest = path.join(home, "data", "ingest");
  const byFile = new Map<string, string[]>();
  let bytes = 0;
  const flush = (file: string, lines: string[]) => {
    mkdirSync(path.dirname(file), { recursive: true });
    const fd = openSync(file, "a");
    const text = lines.join("");
    bytes += Buffer.byteLength(text);
    writeSync(fd, text);
    closeSync(fd);
    lines.length = 0;
  };
  for (let i = 0; i < opts.records; i++) {
    const company = buyers[i % buyers.length]!;
    const record = makeRecord(pool[i % pool.length]!, i, company, dateOf(Math.floor(i / buyers.length)), "stored");
    const file = path.join(ingest, folderSafeName(company), `${record.quarter}.jsonl`);
    const lines = byFile.get(file) ?? [];
    lines.push(`${JSON.stringify(record)}\n`);
    byFile.set(file, lines);
    if (lines.length >= 2000) flush(file, lines);
  }
  for (const [file, lines] of byFile) if (lines.length > 0) flush(file, lines);
  return { bytes, files: byFile.size };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

const home = mkdtempSync(path.join(os.tmpdir(), "nc-bench-stories-"));
try {
  const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home } });
  const buyers = config.buyers.slice(0, opts.buyers).map((b) => b.name);
  const pool = texts();
  const built = buildStore(home, buyers, pool);
  const directory = createBuyerDirectory(config.buyers);
  const store = new Store(resolvePaths(config), directory, config.locks, config.stories.windowDays);
  const openStarted = performance.now();
  await store.open();
  const openMs = performance.now() - openStarted;

  const decideOne = (record: StoredRecord): number => {
    const target = store.targetFile(record);
    const started = performance.now();
    store.stories.refresh(target); // what catchUp does under the lock: read the bytes appended since
    store.stories.decide(record, target);
    return performance.now() - started;
  };
  const gc = (globalThis as { gc?: () => void }).gc;
  const heapMb = () => {
    gc?.();
    return Math.round(process.memoryUsage().heapUsed / 1e6);
  };
  const heapAtOpen = heapMb();
  // Live news: the articles of one week (the store's latest), every buyer. The first article of each
  // buyer reads that buyer's store files (cold); the others are decided against what is held (warm).
  const latest = Math.floor((opts.records - 1) / buyers.length);
  const live = Array.from({ length: opts.articles }, (_, n) =>
    makeRecord(pool[(n * 7) % pool.length]!, n, buyers[n % buyers.length]!, dateOf(latest - YEARS.length * (n % 7)), "live"),
  );
  const liveTimes = live.map(decideOne);
  const cold = liveTimes.slice(0, buyers.length).sort((a, b) => a - b);
  const sorted = liveTimes.slice(buyers.length).sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  const heapLive = heapMb();
  // A backfill: articles spread over all three years, so most decisions first read other store files.
  const backfill = Array.from({ length: Math.min(opts.articles, 200) }, (_, n) =>
    makeRecord(pool[(n * 11) % pool.length]!, n, buyers[n % buyers.length]!, dateOf(n * 131), "backfill"),
  );
  const backfillSorted = backfill.map(decideOne).sort((a, b) => a - b);
  const figures = {
    records: opts.records,
    storeFiles: built.files,
    storeMb: Math.round(built.bytes / 1e5) / 10,
    perFile: Math.round(opts.records / built.files),
    openMs: Math.round(openMs),
    coldMedianMs: Math.round(percentile(cold, 50) * 10) / 10,
    coldMaxMs: Math.round(cold[cold.length - 1]! * 10) / 10,
    warmMedianMs: Math.round(median * 1000) / 1000,
    warmP95Ms: Math.round(percentile(sorted, 95) * 1000) / 1000,
    warmMaxMs: Math.round(sorted[sorted.length - 1]! * 1000) / 1000,
    heapAtOpenMb: heapAtOpen,
    heapAfterLiveMb: heapLive,
    backfillMedianMs: Math.round(percentile(backfillSorted, 50) * 10) / 10,
    backfillP95Ms: Math.round(percentile(backfillSorted, 95) * 10) / 10,
    heldRecords: store.stories.size,
    heapAfterBackfillMb: heapMb(),
  };
  console.log(`story grouping over ${figures.records} records (${figures.storeFiles} store files, ~${figures.perFile} records each, ${figures.storeMb} MB)`);
  console.log(`  Store.open (start-up: repair + dedupe index; the story index reads nothing): ${figures.openMs} ms, heap ${figures.heapAtOpenMb} MB`);
  console.log(`  live week, first decision per buyer (reads its store files in the window): median ${figures.coldMedianMs} ms, max ${figures.coldMaxMs} ms`);
  console.log(
    `  live week, one decision (${sorted.length} articles): median ${figures.warmMedianMs} ms, p95 ${figures.warmP95Ms} ms, max ${figures.warmMaxMs} ms (target <= ${TARGET_MS} ms); heap ${figures.heapAfterLiveMb} MB`,
  );
  console.log(
    `  backfill over 3 years (${backfillSorted.length} articles, most read other files first): median ${figures.backfillMedianMs} ms, p95 ${figures.backfillP95Ms} ms`,
  );
  console.log(`  records held by the story index at the end: ${figures.heldRecords}; heap ${figures.heapAfterBackfillMb} MB`);
  if (option("json", "false") === "true") console.log(JSON.stringify(figures));
  process.exitCode = median <= TARGET_MS ? 0 : 1;
} finally {
  if (!opts.keep) rmSync(home, { recursive: true, force: true });
  else console.log(`kept ${home}`);
}
