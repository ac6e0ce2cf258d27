// The offline engine's outputs on the whole corpus, as a compact snapshot (issue 23): what the speed
// work must leave unchanged. Every article file of ../shared/corpus goes through the worker's
// per-article path in-process (parse, buyers, quarter, classification, review doubts, lines, the
// record): the 148 corpus articles (titled with their first 12 words, as scripts/bench.ts titles
// them), the four samples as they are, and the 3,799 report entries as short articles (the line as
// title, line and notes as content). One line per article: its id, then one short hash per output:
//   b buyers and company   q quarter and date   c category and confidence   p the five best calibrated
//   probabilities, rounded to 1e-9   a alternatives   r review reasons   l the lines (category, text, notes)
//
//   npx tsx scripts/engine-snapshot.ts            # writes tests/fixtures/engine-snapshot.txt (npm run snapshot:engine)
//   npx tsx scripts/engine-snapshot.ts --check    # compares with it; exit 1 naming the first differences
//
// tests/engines/offline/engine-snapshot.test.ts recomputes a sample of it. When a change of the
// model or of what the engine computes is intended, regenerate the file and say why in the commit.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadConfig } from "../src/config/load.js";
import type { Config } from "../src/config/schema.js";
import type { Engine } from "../src/core/engine.js";
import type { StoredRecord } from "../src/core/record.js";
import { docFromInput } from "../src/engines/offline/classifier.js";
import { corpusDir } from "../src/engines/offline/corpus.js";
import { createOfflineEngine } from "../src/engines/offline/index.js";
import { loadModel, predict } from "../src/engines/offline/model.js";
import { parseArticle } from "../src/pipeline/article.js";
import { createBuyerDirectory } from "../src/pipeline/buyer-directory.js";
import { buyerMatcherFor, type BuyerMatcher } from "../src/pipeline/buyers.js";
import { processArticle } from "../src/pipeline/process.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SNAPSHOT_FILE = path.join(ROOT, "tests", "fixtures", "engine-snapshot.txt");
export const SNAPSHOT_FIELDS = ["b", "q", "c", "p", "a", "r", "l"] as const;
type Field = (typeof SNAPSHOT_FIELDS)[number];

/** One input article file of the snapshot. */
export interface SnapshotInput {
  id: string;
  raw: Record<string, unknown>;
}

const HOSTS = ["variety.com", "deadline.com", "hollywoodreporter.com"];

function titleFrom(text: string): string {
  const words = text
    .replace(/^(EXCLUSIVE|UPDATED|BREAKING)[:\s]+/i, "")
    .split(/\s+/)
    .slice(0, 12)
    .join(" ");
  return words.replace(/[.,;:]+$/, "");
}

/** A fixed date and URL per position, so quarters and URL dates vary but never change. */
function dated(i: number, slug: string): { url: string; published_at: string } {
  const month = 1 + (i % 12);
  const day = 1 + ((i * 7) % 28);
  const date = `2025-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return { url: `https://${HOSTS[i % HOSTS.length]}/2025/${String(month).padStart(2, "0")}/${slug}-${i}/`, published_at: date };
}

