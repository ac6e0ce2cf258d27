// Daemon benchmark (offline engine): burst throughput against a floor, CPU per article, latency at
// a steady rate, peak memory (also with 10,000 files at once while the desk is read), and what
// workers and micro-batching buy. Runs the built daemon (dist/) as a child process with
// NEWS_COVERAGE_HOME in a fresh temp folder per run, in the default configuration (HTTP API on).
//
//   npm run bench                       build, then every figure (about 3-4 minutes)
//   tsx scripts/bench.ts --only=burst   one part: floor, shell, burst, desk, latency, scaling (comma-separated)
//   options: --burst=3000 --desk=10000 --rate=20 --seconds=30 --keep (keep temp homes)
//            --cpu-prof (profile the daemon) --heap-prof (its main thread's allocations, instead)
//            --json=<file> (also write the figures as JSON)
//            --local='{"pool":{"workers":2}}' (config merged into every home's local.json)
//   A/B:     --a=<cli.js> --b=<cli.js> --pairs=3 [--only=burst,desk]: the two builds alternate
//            (a b, b a, ...) in the same minutes; prints each figure's median per build and b/a.
//            --a-local='<json>' / --b-local='<json>': config for one side only (one build, two
//            configs: --a=dist/cli/index.js --b=dist/cli/index.js --b-local='{"pool":{"workers":2}}')
//
// Prints a Markdown section for docs/benchmarks.md and exits 1 when a target is missed.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { rng } from "../src/engines/offline/train.js";
import { option } from "./args.js";
import { runFloor, type FloorResult } from "./bench-floor.js";

const ROOT = path.resolve(import.meta.dirname, "..");
// --cli=<path> runs another build of the daemon (e.g. a copy of dist/ with a change to compare).
const CLI_ARG = process.argv.slice(2).find((a) => a.startsWith("--cli="));
const CLI = CLI_ARG ? path.resolve(CLI_ARG.slice("--cli=".length)) : path.join(ROOT, "dist", "cli", "index.js");
const CORPUS = path.resolve(ROOT, "..", "shared", "corpus", "articles-train.jsonl");

/** What pool.workers "auto" gives here (src/config/load.ts poolSize), and the other count compared with it. */
const DEFAULT_WORKERS = Math.max(1, os.availableParallelism() - 1);
const OTHER_WORKERS = DEFAULT_WORKERS === 1 ? 2 : 1;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

const TARGETS = { burstPerSecond: 500, floorRatio: 0.5, p50Ms: 300, p99Ms: 1000, peakRssMb: 300, cpuPerArticleMs: 1.5 };

// ---------------------------------------------------------------- options

const opts = {
  burst: Number(option("burst", "3000")),
  desk: Number(option("desk", "10000")),
  local: JSON.parse(option("local", "{}")) as Record<string, unknown>,
  a: option("a", ""),
  b: option("b", ""),
  pairs: Number(option("pairs", "3")),
  aLocal: JSON.parse(option("a-local", "{}")) as Record<string, unknown>,
  bLocal: JSON.parse(option("b-local", "{}")) as Record<string, unknown>,
  rate: Number(option("rate", "20")),
  seconds: Number(option("seconds", "30")),
  only: new Set(option("only", "floor,shell,burst,desk,latency,scaling").split(",")),
  keep: option("keep", "false") === "true",
  cpuProf: option("cpu-prof", "false") === "true",
  heapProf: option("heap-prof", "false") === "true",
  json: option("json", ""),
};

// ---------------------------------------------------------------- inputs

const HOSTS = ["variety.com", "deadline.com", "hollywoodreporter.com", "thewrap.com", "indiewire.com"];
const SECTIONS = ["film", "tv", "biz", "digital", "global"];

function loadTexts(): string[] {
  if (!existsSync(CORPUS)) throw new Error(`corpus not found: ${CORPUS}`);
  const texts = readFileSync(CORPUS, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text)
    .filter((t) => typeof t === "string" && t.trim().length > 0);
  if (texts.length === 0) throw new Error(`no article texts in ${CORPUS}`);
  return texts;
}

