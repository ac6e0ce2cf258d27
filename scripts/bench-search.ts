// Full-text search benchmark: SQLite FTS5 (the desk's index, src/store/search-index.ts) against
// the pure-JS in-memory word index of the earlier round (kept below for the comparison), over the
// same data/archive/articles.jsonl of 20,000 whole article texts written through the archive sink
// as the daemon writes them. Texts are the corpus's 148 training articles, each copy with its own
// sentence order and a unique marker word so no two are alike.
//
// Figures: build time and memory, start-up (open an existing index), incremental update per
// committed article, on-disk size, p50/p95 latency for one-word, two-word and phrase queries
// (drawn from the texts: common and rare words, consecutive word pairs and triples, the markers).
// Target: search p95 <= 100 ms.
//
//   npx tsx scripts/bench-search.ts [--records=20000] [--queries=300] [--only=sqlite|js]
//
// Prints the figures; exits 1 when the FTS5 index misses the target.
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { ArchiveSink } from "../src/sinks/archive.js";
import { parseArchiveLine, words } from "../src/store/archive.js";
import { SearchIndex } from "../src/store/search-index.js";
import { readLinesFrom } from "../src/store/jsonl.js";
import { loadConfig } from "../src/config/load.js";
import { resolvePaths } from "../src/store/layout.js";
import type { StoredRecord } from "../src/core/record.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const CORPUS = path.resolve(ROOT, "..", "shared", "corpus", "articles-train.jsonl");
const TARGET_P95_MS = 100;
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const N = Number(arg("records") ?? 20_000);
const Q = Number(arg("queries") ?? 300);
const only = arg("only");

const texts = readFileSync(CORPUS, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text);
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The earlier round's index: word -> ascending doc numbers, every word required (no positions: a phrase is all its words). */
class JsWordIndex {
  private offset = 0;
  private readonly docs: string[] = [];
  private readonly postings = new Map<string, number[]>();
  async refresh(file: string): Promise<void> {
    const { lines, next } = await readLinesFrom(file, this.offset);
    for (const line of lines) {
      const entry = parseArchiveLine(line);
      if (!entry) continue;
      const doc = this.docs.length;
      this.docs.push(entry.id);
      for (const word of new Set(words(entry.text))) {
        const list = this.postings.get(word);
        if (list) list.push(doc);
        else this.postings.set(word, [doc]);
      }
    }
    this.offset = next;
  }
  get size() {
    return this.docs.length;
  }
  search(query: string): Set<string> {
    const wanted = [...new Set(words(query))];
    if (wanted.length === 0) return new Set();
    const lists = wanted.map((w) => this.postings.get(w) ?? []).sort((a, b) => a.length - b.length);
    let docs = lists[0]!;
    for (const list of lists.slice(1)) docs = intersect(docs, list);
    return new Set(docs.map((d) => this.docs[d]!));
  }
}

/** Intersection of ascending lists. */
function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i]! === b[j]!) {
      out.push(a[i]!);
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return out;
}

let marker = 0;
function articles(count: number) {
  const batch = [];
  for (let k = 0; k < count; k++) {
    const i = marker++;
    const sentences = pick(texts).split(/(?<=[.!?])\s+/);
    for (let a = sentences.length - 1; a > 0; a--) {
      const b = Math.floor(rand() * (a + 1));
      [sentences[a], sentences[b]] = [sentences[b]!, sentences[a]!];
    }
    const id = createHash("sha256").update(`bench-${i}`).digest("hex");
    const body = `${sentences.join(" ")} Marker marker${i}x.`;
    batch.push({ record: { id, processed_at: new Date().toISOString() } as StoredRecord, status: "stored" as const, target: "", recovered: false, body });
  }
  return batch;
}

function percentiles(times: number[]) {
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { p50: at(0.5), p95: at(0.95), max: times.at(-1)! };
}

const vocabulary = [...new Set(texts.flatMap(words))];
const phrases = texts.flatMap((t) => {
  const w = words(t);
  return w.slice(0, -2).map((_, i) => (i % 2 === 0 ? `"${w[i]} ${w[i + 1]}"` : `"${w[i]} ${w[i + 1]} ${w[i + 2]}"`));
});
const kinds = {
  "one word": () => (rand() < 0.8 ? pick(vocabulary) : `marker${Math.floor(rand() * N)}x`),
  "two words": () => `${pick(vocabulary)} ${pick(vocabulary)}`,
  phrase: () => pick(phrases),
};