function jsonl(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Every article file of the corpus, in a fixed order. */
export function snapshotInputs(dir = corpusDir(ROOT)): SnapshotInput[] {
  const out: SnapshotInput[] = [];
  jsonl(path.join(dir, "articles-train.jsonl")).forEach((r, i) => {
    const text = String(r.text ?? "");
    out.push({ id: `article:${String(r.id ?? i)}`, raw: { title: titleFrom(text), content: text, ...dated(i, "news/story") } });
  });
  for (const name of readdirSync(path.join(dir, "samples")).sort()) {
    if (name.endsWith(".json")) out.push({ id: `sample:${name}`, raw: JSON.parse(readFileSync(path.join(dir, "samples", name), "utf8")) });
  }
  jsonl(path.join(dir, "report-entries.jsonl")).forEach((r, i) => {
    const text = String(r.text ?? "");
    const notes = Array.isArray(r.notes) ? r.notes.map(String) : [];
    const title = text.replace(/\s*\(\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\).*$/s, "").trim() || text;
    out.push({ id: `entry:${i + 1}`, raw: { title, content: [text, ...notes].join("\n\n"), ...dated(i, "tv/news/entry") } });
  });
  return out;
}

/** What runs each article: the offline engine and the buyer matcher of the default configuration. */
export interface SnapshotRunner {
  config: Config;
  engine: Engine;
  matcher: BuyerMatcher;
  resolveCompany: (name: string) => string | null;
}

export function snapshotRunner(): SnapshotRunner {
  // A home without a local.json: the shipped defaults only.
  const config = loadConfig({ env: { NEWS_COVERAGE_HOME: path.join(os.tmpdir(), "nc-engine-snapshot-no-home") } });
  return {
    config,
    engine: createOfflineEngine(config.buyers, null),
    matcher: buyerMatcherFor(config),
    resolveCompany: createBuyerDirectory(config.buyers).resolveCompany,
  };
}

/** The outputs of one article, field by field, readable (the snapshot stores their hashes). */
export async function snapshotOutputs(input: SnapshotInput, run: SnapshotRunner): Promise<Record<Field, string>> {
  const parsed = parseArticle(input.raw, run.resolveCompany);
  if (!parsed.ok) {
    const errors = JSON.stringify(parsed.errors);
    return { b: errors, q: "", c: "invalid", p: "", a: "", r: "", l: "" };
  }
  const record: StoredRecord = await processArticle(parsed.article, run.engine, {
    matcher: run.matcher,
    confidenceFloor: run.config.review.confidenceFloor,
    arrivalMs: Date.UTC(2025, 5, 30, 12),
    processedAt: "2026-01-01T00:00:00.000Z",
    inputFile: `${input.id}.json`,
  });
  const probabilities = predict(loadModel(), docFromInput({ article: parsed.article }))
    .slice(0, 5)
    .map((r) => `${r.category}=${r.probability.toFixed(9)}`);
  return {
    b: JSON.stringify([record.company, record.buyers.strong, record.buyers.weak]),
    q: JSON.stringify([record.quarter, record.quarter_source, record.published_at]),
    c: `${record.category} ${record.confidence}`,
    p: probabilities.join("; "),
    a: JSON.stringify(record.alternatives),
    r: JSON.stringify(record.review),
    l: JSON.stringify(record.facts.map((f) => [f.category, f.line, f.notes])),
  };
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

export function snapshotLine(id: string, outputs: Record<Field, string>): string {
  return [id, ...SNAPSHOT_FIELDS.map((f) => `${f}=${shortHash(outputs[f])}`)].join(" ");
}

/** The stored snapshot: id -> field -> hash. */
export function readSnapshot(file = SNAPSHOT_FILE): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim() || line.startsWith("#")) continue;
    const [id, ...fields] = line.split(" ");
    out.set(id!, new Map(fields.map((f) => [f.slice(0, f.indexOf("=")), f.slice(f.indexOf("=") + 1)])));
  }
  return out;
}

/** The differences of `inputs` against the stored snapshot, each naming the article, the outputs that differ and what they are now. */
export async function snapshotDifferences(inputs: readonly SnapshotInput[], run: SnapshotRunner, stored = readSnapshot()): Promise<string[]> {
  const diffs: string[] = [];
  for (const input of inputs) {
    const outputs = await snapshotOutputs(input, run);
    const was = stored.get(input.id);
    if (!was) {
      diffs.push(`${input.id}: not in the snapshot`);
      continue;
    }
    const changed = SNAPSHOT_FIELDS.filter((f) => was.get(f) !== shortHash(outputs[f]));
    if (changed.length > 0) diffs.push(`${input.id}: ${changed.map((f) => `${f} now ${outputs[f].slice(0, 300)}`).join(" | ")}`);
  }
  return diffs;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const run = snapshotRunner();
  const inputs = snapshotInputs();
  if (process.argv.includes("--check")) {
    const diffs = await snapshotDifferences(inputs, run);
    process.stdout.write(`${inputs.length} articles, ${diffs.length} differ from ${path.relative(ROOT, SNAPSHOT_FILE)}\n`);
    for (const d of diffs.slice(0, 20)) process.stdout.write(`${d}\n`);
    process.exit(diffs.length > 0 ? 1 : 0);
  }
  const lines = [`# The offline engine's outputs on the corpus (scripts/engine-snapshot.ts; regenerate: npm run snapshot:engine). Model ${loadModel().id}.`];
  for (const input of inputs) lines.push(snapshotLine(input.id, await snapshotOutputs(input, run)));
  writeFileSync(SNAPSHOT_FILE, `${lines.join("\n")}\n`);
  process.stdout.write(`${inputs.length} articles written to ${path.relative(ROOT, SNAPSHOT_FILE)}\n`);
}