function titleFrom(text: string, i: number): string {
  const words = text
    .replace(/^(EXCLUSIVE|UPDATED|BREAKING)[:\s]+/i, "")
    .split(/\s+/)
    .slice(0, 12)
    .join(" ")
    .slice(0, 160); // one corpus text has no spaces for its first 1,000 characters (titles are capped at 1,000)
  return `${words.replace(/[.,;:]+$/, "")} (${i})`;
}

/** Real article texts with generated titles, URLs (unique per run tag) and 2025 dates. */
function articleFiles(texts: string[], count: number, tag: string, seed: number): Array<{ name: string; body: string }> {
  const rand = rng(seed); // deterministic: every run writes the same files
  const out: Array<{ name: string; body: string }> = [];
  for (let i = 0; i < count; i++) {
    const text = texts[i % texts.length]!;
    const host = HOSTS[Math.floor(rand() * HOSTS.length)]!;
    const section = SECTIONS[Math.floor(rand() * SECTIONS.length)]!;
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const date = `2025-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    const article = {
      title: titleFrom(text, i),
      url: `https://${host}/2025/${section}/news/bench-${tag}-${i}-${Math.floor(rand() * 1e9).toString(36)}/`,
      published_at: date,
      content: text,
    };
    out.push({ name: `a-${String(i).padStart(5, "0")}.json`, body: JSON.stringify(article) });
  }
  return out;
}

function writeStaging(dir: string, files: Array<{ name: string; body: string }>): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(path.join(dir, f.name), f.body);
}

// ---------------------------------------------------------------- daemon

/** `over` merged into `base`, objects key by key (the config layers' rule). */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const now = out[key];
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
    out[key] = isObject(now) && isObject(value) ? merge(now, value) : value;
  }
  return out;
}

interface Home {
  home: string;
  inbox: string;
  staging: string;
}

function makeHome(label: string, local: Record<string, unknown>): Home {
  const home = mkdtempSync(path.join(os.tmpdir(), `nc-bench-${label}-`));
  mkdirSync(path.join(home, "config"), { recursive: true });
  const config = merge(merge({ engine: "offline", digest: { enabled: false }, server: { port: 0 } }, opts.local), local);
  writeFileSync(path.join(home, "config", "local.json"), JSON.stringify(config, null, 2));
  mkdirSync(path.join(home, "inbox"), { recursive: true });
  return { home, inbox: path.join(home, "inbox"), staging: path.join(home, "staging") };
}

