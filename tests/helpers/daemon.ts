import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { promises as fs, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const CLI = path.join(ROOT, "dist", "cli", "index.js");

/** A fresh NEWS_COVERAGE_HOME inside its own parent folder (to check nothing is written beside it). */
export async function makeHome(local: Record<string, unknown> = {}): Promise<{ parent: string; home: string }> {
  const parent = mkdtempSync(path.join(os.tmpdir(), "nc-e2e-"));
  const home = path.join(parent, "home");
  await fs.mkdir(path.join(home, "config"), { recursive: true });
  const config = {
    watch: { stabilityMs: 150, rescanMs: 500 },
    // Tests run side by side: never the default port.
    server: { port: 0 },
    batch: { debounceMs: 10, maxBatch: 32, maxWaitMs: 100 },
    retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 500 },
    locks: { staleMs: 3000 },
    health: { intervalMs: 200 },
    digest: { enabled: false },
    input: { youngFileMs: 1000, emptyFileMs: 5000 },
    ...local,
  };
  await fs.writeFile(path.join(home, "config", "local.json"), JSON.stringify(config, null, 2));
  await fs.mkdir(path.join(home, "inbox"), { recursive: true });
  return { parent, home };
}

export function cliEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEWS_COVERAGE_HOME: home };
  delete env.OPENAI_API_KEY;
  delete env.NEWS_COVERAGE_PROVIDER;
  return env;
}

export interface RunningDaemon {
  child: ChildProcess;
  output: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the real daemon as a child process; resolves once it sent pm2's 'ready'. */
export async function startDaemon(home: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningDaemon> {
  const env = { ...cliEnv(home), ...extraEnv };
  const child = spawn(process.execPath, [CLI, "start"], { env, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    child.once("message", (msg) => (msg === "ready" ? resolve() : reject(new Error(`unexpected message ${String(msg)}`))));
    void exited.then(({ code }) => reject(new Error(`daemon exited (${code}) before ready:\n${out}\n${err}`)));
  });
  return { child, output: () => out, stderr: () => err, exited };
}

export async function waitFor<T>(check: () => Promise<T | false | undefined | null>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let counter = 0;
export function makeArticle(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    title: `Netflix renews drama series number ${i} for a second season`,
    url: `https://variety.com/2025/tv/news/netflix-renews-series-${i}-${counter}-${process.pid}/`,
    published_at: "2025-11-03",
    content: `Netflix has renewed series number ${i} for a second season, the streamer said Monday. The show was created by writer ${i}.`,
    ...extra,
  };
}

/** tmp + rename: the way well-behaved tools drop files. */
export async function dropAtomic(inbox: string, name: string, content: string | Buffer): Promise<void> {
  const tmp = path.join(inbox, `.drop-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
  await fs.writeFile(tmp, content);
  await fs.rename(tmp, path.join(inbox, name));
}

/** Every file below `dir` (relative paths), sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(current: string): Promise<void> {
    for (const entry of await fs.readdir(current, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory() && !entry.name.endsWith(".lock")) await walk(full);
      else if (!entry.isDirectory()) out.push(path.relative(dir, full));
    }
  }
  await walk(dir);
  return out.sort();
}

/**
 * Names of finished inputs in done/ and failed/. Error reports are excluded, and so are the
 * daemon's hidden temp files (`.<name>.error.json.<pid>.<hex>.tmp`, written just before the input
 * moves): counting one as a finished input let a check pass before the move had happened.
 */
export async function finishedInputs(home: string): Promise<{ done: string[]; failed: string[] }> {
  const inbox = path.join(home, "inbox");
  const names = async (dir: string) => (await listFiles(dir)).map((f) => path.basename(f)).filter((n) => !n.startsWith("."));
  const done = await names(path.join(inbox, "done"));
  const failed = (await names(path.join(inbox, "failed"))).filter((f) => !f.endsWith(".error.json"));
  return { done, failed };
}

export async function storedRecords(home: string): Promise<Array<{ id: string; input_file: string }>> {
  const ingest = path.join(home, "data", "ingest");
  const records: Array<{ id: string; input_file: string }> = [];
  for (const file of await listFiles(ingest)) {
    if (!file.endsWith(".jsonl")) continue;
    const text = await fs.readFile(path.join(ingest, file), "utf8");
    if (text.length > 0 && !text.endsWith("\n")) throw new Error(`${file} ends with a torn line`);
    for (const line of text.split("\n").filter(Boolean)) records.push(JSON.parse(line) as { id: string; input_file: string });
  }
  return records;
}

export async function stopDaemon(daemon: RunningDaemon, signal: NodeJS.Signals = "SIGINT"): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  if (daemon.child.exitCode === null && daemon.child.signalCode === null) daemon.child.kill(signal);
  const { code } = await daemon.exited;
  return { code, ms: Date.now() - started };
}

/** Runs the built CLI to completion with NEWS_COVERAGE_HOME=home (plus `env`). */
export function runCli(home: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { env: { ...cliEnv(home), ...env }, encoding: "utf8", timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every entry below `dir` (folders and lock folders included) with its size and mtime: equal snapshots mean nothing was written. */
export async function snapshotTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(current: string): Promise<void> {
    for (const entry of await fs.readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      const stat = await fs.lstat(full);
      out.push(`${path.relative(dir, full)}${entry.isDirectory() ? "/" : ` ${stat.size}`} ${stat.mtimeMs}`);
      if (entry.isDirectory()) await walk(full);
    }
  }
  await walk(dir);
  return out.sort();
}

/** For afterEach: kills (-9) every daemon a test left running and empties the list. */
export async function killRunning(running: RunningDaemon[]): Promise<void> {
  for (const daemon of running.splice(0)) {
    if (daemon.child.exitCode === null && daemon.child.signalCode === null) daemon.child.kill("SIGKILL");
    await daemon.exited;
  }
}
