import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { promises as fs } from "node:fs";
import path from "node:path";
import { rng } from "../../src/engines/offline/train.js";
import { finishedInputs, listFiles, makeArticle, ROOT } from "./daemon.js";

/** Seeded PRNG (mulberry32): a failing fault run can be replayed with FAULT_SEED=<seed>. */
export const seededRandom = rng;

export function faultSeed(): number {
  return process.env.FAULT_SEED ? Number(process.env.FAULT_SEED) : Date.now() % 1_000_000;
}

/** Real article texts from the shared corpus (falls back to generated ones if it is absent). */
let corpusTexts: string[] | undefined;
function corpus(): string[] {
  if (corpusTexts) return corpusTexts;
  try {
    corpusTexts = readFileSync(path.resolve(ROOT, "..", "shared", "corpus", "articles-train.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text)
      .filter((t) => typeof t === "string" && t.trim() !== "");
  } catch {
    corpusTexts = [];
  }
  return corpusTexts;
}

/** One valid article with a unique URL; real text when the corpus is there. */
export function realArticle(i: number, tag: string): Record<string, unknown> {
  const texts = corpus();
  const base = makeArticle(i);
  if (texts.length === 0) return { ...base, url: `https://variety.com/2025/tv/news/${tag}-${i}/` };
  const text = texts[i % texts.length]!;
  return {
    title: `${text.split(/\s+/).slice(0, 10).join(" ")} (${i})`,
    url: `https://deadline.com/2025/tv/news/${tag}-${i}/`,
    published_at: `2025-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`,
    content: text,
  };
}

/**
 * Writes `count` article files into `<home>/staging` (same file system as the inbox) and returns
 * their names; `dropAll` then renames them into the inbox as fast as possible (a burst).
 */
export function stageArticles(home: string, count: number, tag: string): string[] {
  const staging = path.join(home, "staging");
  mkdirSync(staging, { recursive: true });
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${tag}-${String(i).padStart(5, "0")}.json`;
    writeFileSync(path.join(staging, name), JSON.stringify(realArticle(i, tag)));
    names.push(name);
  }
  return names;
}

export function dropAll(home: string, names: readonly string[]): void {
  for (const name of names) renameSync(path.join(home, "staging", name), path.join(home, "inbox", name));
}

interface Ledger {
  inputs: number;
  done: number;
  failed: number;
  /** Inputs found neither in done/ nor failed/ (nor still waiting). */
  lost: string[];
  /** Inputs present more than once in done/ + failed/ (a second copy gets a " (2)" name). */
  duplicatedInputs: string[];
  /** Files in done/ or failed/ that match no input. */
  strangers: string[];
  records: number;
  /** Records whose id was stored more than once. */
  duplicatedRecords: number;
  /** Inputs in done/ without a stored record. */
  missingRecords: string[];
  /** JSONL files whose last line has no newline, or lines that do not parse. */
  tornLines: string[];
  /** Files still in the inbox or in .processing/. */
  leftovers: string[];
  finalOutputBlocks: number;
}

/** Strips the " (2)" that moveNoReplace adds when a name is taken. */
function baseName(name: string): string {
  return name.replace(/ \((\d+)\)(\.[^.]*)?$/, "$2");
}

async function jsonlProblems(dir: string): Promise<{ problems: string[]; lines: Array<Record<string, unknown>> }> {
  const problems: string[] = [];
  const lines: Array<Record<string, unknown>> = [];
  for (const file of await listFiles(dir)) {
    if (!file.endsWith(".jsonl")) continue;
    const text = await fs.readFile(path.join(dir, file), "utf8");
    if (text.length > 0 && !text.endsWith("\n")) problems.push(`${file}: last line has no newline`);
    text.split("\n").forEach((line, i) => {
      if (!line) return;
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        problems.push(`${file}:${i + 1}: not JSON: ${line.slice(0, 80)}`);
      }
    });
  }
  return { problems, lines };
}

/** Checks the exactly-once guarantees for `names` dropped into `home`'s inbox. */
export async function ledger(home: string, names: readonly string[], options: { recordsFor?: readonly string[] } = {}): Promise<Ledger> {
  const inbox = path.join(home, "inbox");
  const { done, failed } = await finishedInputs(home);
  const wanted = new Set(names);
  const seen = new Map<string, number>();
  const strangers: string[] = [];
  for (const name of [...done, ...failed]) {
    const base = baseName(name);
    if (!wanted.has(base) && !wanted.has(name)) {
      strangers.push(name);
      continue;
    }
    const key = wanted.has(name) ? name : base;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const store = await jsonlProblems(path.join(home, "data", "ingest"));
  const traces = await jsonlProblems(path.join(home, "data", "traces"));
  const ids = new Map<string, number>();
  const inputsWithRecord = new Set<string>();
  for (const r of store.lines) {
    ids.set(String(r.id), (ids.get(String(r.id)) ?? 0) + 1);
    inputsWithRecord.add(String(r.input_file));
  }
  const doneSet = new Set(done.map(baseName));
  const recordsFor = options.recordsFor ?? names.filter((n) => doneSet.has(n));
  const leftovers = [
    ...(await fs.readdir(inbox, { withFileTypes: true })).filter((e) => !e.isDirectory() || e.name.endsWith(".json")).map((e) => e.name),
    ...(await listFiles(path.join(inbox, ".processing"))).map((f) => `.processing/${f}`),
  ];
  const finalOutput = await fs.readFile(path.join(home, "data", "final_output.md"), "utf8").catch(() => "");
  return {
    inputs: names.length,
    done: done.length,
    failed: failed.length,
    lost: names.filter((n) => !seen.has(n)),
    duplicatedInputs: [...seen].filter(([, n]) => n > 1).map(([name]) => name),
    strangers,
    records: store.lines.length,
    duplicatedRecords: [...ids.values()].reduce((sum, n) => sum + (n - 1), 0),
    missingRecords: recordsFor.filter((n) => !inputsWithRecord.has(n)),
    tornLines: [...store.problems, ...traces.problems],
    leftovers,
    finalOutputBlocks: (finalOutput.match(/^URL: /gm) ?? []).length,
  };
}

/** The invariants every fault must keep; returns a list of violations (empty = all kept). */
export function violations(l: Ledger, options: { expectRecords?: number } = {}): string[] {
  const out: string[] = [];
  if (l.lost.length) out.push(`${l.lost.length} input(s) lost: ${l.lost.slice(0, 5).join(", ")}`);
  if (l.duplicatedInputs.length) out.push(`${l.duplicatedInputs.length} input(s) finished twice: ${l.duplicatedInputs.slice(0, 5).join(", ")}`);
  if (l.strangers.length) out.push(`unexpected files in done/failed: ${l.strangers.slice(0, 5).join(", ")}`);
  if (l.duplicatedRecords) out.push(`${l.duplicatedRecords} duplicated record(s)`);
  if (l.missingRecords.length) out.push(`${l.missingRecords.length} done input(s) without a record: ${l.missingRecords.slice(0, 5).join(", ")}`);
  if (l.tornLines.length) out.push(`torn JSONL: ${l.tornLines.slice(0, 5).join("; ")}`);
  if (l.leftovers.length) out.push(`left in inbox/.processing: ${l.leftovers.slice(0, 5).join(", ")}`);
  if (options.expectRecords !== undefined && l.records !== options.expectRecords) out.push(`${l.records} records, expected ${options.expectRecords}`);
  if (l.finalOutputBlocks !== l.records) out.push(`${l.finalOutputBlocks} final_output blocks for ${l.records} records`);
  return out;
}

/**
 * One row of docs/reliability.md's table. With FAULTS_REPORT=<file> set, each fault test appends
 * its row there as a JSON line (the doc is written from it).
 */
export function reportRow(row: { fault: string; runs: number; inputs: number; lost: number; duplicated: number; outcome: string; notes?: string }): void {
  const file = process.env.FAULTS_REPORT;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ ...row, time: new Date().toISOString() })}\n`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until done/ + failed/ hold at least `count` inputs. */
export async function allFinished(home: string, count: number) {
  const { done, failed } = await finishedInputs(home);
  return done.length + failed.length >= count ? { done, failed } : false;
}