function latency(search: (q: string) => Set<string>): { line: string; p95: number } {
  seed = 7; // the same queries for both indexes
  const parts = [];
  let worst = 0;
  for (const [kind, make] of Object.entries(kinds)) {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < Q; i++) {
      const q = make();
      const t = performance.now();
      hits += search(q).size;
      times.push(performance.now() - t);
    }
    const p = percentiles(times);
    worst = Math.max(worst, p.p95);
    parts.push(`  ${kind.padEnd(9)} ${Q} queries, ${hits} hits: p50 ${p.p50.toFixed(2)} ms, p95 ${p.p95.toFixed(2)} ms, max ${p.max.toFixed(2)} ms`);
  }
  return { line: parts.join("\n"), p95: worst };
}

const home = mkdtempSync(path.join(os.tmpdir(), "nc-bench-search-"));
try {
  const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home } });
  const paths = resolvePaths(config);
  const sink = new ArchiveSink({ paths, lockOptions: config.locks });
  await sink.open();
  const t0 = performance.now();
  for (let start = 0; start < N; start += 100) await sink.committed(articles(Math.min(100, N - start)));
  console.log(
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? "?"}, Node ${process.version}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log(`archive: ${N} articles, ${mb(statSync(paths.archive).size)} on disk, written in ${s(performance.now() - t0)}`);
  let failed = false;

  if (only !== "js") {
    const rss0 = process.memoryUsage().rss;
    const heap0 = process.memoryUsage().heapUsed;
    const index = new SearchIndex(paths.archive, paths.searchIndex);
    const t1 = performance.now();
    await index.sync();
    const buildMs = performance.now() - t1;
    const rss = process.memoryUsage().rss - rss0;
    const heap = process.memoryUsage().heapUsed - heap0;
    await index.close();
    const disk = ["", "-wal", "-shm"]
      .map((x) => paths.searchIndex + x)
      .filter(existsSync)
      .reduce((n, f) => n + statSync(f).size, 0);
    console.log(`SQLite FTS5 (better-sqlite3, file ${path.basename(paths.searchIndex)}):`);
    console.log(`  build from the archive: ${s(buildMs)} (in steps of 200 articles), RSS +${mb(rss)}, JS heap +${mb(heap)}; index on disk ${mb(disk)}`);
    const t2 = performance.now();
    const reopened = new SearchIndex(paths.archive, paths.searchIndex);
    await reopened.sync();
    console.log(`  start-up (open an existing index, quick check, nothing new): ${(performance.now() - t2).toFixed(0)} ms`);
    const extra = articles(100);
    await sink.committed(extra);
    const t3 = performance.now();
    await reopened.sync();
    console.log(
      `  incremental: 100 committed articles indexed in ${(performance.now() - t3).toFixed(0)} ms (${((performance.now() - t3) / 100).toFixed(2)} ms each)`,
    );
    const one = articles(1);
    await sink.committed(one);
    const t4 = performance.now();
    await reopened.sync();
    console.log(`  incremental: 1 committed article indexed in ${(performance.now() - t4).toFixed(1)} ms (the sync before an answer)`);
    const { line, p95 } = latency((q) => reopened.search(q));
    console.log(line);
    if (p95 > TARGET_P95_MS) failed = true;
    await reopened.close();
  }

  if (only !== "sqlite") {
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const rss0 = process.memoryUsage().rss;
    const index = new JsWordIndex();
    const t1 = performance.now();
    await index.refresh(paths.archive);
    const buildMs = performance.now() - t1;
    global.gc?.();
    console.log(`pure-JS word index (in memory, built at every start):`);
    console.log(
      `  build from the archive: ${s(buildMs)} (${index.size} articles), RSS +${mb(process.memoryUsage().rss - rss0)}, JS heap +${mb(process.memoryUsage().heapUsed - heap0)}; nothing on disk`,
    );
    await sink.committed(articles(100));
    const t3 = performance.now();
    await index.refresh(paths.archive);
    console.log(`  incremental: 100 committed articles indexed in ${(performance.now() - t3).toFixed(0)} ms`);
    console.log(latency((q) => index.search(q)).line.replace(/phrase /, "phrase*"));
    console.log(`  (* no word positions: a phrase is answered as all its words, a superset of the phrase's matches)`);
  }
  console.log(`target: search p95 <= ${TARGET_P95_MS} ms${failed ? " MISSED by FTS5" : ""}`);
  if (failed) process.exitCode = 1;
} finally {
  rmSync(home, { recursive: true, force: true });
}
