// Start-up benchmark: time to ready and peak memory of the real daemon (dist/) over a large store.
//
//   npm run bench:startup                       build, then 200,000 records, 3 starts
//   tsx scripts/bench-startup.ts --records=N --runs=N --keep --home=<kept home> --json=<file> --cli=<path>
//
// The store is made of real records: the article texts of ../shared/corpus/articles-train.jsonl
// run once through the real pipeline (`process --dry-run --json`), then cloned with fresh URLs and
// ids over 10 buyers x 12 quarters, plus one final_output.md block per record. Time to ready is from
// spawn to pm2's 'ready' message; peak memory is the daemon's VmHWM (/proc/<pid>/status) at ready.
// Exits 1 when the median misses a target (3 s, 300 MB).
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { folderSafeName } from "../src/pipeline/buyer-directory.js";
import { finalOutputBlock } from "../src/pipeline/process.js";
import type { StoredRecord } from "../src/core/record.js";
import { option } from "./args.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const CORPUS = path.resolve(ROOT, "..", "shared", "corpus", "articles-train.jsonl");
const TARGETS = { readyMs: 3000, peakRssMb: 300 };

const opts = {
  records: Number(option("records", "200000")),
  runs: Number(option("runs", "3")),
  keep: option("keep", "false") === "true",
  json: option("json", ""),
  /** A home kept by an earlier --keep run: measured as it is, not rebuilt, not removed. */
  home: option("home", ""),
  cli: path.resolve(option("cli", path.join(ROOT, "dist", "cli", "index.js"))),
};

function cliEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEWS_COVERAGE_HOME: home, NEWS_COVERAGE_PROVIDER: "offline" };
  delete env.OPENAI_API_KEY;
  return env;
}

/** Real records from the corpus texts, through the real pipeline, nothing written. */
function templateRecords(home: string): StoredRecord[] {
  const texts = readFileSync(CORPUS, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text);
  const staging = path.join(home, "staging");
  mkdirSync(staging, { recursive: true });
  texts.forEach((text, i) => {
    // the headline limit is 1,000 characters: a text without spaces early on is cut to a headline's length
    const title = text.split(/\s+/).slice(0, 12).join(" ").slice(0, 140);
    const article = { title, url: `https://variety.com/2025/tv/news/template-${i}/`, published_at: "2025-06-01", content: text };
    writeFileSync(path.join(staging, `t-${i}.json`), JSON.stringify(article));
  });
  const out = execFileSync(process.execPath, [opts.cli, "process", staging, "--dry-run", "--json"], {
    env: cliEnv(home),
    maxBuffer: 1 << 28,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  rmSync(staging, { recursive: true, force: true });
  return out
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as StoredRecord);
}

const QUARTERS = ["2023", "2024", "2025"].flatMap((y) => [1, 2, 3, 4].map((q) => `${y} Q${q}`));

/** `count` records over the store files, and a final_output.md block for each. Returns the bytes written. */
function buildStore(home: string, templates: StoredRecord[], count: number): { storeBytes: number; files: number; finalBytes: number } {
  const ingest = path.join(home, "data", "ingest");
  const byFile = new Map<string, string[]>();
  const finalFd = openSync(path.join(home, "data", "final_output.md"), "w");
  let finalBytes = 0;
  let storeBytes = 0;
  const flush = (file: string, lines: string[]) => {
    mkdirSync(path.dirname(file), { recursive: true });
    const fd = openSync(file, "a");
    const text = lines.join("");
    storeBytes += Buffer.byteLength(text);
    writeSync(fd, text);
    closeSync(fd);
    lines.length = 0;
  };
  for (let i = 0; i < count; i++) {
    const t = templates[i % templates.length]!;
    const url = `https://variety.com/2025/tv/news/startup-bench-${i}/`;
    const quarter = QUARTERS[i % QUARTERS.length]!;
    const record: StoredRecord = { ...t, id: createHash("sha256").update(url).digest("hex"), url, quarter, input_file: `a-${i}.json` };
    const file = path.join(ingest, folderSafeName(record.company === "Unknown" ? "Unknown" : record.company), `${quarter}.jsonl`);
    const lines = byFile.get(file) ?? [];
    lines.push(`${JSON.stringify(record)}\n`);
    byFile.set(file, lines);
    if (lines.length >= 2000) flush(file, lines);
    const block = (i > 0 ? "\n" : "") + finalOutputBlock(record);
    finalBytes += Buffer.byteLength(block);
    writeSync(finalFd, block);
  }
  for (const [file, lines] of byFile) if (lines.length > 0) flush(file, lines);
  closeSync(finalFd);
  return { storeBytes, files: byFile.size, finalBytes };
}

function status(pid: number, key: "VmHWM" | "VmRSS"): number {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN);
  return kb / 1024;
}

