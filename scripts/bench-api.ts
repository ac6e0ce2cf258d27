// HTTP API benchmark: runs the built daemon (dist/) as a child process with the API on port 0.
//
//   npm run bench:api                      both parts (about 2 minutes)
//   tsx scripts/bench-api.ts --only=load   20 POST /api/articles?wait per second for 30 s:
//                                          request-to-stored p50/p99 (target p99 <= 500 ms), 0 lost
//   tsx scripts/bench-api.ts --only=placement
//                                          GET /api/health and POST latency while the daemon takes a
//                                          1,000-file burst, with the server on its own worker thread
//                                          (server.thread "worker", the default) and on the daemon's
//                                          main thread ("main")
//   options: --rate=20 --seconds=30 --burst=1000 --keep (keep temp homes)
//
// Prints Markdown for docs/benchmarks.md; exits 1 when the load target is missed.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { spawn } from "node:child_process";
import { startDaemon, stopDaemon, storedRecords, type RunningDaemon } from "../tests/helpers/daemon.js";

const CORPUS = path.resolve(import.meta.dirname, "..", "..", "shared", "corpus", "articles-train.jsonl");

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "20" },
    seconds: { type: "string", default: "30" },
    burst: { type: "string", default: "1000" },
    only: { type: "string", default: "load,placement,startup" },
    records: { type: "string", default: "20000" },
    keep: { type: "boolean", default: false },
  },
});
const opts = {
  rate: Number(values.rate),
  seconds: Number(values.seconds),
  burst: Number(values.burst),
  only: new Set(values.only.split(",")),
  records: Number(values.records),
  keep: values.keep,
};
const TARGET_P99_MS = 500;

// ---------------------------------------------------------------- inputs

const texts = readFileSync(CORPUS, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { text: string }).text)
  .filter((t) => typeof t === "string" && t.trim().length > 0);

let serial = 0;
function article(tag: string): Record<string, unknown> {
  serial += 1;
  const text = texts[serial % texts.length]!;
  const words = text
    .replace(/^(EXCLUSIVE|UPDATED|BREAKING)[:\s]+/i, "")
    .split(/\s+/)
    .slice(0, 12)
    .join(" ");
  return {
    title: `${words.replace(/[.,;:]+$/, "")} (${serial})`,
    url: `https://variety.com/2025/tv/news/api-bench-${tag}-${serial}-${process.pid}/`,
    published_at: `2025-${String(1 + (serial % 12)).padStart(2, "0")}-15`,
    content: text,
  };
}

// ---------------------------------------------------------------- daemon

interface Api {
  home: string;
  daemon: RunningDaemon;
  url: string;
  token: string;
  /** Spawn to ready (the server listens before the daemon starts). */
  startMs: number;
}

/** Peak resident memory of a process (all threads), from /proc. */
function peakRssMb(pid: number): number {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function startApi(label: string, server: Record<string, unknown>): Promise<Api> {
  const home = mkdtempSync(path.join(os.tmpdir(), `nc-bench-api-${label}-`));
  mkdirSync(path.join(home, "config"), { recursive: true });
  mkdirSync(path.join(home, "inbox"), { recursive: true });
  const config = { engine: "offline", digest: { enabled: false }, server: { port: 0, ...server } };
  writeFileSync(path.join(home, "config", "local.json"), JSON.stringify(config, null, 2));
  const t0 = performance.now();
  const daemon = await startDaemon(home);
  const startMs = performance.now() - t0;
  const health = JSON.parse(readFileSync(path.join(home, "data", "state", "health.json"), "utf8")) as { server?: { url: string | null } };
  if (!health.server?.url) throw new Error(`the daemon serves no API:\n${daemon.output()}\n${daemon.stderr()}`);
  const token = readFileSync(path.join(home, "data", "state", "api-token"), "utf8").trim();
  return { home, daemon, url: health.server.url, token, startMs };
}

async function finish(api: Api): Promise<void> {
  await stopDaemon(api.daemon);
  if (!opts.keep) rmSync(api.home, { recursive: true, force: true });
}

async function post(api: Api, body: unknown, query = ""): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${api.url}/api/articles${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${api.token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : "n/a");
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

/** One article through ?wait first: the engine's model loads on the first article. */
async function warmUp(api: Api): Promise<void> {
  const res = await post(api, article("warm"), "?wait=30");
  if (res.json.status !== "stored") throw new Error(`warm-up article not stored: ${JSON.stringify(res.json)}`);
}

// ---------------------------------------------------------------- load: request to stored

interface LoadResult {
  sent: number;
  accepted: number;
  stored: number;
  lost: number;
  p50: number;
  p99: number;
  max: number;
  /** The daemon's own arrival-to-settled time for the same files (trace duration_ms): the rest is the API's share. */
  daemonP50: number;
  daemonP99: number;
  errors: string[];
}

function traceDurations(home: string, prefix: string): number[] {
  const dir = path.join(home, "data", "traces");
  const out: number[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".jsonl"))) {
    for (const line of readFileSync(path.join(dir, file), "utf8").split("\n").filter(Boolean)) {
      const trace = JSON.parse(line) as { file: string; outcome: string; duration_ms: number };
      if (trace.outcome === "stored" && trace.file.startsWith(prefix)) out.push(trace.duration_ms);
    }
  }
  return out;
}

