// Review desk benchmark: a store of 20,000 records (10 buyers x 8 quarters, lines taken from the
// corpus report entries), the real HTTP server on 127.0.0.1 (fastify, buildApp with the desk),
// measured over loopback with the Bearer token:
//   - quarter view: GET /quarter?quarter=Q&buyer=B (store catch-up, outline, HTML), target p95 <= 300 ms
//   - correction round trip: POST /api/desk/records/:id/corrections (lock, append + fsync of the
//     version, final_output block, corrections.jsonl line, reader catch-up) and the GET of the next
//     record's fragment the page script makes, target p95 <= 200 ms
//
//   npm run bench:desk                  (builds first: the desk serves dist/server/desk/assets/desk.js)
//   tsx scripts/bench-desk.ts --records=20000 --views=60 --corrections=60 --keep
//
// Prints a Markdown section for docs/benchmarks.md; exits 1 when a target is missed.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../src/config/load.js";
import { resolvePaths } from "../src/store/layout.js";
import { SCHEMA_VERSION, type StoredRecord } from "../src/core/record.js";
import { renderMarkdown } from "../src/pipeline/markdown.js";
import { CATEGORIES, sectionOf, subheadingOf, toCategory, type Category } from "../src/core/taxonomy.js";
import { buildApp } from "../src/server/app.js";
import { createServerEvents } from "../src/sinks/events.js";
import { openStore } from "../src/store/open.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const ENTRIES = path.resolve(ROOT, "..", "shared", "corpus", "report-entries.jsonl");
const TARGETS = { quarterP95Ms: 300, correctionP95Ms: 200 };

