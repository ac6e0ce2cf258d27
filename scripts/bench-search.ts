// Full-text search benchmark: 20,000 articles' whole texts in data/archive/articles.jsonl
// (written through the archive sink, as the daemon writes them; texts are the corpus's 148
// training articles, each copy with its own paragraph order and a unique marker word so no two
// are alike), then the desk's index (src/store/archive.ts, pure JS, in memory) built from the
// file and asked 300 queries: one and two words drawn from the texts (common and rare) and the
// unique markers. Target: search p95 <= 100 ms.
//
//   npx tsx scripts/bench-search.ts [--records=20000] [--queries=300]
//
// Prints the figures; exits 1 when the target is missed.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { ArchiveSink } from "../src/sinks/archive.js";
import { ArchiveIndex, words } from "../src/store/archive.js";
import { loadConfig } from "../src/config/load.js";
import { resolvePaths } from "../src/store/layout.js";
import type { StoredRecord } from "../src/core/record.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const CORPUS = path.resolve(ROOT, "..", "shared", "corpus", "articles-train.jsonl");
const TARGET_P95_MS = 100;
const option = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const N = option("records", 20_000);
const Q = option("queries", 300);

const texts = readFileSync(CORPUS, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text);
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;

const home = mkdtempSync(path.join(os.tmpdir(), "nc-bench-search-"));
try {
  const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home } });
  const paths = resolvePaths(config);
  const sink = new ArchiveSink({ paths, lockOptions: config.locks });
  await sink.open();
  const t0 = performance.now();
  for (let start = 0; start < N; start += 100) {
    const batch = [];
    for (let i = start; i < Math.min(N, start + 100); i++) {
      const sentences = pick(texts).split(/(?<=[.!?])\s+/);
      for (let k = sentences.length - 1; k > 0; k--) {
        const j = Math.floor(rand() * (k + 1));
        [sentences[k], sentences[j]] = [sentences[j]!, sentences[k]!];
      }
      const id = createHash("sha256").update(`bench-${i}`).digest("hex");
      const body = `${sentences.join(" ")} Marker marker${i}x.`;
      batch.push({ record: { id, processed_at: new Date().toISOString() } as StoredRecord, status: "stored" as const, target: "", recovered: false, body });
    }
    await sink.committed(batch);
  }
  const writeMs = performance.now() - t0;
  const bytes = statSync(paths.archive).size;

  const heapBefore = process.memoryUsage().heapUsed;
  const index = new ArchiveIndex(paths.archive);
  const t1 = performance.now();
  await index.refresh();
  const buildMs = performance.now() - t1;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;

  const vocabulary = [...new Set(texts.flatMap(words))];
  const queries = Array.from({ length: Q }, (_, i) =>
    i % 3 === 0 ? pick(vocabulary) : i % 3 === 1 ? `${pick(vocabulary)} ${pick(vocabulary)}` : `marker${Math.floor(rand() * N)}x`,
  );
  const times: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const t = performance.now();
    hits += index.search(q).size;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  console.log(`articles: ${index.size} (archive ${(bytes / 1e6).toFixed(1)} MB on disk, written in ${(writeMs / 1000).toFixed(1)} s)`);
  console.log(`index build from the archive: ${(buildMs / 1000).toFixed(2)} s, heap +${heapMb.toFixed(0)} MB`);
  console.log(
    `search over ${Q} queries (${hits} hits): p50 ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms (target p95 <= ${TARGET_P95_MS} ms)`,
  );
  if (at(0.95) > TARGET_P95_MS) process.exitCode = 1;
} finally {
  rmSync(home, { recursive: true, force: true });
}