async function runLoad(): Promise<LoadResult> {
  const api = await startApi("load", {});
  try {
    await warmUp(api);
    const total = opts.rate * opts.seconds;
    const latencies: number[] = [];
    const ids: string[] = [];
    const errors: string[] = [];
    const started = performance.now();
    const requests: Array<Promise<void>> = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / opts.rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const body = article("load");
      requests.push(
        (async () => {
          const t0 = performance.now();
          try {
            const res = await post(api, body, "?wait=10");
            if (typeof res.json.id === "string") ids.push(res.json.id);
            if (res.json.status === "stored") latencies.push(performance.now() - t0);
            else errors.push(`${res.status} ${String(res.json.status ?? res.json.error)}`);
          } catch (err) {
            errors.push((err as Error).message);
          }
        })(),
      );
    }
    await Promise.all(requests);
    // Anything still pending is given time to finish before it counts as lost.
    const deadline = Date.now() + 60_000;
    let stored = 0;
    for (;;) {
      const files = new Set((await storedRecords(api.home)).map((r) => r.input_file));
      stored = ids.filter((id) => files.has(`api-${id}.json`)).length;
      if (stored === ids.length || Date.now() > deadline) break;
      await sleep(250);
    }
    return {
      sent: total,
      accepted: ids.length,
      stored,
      lost: total - stored,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: Math.max(...latencies),
      ...(() => {
        const own = ids.flatMap((id) => traceDurations(api.home, `api-${id}.`));
        return { daemonP50: percentile(own, 50), daemonP99: percentile(own, 99) };
      })(),
      errors: [...new Set(errors)].slice(0, 5),
    };
  } finally {
    await finish(api);
  }
}

// ---------------------------------------------------------------- placement: requests during a burst

interface Probe {
  health: number[];
  post: number[];
}

interface PlacementResult {
  thread: string;
  idle: Probe;
  burst: Probe;
  burstMs: number;
  startMs: number;
  peakRssMb: number;
}

function countDone(inbox: string): number {
  let n = 0;
  for (const day of readdirSync(path.join(inbox, "done"), { withFileTypes: true })) {
    if (day.isDirectory()) n += readdirSync(path.join(inbox, "done", day.name)).length;
  }
  return n;
}

/** GET /api/health every 50 ms and a POST every 100 ms until `until` resolves. */
async function probe(api: Api, until: Promise<unknown>): Promise<Probe> {
  const result: Probe = { health: [], post: [] };
  let stop = false;
  void until.then(() => (stop = true));
  const inFlight: Array<Promise<void>> = [];
  const timed = async (bucket: number[], call: () => Promise<unknown>) => {
    const t0 = performance.now();
    await call();
    bucket.push(performance.now() - t0);
  };
  for (let tick = 0; !stop; tick++) {
    inFlight.push(timed(result.health, () => fetch(`${api.url}/api/health`).then((r) => r.text())));
    if (tick % 2 === 0) inFlight.push(timed(result.post, () => post(api, article("probe"))));
    await sleep(50);
  }
  await Promise.all(inFlight);
  return result;
}

async function runPlacement(thread: "worker" | "main"): Promise<PlacementResult> {
  const api = await startApi(`placement-${thread}`, { thread });
  try {
    await warmUp(api);
    const staging = path.join(api.home, "staging");
    mkdirSync(staging);
    for (let i = 0; i < opts.burst; i++) writeFileSync(path.join(staging, `burst-${String(i).padStart(5, "0")}.json`), JSON.stringify(article("burst")));
    const idle = await probe(api, sleep(3000));
    const inbox = path.join(api.home, "inbox");
    const before = countDone(inbox);
    const t0 = performance.now();
    const burstDone = (async () => {
      for (const name of readdirSync(staging)) renameSync(path.join(staging, name), path.join(inbox, name));
      while (countDone(inbox) - before < opts.burst) await sleep(100);
    })();
    const burst = await probe(api, burstDone);
    const burstMs = performance.now() - t0;
    return { thread, idle, burst, burstMs, startMs: api.startMs, peakRssMb: peakRssMb(api.daemon.child.pid!) };
  } finally {
    await finish(api);
  }
}

// ---------------------------------------------------------------- startup: requests while the store loads

interface StartupResult {
  thread: string;
  requests: number;
  p50: number;
  p99: number;
  max: number;
  readyMs: number;
}

/** A store of `count` records in one file (a busy buyer's quarter), about the size real records have. */
function writeBigStore(home: string, count: number): void {
  const dir = path.join(home, "data", "ingest", "Netflix");
  mkdirSync(dir, { recursive: true });
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = texts[i % texts.length]!.slice(0, 1200);
    rows.push(
      JSON.stringify({
        id: i.toString(16).padStart(64, "0"),
        company: "Netflix",
        quarter: "2025 Q4",
        title: `Stored ${i}`,
        lead: text.slice(0, 400),
        markdown: text,
        facts: [{ line: `line ${i}` }],
      }),
    );
  }
  writeFileSync(path.join(dir, "2025 Q4.jsonl"), `${rows.join("\n")}\n`);
}