interface Running {
  child: ChildProcess;
  pid: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

async function startDaemon(home: string, profileDir?: string, cli = CLI): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, NEWS_COVERAGE_HOME: home };
  delete env.OPENAI_API_KEY;
  delete env.NEWS_COVERAGE_PROVIDER;
  // --cpu-prof: CPU profiles of the daemon's threads; --heap-prof: allocation sampling of its main thread.
  const nodeArgs = profileDir ? [opts.heapProf ? "--heap-prof" : "--cpu-prof", `--${opts.heapProf ? "heap" : "cpu"}-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, cli, "start"], { env, stdio: ["ignore", "ignore", "pipe", "ipc"] });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.once("message", (msg) => (msg === "ready" ? resolve() : reject(new Error(`unexpected message ${String(msg)}`))));
    void exited.then((code) => reject(new Error(`daemon exited (${code}) before ready:\n${err}`)));
  });
  return { child, pid: child.pid!, stderr: () => err, exited };
}

async function stopDaemon(d: Running): Promise<void> {
  if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill("SIGINT");
  const timer = setTimeout(() => d.child.kill("SIGKILL"), 15_000);
  await d.exited;
  clearTimeout(timer);
}

function procStatusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** User and system CPU seconds of a process, all its threads (workers included), from /proc. */
function procCpuSeconds(pid: number): { user: number; system: number } {
  try {
    // Fields after the parenthesised command name: utime is the 12th, stime the 13th (clock ticks).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    const ticks = 100; // USER_HZ on Linux
    return { user: Number(fields[11]) / ticks, system: Number(fields[12]) / ticks };
  } catch {
    return { user: NaN, system: NaN };
  }
}

/** Names in done/<day>/ and failed/<day>/ (error reports excluded). */
async function finishedNames(inbox: string): Promise<{ done: string[]; failed: string[] }> {
  const collect = async (root: string) => {
    const out: string[] = [];
    for (const day of await fs.readdir(root).catch(() => [] as string[])) {
      for (const name of await fs.readdir(path.join(root, day)).catch(() => [] as string[])) {
        if (!name.endsWith(".error.json")) out.push(name);
      }
    }
    return out;
  };
  return { done: await collect(path.join(inbox, "done")), failed: await collect(path.join(inbox, "failed")) };
}

function firstRecordModel(home: string): string {
  const ingest = path.join(home, "data", "ingest");
  for (const company of readdirSync(ingest)) {
    const dir = path.join(ingest, company);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".jsonl"))) {
      const line = readFileSync(path.join(dir, file), "utf8").split("\n")[0];
      if (line) {
        const r = JSON.parse(line) as { provider?: string; model?: string };
        return `${r.provider ?? "?"} / ${r.model ?? "?"}`;
      }
    }
  }
  return "(no record)";
}

/** Lines in the store files and distinct record ids among them (exactly once: both equal the files). */
function countRecords(home: string): { lines: number; ids: number } {
  const ingest = path.join(home, "data", "ingest");
  let lines = 0;
  const ids = new Set<string>();
  for (const company of readdirSync(ingest)) {
    for (const file of readdirSync(path.join(ingest, company)).filter((f) => f.endsWith(".jsonl"))) {
      for (const line of readFileSync(path.join(ingest, company, file), "utf8").split("\n")) {
        if (!line) continue;
        lines += 1;
        ids.add((JSON.parse(line) as { id: string }).id);
      }
    }
  }
  return { lines, ids: ids.size };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;
const load = () => os.loadavg()[0]!.toFixed(2);

// ---------------------------------------------------------------- measurements

interface BurstResult {
  label: string;
  files: number;
  ms: number;
  perSecond: number;
  renameMs: number;
  peakRssMb: number;
  hwmMb: number;
  /** VmRSS once the daemon was ready, before the first rename. */
  readyRssMb: number;
  done: number;
  failed: number;
  records: number;
  /** Distinct ids among the store lines. */
  ids: number;
  /** Every file done, none failed, one store line per file and no id twice. */
  exactlyOnce: boolean;
  /** Quarter pages of the desk read during the burst (desk case), and the slowest one. */
  deskReads: number;
  deskMaxMs: number;
  model: string;
  warnings: number;
  loadBefore: string;
  /** CPU the daemon process (main thread + workers) spent per article during the burst, in ms. */
  cpuUserMs: number;
  cpuSystemMs: number;
}

function cleanup(home: Home): void {
  if (!opts.keep) rmSync(home.home, { recursive: true, force: true });
  else console.error(`  kept ${home.home}`);
}

// The offline engine replaced by one that costs nothing: every article gets one fixed category
// and its title as the line. Everything else (watching, claiming, reading, validation, buyers,
// quarter, records, locks, appends, fsyncs, moves, logs) is the real daemon.
const STUB_ENGINE = `export const LINE_WRITER_ID = "stub-lines";
const CATEGORY = "Strategy & Miscellaneous News -> Strategy";
export function createOfflineEngine() {
  return {
    provider: "offline",
    async classify() { return { value: { category: CATEGORY, confidence: 1, alternatives: [] }, model: "stub" }; },
    async writeFacts(input) { return { value: [{ category: CATEGORY, line: input.article.title, notes: [] }], model: LINE_WRITER_ID }; },
  };
}
`;

/**
 * A copy of the build under bench-shell/ (git-ignored; beside node_modules so packages resolve)
 * whose offline engine is STUB_ENGINE. Returns its CLI path.
 */
function shellBuild(): string {
  const root = path.join(ROOT, "bench-shell");
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  cpSync(path.join(path.dirname(CLI), ".."), path.join(root, "dist"), { recursive: true });
  cpSync(path.join(ROOT, "config", "default.json"), path.join(root, "config", "default.json"));
  cpSync(path.join(ROOT, "package.json"), path.join(root, "package.json"));
  writeFileSync(path.join(root, "dist", "engines", "offline", "index.js"), STUB_ENGINE);
  return path.join(root, "dist", "cli", "index.js");
}

async function floor(texts: string[]): Promise<FloorResult> {
  const home = makeHome("floor", {});
  writeStaging(home.inbox, articleFiles(texts, opts.burst, "floor", 1));
  const result = await runFloor(home.inbox, path.join(home.inbox, "done"), path.join(home.home, "data", "floor.jsonl"));
  cleanup(home);
  return result;
}

/** The desk's quarter page read over and over with the API token, one request at a time, until `stop()`. */
function readDeskInLoop(home: string): { stop: () => Promise<{ reads: number; maxMs: number }> } {
  const state = JSON.parse(readFileSync(path.join(home, "data", "state", "health.json"), "utf8")) as { server?: { url: string | null } };
  if (!state.server?.url) throw new Error("the daemon serves no desk (server.enabled is off?)");
  const token = readFileSync(path.join(home, "data", "state", "api-token"), "utf8").trim();
  const url = `${state.server.url}/quarter?quarter=2025-Q2`;
  let reads = 0;
  let maxMs = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      await res.text();
      if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
      reads += 1;
      maxMs = Math.max(maxMs, performance.now() - t);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { reads, maxMs };
    },
  };
}

async function burst(texts: string[], label: string, local: Record<string, unknown>, count: number, cli = CLI, withDesk = false): Promise<BurstResult> {
  const home = makeHome(label.replace(/\W+/g, "-"), local);
  const files = articleFiles(texts, count, label.replace(/\W+/g, ""), 7);
  writeStaging(home.staging, files);
  const profileDir = opts.cpuProf || opts.heapProf ? path.join(ROOT, "bench-profiles", label.replace(/\W+/g, "-")) : undefined;
  const loadBefore = load();
  const daemon = await startDaemon(home.home, profileDir, cli);
  const readyKb = procStatusKb(daemon.pid, "VmRSS");
  let peakKb = 0;
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, procStatusKb(daemon.pid, "VmRSS"))), 50);
  const desk = withDesk ? readDeskInLoop(home.home) : undefined;
  const cpuBefore = procCpuSeconds(daemon.pid);
  const t0 = performance.now();
  for (const f of files) renameSync(path.join(home.staging, f.name), path.join(home.inbox, f.name));
  const renameMs = performance.now() - t0;
  let finished = { done: [] as string[], failed: [] as string[] };
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    finished = await finishedNames(home.inbox);
    if (finished.done.length + finished.failed.length >= count) break;
    if (Date.now() > deadline) throw new Error(`${label}: only ${finished.done.length + finished.failed.length} of ${count} finished in 5 minutes`);
    // Every poll lists up to 5,000 names on the same 2 cores the daemon runs on: every 100 ms costs
    // the measured daemon less CPU than every 20 ms did, and overstates the time by at most 0.1 s.
    await sleep(100);
  }
  const ms = performance.now() - t0;
  const cpuAfter = procCpuSeconds(daemon.pid);
  const deskRun = await desk?.stop();
  clearInterval(sampler);
  const hwmKb = procStatusKb(daemon.pid, "VmHWM");
  peakKb = Math.max(peakKb, procStatusKb(daemon.pid, "VmRSS"));
  await stopDaemon(daemon);
  const records = countRecords(home.home);
  const result: BurstResult = {
    label,
    files: count,
    ms,
    perSecond: count / (ms / 1000),
    renameMs,
    peakRssMb: mb(peakKb),
    hwmMb: mb(hwmKb),
    readyRssMb: mb(readyKb),
    done: finished.done.length,
    failed: finished.failed.length,
    records: records.lines,
    ids: records.ids,
    exactlyOnce: finished.done.length === count && finished.failed.length === 0 && records.lines === count && records.ids === count,
    deskReads: deskRun?.reads ?? 0,
    deskMaxMs: deskRun?.maxMs ?? 0,
    model: firstRecordModel(home.home),
    warnings: daemon
      .stderr()
      .split("\n")
      .filter((l) => / (warn|error): /.test(l)).length,
    loadBefore,
    cpuUserMs: ((cpuAfter.user - cpuBefore.user) * 1000) / count,
    cpuSystemMs: ((cpuAfter.system - cpuBefore.system) * 1000) / count,
  };
  cleanup(home);
  return result;
}

interface LatencyResult {
  files: number;
  rate: number;
  seconds: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  lost: number;
  loadBefore: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function latency(texts: string[]): Promise<LatencyResult> {
  const count = Math.round(opts.rate * opts.seconds);
  const home = makeHome("latency", {});
  const files = articleFiles(texts, count, "lat", 11);
  writeStaging(home.staging, files);
  const loadBefore = load();
  const daemon = await startDaemon(home.home);
  const sent = new Map<string, number>();
  const arrived = new Map<string, number>();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const { done, failed } = await finishedNames(home.inbox);
      const now = performance.now();
      for (const name of [...done, ...failed]) if (!arrived.has(name)) arrived.set(name, now);
      await sleep(10);
    }
  })();
  const start = performance.now() + 50;
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / opts.rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const f = files[i]!;
    sent.set(f.name, performance.now());
    renameSync(path.join(home.staging, f.name), path.join(home.inbox, f.name));
  }
  const deadline = Date.now() + 30_000;
  while (arrived.size < count && Date.now() < deadline) await sleep(20);
  polling = false;
  await poller;
  await stopDaemon(daemon);
  const latencies = [...sent]
    .filter(([name]) => arrived.has(name))
    .map(([name, t]) => arrived.get(name)! - t)
    .sort((a, b) => a - b);
  cleanup(home);
  return {
    files: count,
    rate: opts.rate,
    seconds: opts.seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    lost: count - latencies.length,
    loadBefore,
  };
}

// ---------------------------------------------------------------- report

function machineLine(): string {
  const cpus = os.cpus();
  const fsType = (() => {
    try {
      return execFileSync("df", ["-T", os.tmpdir()], { encoding: "utf8" }).split("\n")[1]?.split(/\s+/)[1] ?? "?";
    } catch {
      return "?";
    }
  })();
  return (
    `${cpus[0]?.model.trim() ?? "?"}, nproc ${os.availableParallelism()}, ` +
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, ` +
    `temp folder ${os.tmpdir()} on ${fsType}`
  );
}