function option(name: string, fallback: number): number {
  const hit = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.slice(name.length + 3)) : fallback;
}
const opts = {
  records: option("records", 20_000),
  views: option("views", 60),
  corrections: option("corrections", 60),
  keep: process.argv.includes("--keep"),
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Deterministic pseudo-random numbers (the same store every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function loadEntries(): Array<{ line: string; notes: string[]; category: Category }> {
  return readFileSync(ENTRIES, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { text: string; notes: string[]; category: string })
    .map((e) => ({
      line: e.text.replace(/\s*\(\d{1,2}\/\d{1,2}\)/, ""),
      notes: e.notes,
      category: toCategory(e.category) ?? "Strategy & Miscellaneous News -> Misc.",
    }));
}

function makeRecords(count: number, buyers: string[]): StoredRecord[] {
  const entries = loadEntries();
  const random = rng(42);
  const quarters = ["2024 Q1", "2024 Q2", "2024 Q3", "2024 Q4", "2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4"];
  const records: StoredRecord[] = [];
  for (let n = 0; n < count; n++) {
    const entry = entries[n % entries.length]!;
    const quarter = quarters[n % quarters.length]!;
    const year = Number(quarter.slice(0, 4));
    const month = (Number(quarter.slice(-1)) - 1) * 3 + 1 + Math.floor(random() * 3);
    const date = `${year}-${String(month).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
    const company = buyers[Math.floor(n / quarters.length) % buyers.length]!;
    const second = random() < 0.2 ? [buyers[Math.floor(random() * buyers.length)]!].filter((b) => b !== company) : [];
    const url = `https://variety.com/${year}/tv/news/bench-story-${n}/`;
    const id = createHash("sha256").update(url).digest("hex");
    const facts = [
      {
        fact_id: `${id.slice(0, 12)}-1`,
        category: entry.category,
        section: sectionOf(entry.category),
        subheading: subheadingOf(entry.category),
        line: entry.line,
        notes: entry.notes,
      },
    ];
    const flagged = random() < 0.15;
    records.push({
      id,
      company,
      quarter,
      quarter_source: "published_at",
      title: `${entry.line.slice(0, 90)} (story ${n})`,
      lead: `${entry.line}. ${entry.notes.join(" ")} `.repeat(6).slice(0, 600),
      source: "Variety",
      url,
      published_at: date,
      published_datetime: null,
      buyers: { strong: [company, ...second], weak: [] },
      category: entry.category,
      confidence: flagged ? 0.3 : 0.8,
      alternatives: [1, 2, 3].map((k) => ({ category: CATEGORIES[(n + k * 7) % CATEGORIES.length]!, confidence: 0.1 })),
      facts,
      markdown: renderMarkdown({ title: "t", date, url, facts }),
      provider: "offline",
      model: "bench",
      usage: null,
      review: flagged ? ["low confidence 0.30"] : [],
      supersedes: false,
      extra: {},
      input_file: `bench-${n}.json`,
      processed_at: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(),
      schema_version: SCHEMA_VERSION,
    });
  }
  return records;
}

async function main(): Promise<void> {
  const home = mkdtempSync(path.join(os.tmpdir(), "nc-bench-desk-"));
  const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home }, overrides: { server: { port: 0 } } });
  const paths = resolvePaths(config);
  const buyers = config.buyers.map((b) => b.name);
  const records = makeRecords(opts.records, buyers);
  let started = Date.now();
  const { store } = await openStore(config, paths);
  for (let i = 0; i < records.length; i += 1000) await store.commit(records.slice(i, i + 1000).map((record) => ({ record })));
  const seedMs = Date.now() - started;

  const token = "b".repeat(64);
  const app = await buildApp({ config, paths, token, events: createServerEvents() });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address() as { port: number };
  const base = `http://127.0.0.1:${address.port}`;
  const headers = { authorization: `Bearer ${token}`, accept: "text/html" };

  // The first request waits for the desk's first read of the whole store.
  started = Date.now();
  const first = await fetch(`${base}/quarter?quarter=2025%20Q4&buyer=Sony`, { headers });
  await first.text();
  const loadMs = Date.now() - started;

  const quarters = ["2024 Q1", "2024 Q4", "2025 Q2", "2025 Q4"];
  const views: number[] = [];
  let bytes = 0;
  for (let i = 0; i < opts.views + 5; i++) {
    const q = quarters[i % quarters.length]!;
    const b = buyers[i % buyers.length]!;
    const t0 = performance.now();
    const res = await fetch(`${base}/quarter?quarter=${encodeURIComponent(q)}&buyer=${encodeURIComponent(b)}`, { headers });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`quarter view: HTTP ${res.status}`);
    if (i >= 5) {
      views.push(performance.now() - t0);
      bytes += text.length;
    }
  }

  const flagged = records.filter((r) => r.review.length > 0);
  const corrections: number[] = [];
  const posts: number[] = [];
  for (let i = 0; i < opts.corrections + 5; i++) {
    const record = flagged[i * 7]!;
    const next = flagged[i * 7 + 1]!;
    const body = i % 3 === 0 ? { accept: true } : i % 3 === 1 ? { category: "Strategy & Miscellaneous News -> Misc." } : { buyers: { strong: [], weak: [] } };
    const t0 = performance.now();
    const res = await fetch(`${base}/api/desk/records/${record.id}/corrections`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ ...body, base: record.processed_at }),
    });
    const answer = await res.text();
    if (res.status !== 200) throw new Error(`correction: HTTP ${res.status} ${answer}`);
    const t1 = performance.now();
    await (await fetch(`${base}/fragments/record/${next.id}`, { headers })).text();
    if (i >= 5) {
      posts.push(t1 - t0);
      corrections.push(performance.now() - t0);
    }
  }
  await app.close();
  if (!opts.keep) rmSync(home, { recursive: true, force: true });

  const f = (ms: number) => `${Math.round(ms)} ms`;
  const q95 = percentile(views, 95);
  const c95 = percentile(corrections, 95);
  const lines = [
    `### Review desk (${new Date().toISOString().slice(0, 10)}, \`npm run bench:desk\`)`,
    "",
    `${opts.records.toLocaleString("en-US")} records in the store (10 buyers x 8 quarters, ~250 per buyer and quarter), the real server on 127.0.0.1, requests over loopback; ${os.availableParallelism()} cores.`,
    "",
    "| measure | p50 | p95 | max | target |",
    "|---|---|---|---|---|",
    `| quarter view, GET /quarter (${views.length} views, ~${Math.round(bytes / views.length / 1024)} KB HTML) | ${f(percentile(views, 50))} | ${f(q95)} | ${f(Math.max(...views))} | p95 ≤ ${TARGETS.quarterP95Ms} ms |`,
    `| correction round trip: POST correction + GET next record (${corrections.length}) | ${f(percentile(corrections, 50))} | ${f(c95)} | ${f(Math.max(...corrections))} | p95 ≤ ${TARGETS.correctionP95Ms} ms |`,
    `| of which the POST (lock, 3 appends with fsync, catch-up) | ${f(percentile(posts, 50))} | ${f(percentile(posts, 95))} | ${f(Math.max(...posts))} | |`,
    "",
    `First request after start (the desk reads and validates the whole store once): ${f(loadMs)}. Writing the store for the run: ${f(seedMs)}.`,
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  if (q95 > TARGETS.quarterP95Ms || c95 > TARGETS.correctionP95Ms) {
    process.stderr.write("bench-desk: a target was missed\n");
    process.exitCode = 1;
  }
}

await main();