/** GET /api/health every 20 ms from the moment the server listens until the daemon is ready. */
async function runStartup(thread: "worker" | "main"): Promise<StartupResult> {
  const home = mkdtempSync(path.join(os.tmpdir(), `nc-bench-api-startup-${thread}-`));
  mkdirSync(path.join(home, "config"), { recursive: true });
  mkdirSync(path.join(home, "inbox"), { recursive: true });
  writeFileSync(path.join(home, "config", "local.json"), JSON.stringify({ engine: "offline", digest: { enabled: false }, server: { port: 0, thread } }));
  writeBigStore(home, opts.records);
  const env: NodeJS.ProcessEnv = { ...process.env, NEWS_COVERAGE_HOME: home };
  delete env.OPENAI_API_KEY;
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "..", "dist", "cli", "index.js"), "start"], {
    env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const latencies: number[] = [];
  let ready = false;
  let readyMs = NaN;
  child.once("message", () => {
    ready = true;
    readyMs = performance.now() - t0;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /HTTP API listening at (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`daemon exited (${code}) before listening: ${out}`)));
  });
  const inFlight: Array<Promise<void>> = [];
  while (!ready) {
    const t = performance.now();
    inFlight.push(
      fetch(`${url}/api/health`)
        .then((r) => r.text())
        .then(() => void latencies.push(performance.now() - t)),
    );
    await sleep(20);
  }
  await Promise.all(inFlight);
  child.kill("SIGINT");
  await new Promise((r) => child.once("exit", r));
  if (!opts.keep) rmSync(home, { recursive: true, force: true });
  return { thread, requests: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies), readyMs };
}

// ---------------------------------------------------------------- report

const lines: string[] = [];
let failed = false;
const cpus = `${os.availableParallelism()} vCPUs, load average ${os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(" ")} at start, Node ${process.versions.node}`;
lines.push(`### HTTP API (${new Date().toISOString().slice(0, 10)}, ${cpus})`, "");

if (opts.only.has("placement")) {
  const rows: PlacementResult[] = [];
  for (const thread of ["worker", "main"] as const) rows.push(await runPlacement(thread));
  lines.push(
    `Request latency while the daemon takes a ${opts.burst.toLocaleString("en-US")}-file burst (GET /api/health every 50 ms, POST /api/articles every 100 ms):`,
    "",
    "| server.thread | burst | health p50 / p99 / max (idle p99) | POST p50 / p99 / max (idle p99) | requests in burst | start to ready | peak RSS |",
    "|---|---|---|---|---|---|---|",
  );
  for (const r of rows) {
    const figs = (v: number[], idle: number[]) => `${ms(percentile(v, 50))} / ${ms(percentile(v, 99))} / ${ms(Math.max(...v))} (${ms(percentile(idle, 99))})`;
    lines.push(
      `| ${r.thread} | ${(r.burstMs / 1000).toFixed(1)} s | ${figs(r.burst.health, r.idle.health)} | ${figs(r.burst.post, r.idle.post)} | ${r.burst.health.length + r.burst.post.length} | ${ms(r.startMs)} | ${r.peakRssMb} MB |`,
    );
  }
  lines.push("");
}

if (opts.only.has("startup")) {
  const rows: StartupResult[] = [];
  for (const thread of ["worker", "main"] as const) rows.push(await runStartup(thread));
  lines.push(
    `GET /api/health every 20 ms while the daemon starts with ${opts.records.toLocaleString("en-US")} stored records in one store file (the dedupe index is read on the daemon's thread):`,
    "",
    "| server.thread | requests | p50 | p99 | max | start to ready |",
    "|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.thread} | ${r.requests} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${ms(r.readyMs)} |`),
    "",
  );
}

if (opts.only.has("load")) {
  const r = await runLoad();
  const pass = r.p99 <= TARGET_P99_MS && r.lost === 0;
  failed ||= !pass;
  lines.push(
    `Load: ${opts.rate} POST /api/articles?wait=10 per second for ${opts.seconds} s, each answered once stored:`,
    "",
    "| sent | accepted | stored | lost | request-to-stored p50 | p99 (target <= 500 ms) | max | daemon's share p50 / p99 | result |",
    "|---|---|---|---|---|---|---|---|---|",
    `| ${r.sent} | ${r.accepted} | ${r.stored} | ${r.lost} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${ms(r.daemonP50)} / ${ms(r.daemonP99)} | ${pass ? "pass" : "FAIL"} |`,
    "",
  );
  if (r.errors.length) lines.push(`Not stored within the wait: ${r.errors.join("; ")}`, "");
}

process.stdout.write(`${lines.join("\n")}\n`);
process.exit(failed ? 1 : 0);