function gitLine(): string {
  try {
    const rev = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "src"], { cwd: ROOT, encoding: "utf8" }).trim();
    return dirty ? `${rev} + uncommitted changes in src/ (${dirty.split("\n").length} paths)` : rev;
  } catch {
    return "?";
  }
}

const exactly = (r: BurstResult) =>
  `${r.done} done, ${r.failed} failed, ${r.records} store lines, ${r.ids} ids of ${r.files} files${r.exactlyOnce ? "" : " (**not exactly once**)"}`;
const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "n/a");
const ok = (pass: boolean) => (pass ? "met" : "**missed**");

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * A/B: the burst (and the desk case) of build a and build b, alternating a b, b a, ... so both
 * see the same minutes of a shared machine; each figure's median per build and the ratio b/a.
 */
async function abMode(texts: string[]): Promise<void> {
  const builds = { a: path.resolve(opts.a), b: path.resolve(opts.b) };
  for (const cli of Object.values(builds)) if (!existsSync(cli)) throw new Error(`${cli} is missing`);
  const parts = (["burst", "desk"] as const).filter((part) => opts.only.has(part));
  const runs: Record<"a" | "b", Record<string, BurstResult[]>> = { a: {}, b: {} };
  for (let pair = 0; pair < opts.pairs; pair++) {
    for (const which of pair % 2 === 0 ? (["a", "b"] as const) : (["b", "a"] as const)) {
      for (const part of parts) {
        const count = part === "desk" ? opts.desk : opts.burst;
        const r = await burst(texts, `${which} ${part}`, which === "a" ? opts.aLocal : opts.bLocal, count, builds[which], part === "desk");
        (runs[which][part] ??= []).push(r);
        console.error(
          `  pair ${pair + 1} ${which} ${part}: ${f0(r.perSecond)}/s, CPU ${(r.cpuUserMs + r.cpuSystemMs).toFixed(2)} ms, ${r.hwmMb} MB, load ${r.loadBefore}${r.exactlyOnce ? "" : ", NOT exactly once"}`,
        );
      }
    }
  }
  const lines = [
    `A/B of ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${opts.pairs} pairs (a b, b a, ...).`,
    `- a: ${builds.a}${Object.keys(opts.aLocal).length ? ` with ${JSON.stringify(opts.aLocal)}` : ""}`,
    `- b: ${builds.b}${Object.keys(opts.bLocal).length ? ` with ${JSON.stringify(opts.bLocal)}` : ""}`,
    `- Command: \`npx tsx scripts/bench.ts ${process.argv.slice(2).join(" ")}\``,
    `- Machine: ${machineLine()}`,
    "",
    "| figure | a: median (runs) | b: median (runs) | b / a |",
    "|---|---|---|---|",
  ];
  const figures: Array<[string, (r: BurstResult) => number, number]> = [
    ["articles/s", (r) => r.perSecond, 0],
    ["CPU per article, ms (user + system)", (r) => r.cpuUserMs + r.cpuSystemMs, 2],
    ["peak RSS (VmHWM), MB", (r) => r.hwmMb, 0],
    ["RSS at ready, MB", (r) => r.readyRssMb, 0],
    ["load average before", (r) => Number(r.loadBefore), 2],
  ];
  const out: Record<string, unknown> = { builds, runs };
  for (const part of parts) {
    const count = part === "desk" ? opts.desk : opts.burst;
    for (const [name, of, digits] of figures) {
      const a = runs.a[part]!.map(of);
      const b = runs.b[part]!.map(of);
      const show = (v: number[]) => `${median(v).toFixed(digits)} (${v.map((x) => x.toFixed(digits)).join(", ")})`;
      lines.push(`| ${part} (${f0(count)} files): ${name} | ${show(a)} | ${show(b)} | ${(median(b) / median(a)).toFixed(2)} |`);
    }
    const once = (which: "a" | "b") => runs[which][part]!.every((r) => r.exactlyOnce);
    lines.push(`| ${part}: every file stored exactly once, every run | ${once("a") ? "yes" : "**no**"} | ${once("b") ? "yes" : "**no**"} | |`);
  }
  const markdown = lines.join("\n");
  console.log(markdown);
  if (opts.json) writeFileSync(opts.json, `${JSON.stringify({ ...out, markdown }, null, 2)}\n`);
}

