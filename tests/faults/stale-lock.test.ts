import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, dropAtomic, makeArticle, makeHome, startDaemon, stopDaemon, waitFor, type RunningDaemon } from "../helpers/daemon.js";
import { allFinished, ledger, reportRow, violations } from "../helpers/faults.js";

const running: RunningDaemon[] = [];
afterEach(async () => {
  for (const d of running.splice(0)) {
    if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill("SIGKILL");
    await d.exited;
  }
});

const STALE_MS = 3000;

/** Where a Netflix article of 2025-11-03 is stored (checked after the run). */
function storeFile(home: string): string {
  return path.join(home, "data", "ingest", "Netflix", "2025 Q4.jsonl");
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

describe("stale locks", () => {
  it("a <file>.lock directory left with an old mtime is taken over at once", async () => {
    const { home } = await makeHome({ locks: { staleMs: STALE_MS } });
    const targets = [storeFile(home), path.join(home, "data", "final_output.md"), path.join(home, "data", "traces", `${today()}.jsonl`)];
    const old = new Date(Date.now() - 3600_000);
    for (const file of targets) {
      await fs.mkdir(`${file}.lock`, { recursive: true });
      await fs.utimes(`${file}.lock`, old, old);
    }
    const daemon = await startDaemon(home);
    running.push(daemon);
    const started = Date.now();
    await dropAtomic(path.join(home, "inbox"), "after-stale.json", JSON.stringify(makeArticle(1)));
    await waitFor(() => allFinished(home, 1), "the article behind stale locks", 20_000);
    const ms = Date.now() - started;
    await stopDaemon(daemon);
    const l = await ledger(home, ["after-stale.json"]);
    const problems = violations(l, { expectRecords: 1 });
    await expect(fs.stat(storeFile(home))).resolves.toBeTruthy();
    for (const file of targets) await expect(fs.stat(`${file}.lock`)).rejects.toThrow();
    reportRow({
      fault: "lock directories (store, final_output.md, trace) left with a 1 h old mtime",
      runs: 1,
      inputs: 1,
      lost: l.lost.length,
      duplicated: l.duplicatedRecords,
      outcome: problems.length === 0 ? `pass: taken over, input done in ${ms} ms` : `FAIL: ${problems.join("; ")}`,
    });
    expect(problems).toEqual([]);
    expect(l.done).toBe(1);
    expect(ms).toBeLessThan(STALE_MS);
  });

  it("a lock held by a process killed with -9 is taken over once it is staleMs old", async () => {
    const { home } = await makeHome({ locks: { staleMs: STALE_MS } });
    const target = storeFile(home);
    await fs.mkdir(path.dirname(target), { recursive: true });
    // A stand-in for a writer that dies holding the store file's lock (it refreshes it while alive).
    const holderCode = `
      const lockfile = require(${JSON.stringify(path.join(ROOT, "node_modules", "proper-lockfile"))});
      lockfile.lock(${JSON.stringify(target)}, { realpath: false, stale: ${STALE_MS}, update: 1000 })
        .then(() => { process.send("locked"); setInterval(() => {}, 1000); });`;
    const holder = spawn(process.execPath, ["-e", holderCode], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    await new Promise<void>((resolve) => holder.once("message", () => resolve()));
    const daemon = await startDaemon(home);
    running.push(daemon);
    holder.kill("SIGKILL");
    const killedAt = Date.now();
    await dropAtomic(path.join(home, "inbox"), "behind-dead-lock.json", JSON.stringify(makeArticle(2)));
    await waitFor(() => allFinished(home, 1), "the article behind a dead holder's lock", 30_000);
    const ms = Date.now() - killedAt;
    await stopDaemon(daemon);
    const l = await ledger(home, ["behind-dead-lock.json"]);
    const problems = violations(l, { expectRecords: 1 });
    reportRow({
      fault: "store lock held by a process killed with -9 (staleMs 3 s)",
      runs: 1,
      inputs: 1,
      lost: l.lost.length,
      duplicated: l.duplicatedRecords,
      outcome: problems.length === 0 ? `pass: taken over, input done ${ms} ms after the kill` : `FAIL: ${problems.join("; ")}`,
    });
    expect(problems).toEqual([]);
    expect(l.done).toBe(1);
    // It had to wait for the lock to go stale (last refresh up to 1 s before the kill), then took it.
    expect(ms).toBeGreaterThan(STALE_MS - 1500);
    expect(ms).toBeLessThan(STALE_MS + 8000);
  });
});