/** User + system CPU seconds of the process (all its threads) so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

async function startOnce(home: string): Promise<{ readyMs: number; cpuS: number; peakRssMb: number; rssMb: number; stored: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [opts.cli, "start"], { env: cliEnv(home), stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      child.once("message", (msg) => (msg === "ready" ? resolve() : reject(new Error(`unexpected message ${String(msg)}`))));
      void exited.then(() => reject(new Error(`daemon exited before ready:\n${out}`)));
    });
    const readyMs = performance.now() - started;
    const result = {
      readyMs,
      cpuS: cpuSeconds(child.pid!),
      peakRssMb: status(child.pid!, "VmHWM"),
      rssMb: status(child.pid!, "VmRSS"),
      stored: /(\d+) stored records/.exec(out)?.[1] ?? "?",
    };
    return result;
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  if (!existsSync(opts.cli)) throw new Error(`${opts.cli} not found: run npm run build`);
  const home = opts.home ? path.resolve(opts.home) : mkdtempSync(path.join(os.tmpdir(), "nc-bench-startup-"));
  try {
    let store: { storeBytes: number; files: number; finalBytes: number };
    if (opts.home) {
      store = JSON.parse(readFileSync(path.join(home, "store.json"), "utf8")) as typeof store;
    } else {
      mkdirSync(path.join(home, "config"), { recursive: true });
      mkdirSync(path.join(home, "inbox"), { recursive: true });
      mkdirSync(path.join(home, "data"), { recursive: true });
      writeFileSync(path.join(home, "config", "local.json"), JSON.stringify({ engine: "offline", digest: { enabled: false } }, null, 2));
      const built = performance.now();
      const templates = templateRecords(home);
      store = buildStore(home, templates, opts.records);
      writeFileSync(path.join(home, "store.json"), JSON.stringify(store));
      const buildS = ((performance.now() - built) / 1000).toFixed(1);
      process.stderr.write(
        `store: ${opts.records} records (${templates.length} templates) in ${store.files} files, ${(store.storeBytes / 1e6).toFixed(0)} MB, final_output.md ${(store.finalBytes / 1e6).toFixed(0)} MB, built in ${buildS} s\n`,
      );
    }
    const runs = [];
    for (let i = 0; i < opts.runs; i++) {
      const run = await startOnce(home);
      process.stderr.write(
        `run ${i + 1}: ready in ${run.readyMs.toFixed(0)} ms (${run.cpuS.toFixed(2)} s CPU), peak RSS ${run.peakRssMb.toFixed(0)} MB (RSS at ready ${run.rssMb.toFixed(0)} MB), ${run.stored} stored records\n`,
      );
      runs.push(run);
    }
    const readyMs = median(runs.map((r) => r.readyMs));
    const peakRssMb = median(runs.map((r) => r.peakRssMb));
    const pass = readyMs <= TARGETS.readyMs && peakRssMb <= TARGETS.peakRssMb;
    const load = os.loadavg()[0]!.toFixed(1);
    process.stdout.write(
      [
        `| records | store | runs | time to ready (median) | CPU to ready (median) | peak RSS (median) | load avg | result |`,
        `|---|---|---|---|---|---|---|---|`,
        `| ${opts.records.toLocaleString("en-US")} | ${store.files} files, ${(store.storeBytes / 1e6).toFixed(0)} MB (+ final_output.md ${(store.finalBytes / 1e6).toFixed(0)} MB) | ${opts.runs} | ${(readyMs / 1000).toFixed(2)} s (${runs.map((r) => (r.readyMs / 1000).toFixed(2)).join(", ")}) | ${median(runs.map((r) => r.cpuS)).toFixed(2)} s | ${peakRssMb.toFixed(0)} MB | ${load} | ${pass ? "pass" : "FAIL"} (targets ${TARGETS.readyMs / 1000} s, ${TARGETS.peakRssMb} MB) |`,
        "",
      ].join("\n"),
    );
    if (opts.json) writeFileSync(opts.json, JSON.stringify({ records: opts.records, store, runs, readyMs, peakRssMb, pass }, null, 2));
    if (!pass) process.exitCode = 1;
  } finally {
    if (opts.keep) process.stderr.write(`kept ${home} (measure it again with --home=${home})\n`);
    else if (!opts.home) rmSync(home, { recursive: true, force: true });
  }
}

await main();