async function main(): Promise<void> {
  const texts = loadTexts();
  if (opts.a || opts.b) return abMode(texts);
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm run bench does)`);
  const started = new Date();
  console.error(`bench: ${machineLine()}`);
  const out: Record<string, unknown> = {
    started: started.toISOString(),
    machine: machineLine(),
    commit: gitLine(),
    options: { ...opts, only: [...opts.only] },
  };

  let floorResult: FloorResult | undefined;
  let main: BurstResult | undefined;
  let deskRun: BurstResult | undefined;
  let shell: BurstResult | undefined;
  let lat: LatencyResult | undefined;
  const scaling: BurstResult[] = [];

  if (opts.only.has("floor")) {
    console.error(`floor: ${opts.burst} files...`);
    floorResult = await floor(texts);
    console.error(`  ${f0(floorResult.perSecond)} files/s`);
    out.floor = floorResult;
  }
  if (opts.only.has("shell")) {
    console.error(`shell: ${opts.burst} files, the daemon with a zero-cost stub engine...`);
    shell = await burst(texts, "daemon shell, stub engine", {}, opts.burst, shellBuild());
    console.error(`  ${f0(shell.perSecond)} articles/s`);
    out.shell = shell;
  }
  if (opts.only.has("burst")) {
    console.error(`burst: ${opts.burst} files, default config (${DEFAULT_WORKERS} worker(s), maxBatch 64)...`);
    main = await burst(texts, `default: ${plural(DEFAULT_WORKERS, "worker")} ("auto"), maxBatch 64`, {}, opts.burst);
    console.error(`  ${f0(main.perSecond)} articles/s, peak RSS ${main.peakRssMb} MB, model ${main.model}`);
    out.burst = main;
  }
  if (opts.only.has("desk")) {
    console.error(`desk: ${opts.desk} files at once, the desk's quarter page read in a loop...`);
    deskRun = await burst(texts, "10,000 at once, desk read in a loop", {}, opts.desk, CLI, true);
    console.error(`  ${f0(deskRun.perSecond)} articles/s, peak RSS ${deskRun.hwmMb} MB, ${deskRun.deskReads} desk reads`);
    out.desk = deskRun;
  }
  if (opts.only.has("latency")) {
    console.error(`latency: ${opts.rate} files/s for ${opts.seconds} s...`);
    lat = await latency(texts);
    console.error(`  p50 ${f0(lat.p50)} ms, p99 ${f0(lat.p99)} ms`);
    out.latency = lat;
  }
  if (opts.only.has("scaling")) {
    for (const [label, local] of [
      [`${plural(OTHER_WORKERS, "worker")}, maxBatch 64`, { pool: { workers: OTHER_WORKERS } }],
      [`${plural(DEFAULT_WORKERS, "worker")}, maxBatch 1 (no micro-batching)`, { batch: { maxBatch: 1 } }],
      [`${plural(OTHER_WORKERS, "worker")}, maxBatch 1`, { pool: { workers: OTHER_WORKERS }, batch: { maxBatch: 1 } }],
    ] as const) {
      console.error(`scaling: ${label}...`);
      const r = await burst(texts, label, local, opts.burst);
      console.error(`  ${f0(r.perSecond)} articles/s`);
      scaling.push(r);
    }
    out.scaling = scaling;
  }

  const misses: string[] = [];
  const lines: string[] = [];
  lines.push(`Run of ${started.toISOString().slice(0, 16).replace("T", " ")} UTC, commit ${gitLine()}.`, "");
  const args = process.argv.slice(2).join(" ");
  lines.push(`- Command: ${args ? `\`npx tsx scripts/bench.ts ${args}\` after \`npm run build\`` : "`npm run bench`"}`);
  lines.push(`- Machine: ${machineLine()}`);
  if (main) lines.push(`- Engine: records written by \`${main.model}\` (provider / model field of the stored records)`);
  lines.push("");
  lines.push("| figure | measured | target | |", "|---|---|---|---|");
  if (main) {
    const pass = main.perSecond >= TARGETS.burstPerSecond;
    if (!pass) misses.push("burst throughput");
    lines.push(
      `| Burst: ${f0(main.files)} files renamed into inbox/ while the daemon runs, first rename to last input in done/ | ` +
        `${f0(main.perSecond)} articles/s (${(main.ms / 1000).toFixed(2)} s; renames took ${f0(main.renameMs)} ms; ${main.done} done, ${main.failed} failed, ${main.records} records) | ≥ ${TARGETS.burstPerSecond}/s | ${ok(pass)} |`,
    );
  }
  if (floorResult) {
    lines.push(
      `| Floor: read each file, append one JSONL line (one lock for the run; one write + fsync per line, as spec §6 asks of the store), rename into done/ (\`scripts/bench-floor.ts\`) | ${f0(floorResult.perSecond)} files/s (${(floorResult.ms / 1000).toFixed(2)} s) | | |`,
    );
  }
  if (shell) {
    const vsFloor = floorResult ? `; ${(shell.perSecond / floorResult.perSecond).toFixed(2)} of the floor` : "";
    lines.push(
      `| Daemon shell alone: the same burst with the engine replaced by a zero-cost stub (fixed category, title as line) | ${f0(shell.perSecond)} articles/s (CPU ${(shell.cpuUserMs + shell.cpuSystemMs).toFixed(2)} ms per article${vsFloor}) | | |`,
    );
  }
  if (main && floorResult) {
    const ratio = main.perSecond / floorResult.perSecond;
    if (ratio < TARGETS.floorRatio) misses.push("floor ratio");
    lines.push(`| Daemon / floor | ${ratio.toFixed(2)} | ≥ ${TARGETS.floorRatio} | ${ok(ratio >= TARGETS.floorRatio)} |`);
  }
  if (main) {
    const cpu = main.cpuUserMs + main.cpuSystemMs;
    const cpuPass = cpu <= TARGETS.cpuPerArticleMs;
    if (!cpuPass) misses.push("CPU per article");
    lines.push(
      `| CPU of the daemon process per article over the burst (all threads, user + system, /proc/<pid>/stat) | ${cpu.toFixed(2)} ms (${main.cpuUserMs.toFixed(2)} + ${main.cpuSystemMs.toFixed(2)}) | ≤ ${TARGETS.cpuPerArticleMs} ms | ${ok(cpuPass)} |`,
    );
    if (!main.exactlyOnce) misses.push("exactly once");
    lines.push(`| Every file stored exactly once (done/, failed/, store lines, distinct ids) | ${exactly(main)} | all | ${ok(main.exactlyOnce)} |`);
    const pass = Math.max(main.peakRssMb, main.hwmMb) <= TARGETS.peakRssMb;
    if (!pass) misses.push("peak RSS");
    lines.push(
      `| Peak RSS of the daemon and its worker threads during the burst | ${main.hwmMb} MB VmHWM (sampled VmRSS max ${main.peakRssMb} MB; ${main.readyRssMb} MB at ready) | ≤ ${TARGETS.peakRssMb} MB | ${ok(pass)} |`,
    );
  }
  if (deskRun) {
    const pass = Math.max(deskRun.peakRssMb, deskRun.hwmMb) <= TARGETS.peakRssMb && deskRun.exactlyOnce;
    if (!pass) misses.push("peak RSS with 10,000 files and the desk");
    lines.push(
      `| ${f0(deskRun.files)} files renamed at once while the desk's quarter page is read in a loop (${deskRun.deskReads} reads, slowest ${f0(deskRun.deskMaxMs)} ms): peak RSS | ` +
        `${deskRun.hwmMb} MB VmHWM; ${f0(deskRun.perSecond)} articles/s, CPU ${(deskRun.cpuUserMs + deskRun.cpuSystemMs).toFixed(2)} ms per article with the reads; ${exactly(deskRun)} | ≤ ${TARGETS.peakRssMb} MB, exactly once | ${ok(pass)} |`,
    );
  }
  if (lat) {
    const p50 = lat.p50 <= TARGETS.p50Ms && lat.lost === 0;
    const p99 = lat.p99 <= TARGETS.p99Ms && lat.lost === 0;
    if (!p50) misses.push("latency p50");
    if (!p99) misses.push("latency p99");
    const how = `${lat.rate} files/s for ${lat.seconds} s (${lat.files} files), rename into inbox/ to arrival in done/ (done/ polled every 10 ms)`;
    lines.push(`| Latency p50: ${how} | ${f0(lat.p50)} ms | ≤ ${TARGETS.p50Ms} ms | ${ok(p50)} |`);
    lines.push(
      `| Latency p99 (p90 ${f0(lat.p90)} ms, max ${f0(lat.max)} ms, mean ${f0(lat.mean)} ms${lat.lost ? `, ${lat.lost} never arrived` : ""}) | ${f0(lat.p99)} ms | ≤ ${TARGETS.p99Ms} ms | ${ok(p99)} |`,
    );
  }
  if (scaling.length > 0 || main) {
    lines.push("", "Scaling (same burst, one config change each; fresh home and daemon per row):", "");
    lines.push("| config | articles/s | vs default | CPU per article (user + system) | peak RSS (VmHWM) | load avg before |", "|---|---|---|---|---|---|");
    for (const r of [main, ...scaling].filter((x): x is BurstResult => Boolean(x))) {
      const rel = main ? `${(r.perSecond / main.perSecond).toFixed(2)}×` : "";
      const cpu = `${(r.cpuUserMs + r.cpuSystemMs).toFixed(2)} ms (${r.cpuUserMs.toFixed(2)} + ${r.cpuSystemMs.toFixed(2)})`;
      lines.push(`| ${r.label} | ${f0(r.perSecond)} | ${rel} | ${cpu} | ${r.hwmMb} MB | ${r.loadBefore} |`);
    }
  }
  lines.push("", misses.length === 0 ? "All targets met." : `Targets missed: ${misses.join(", ")}.`);
  const markdown = lines.join("\n");
  console.log(markdown);
  out.markdown = markdown;
  out.misses = misses;
  if (opts.json) writeFileSync(opts.json, `${JSON.stringify(out, null, 2)}\n`);
  process.exitCode = misses.length === 0 ? 0 : 1;
}

await main();
