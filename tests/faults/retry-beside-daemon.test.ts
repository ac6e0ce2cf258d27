import { spawn } from "node:child_process";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, cliEnv, makeHome, startDaemon, stopDaemon, waitFor, type RunningDaemon } from "../helpers/daemon.js";
import { allFinished, ledger, reportRow, sleep } from "../helpers/faults.js";

// Issue 9.4: `retry --all` (these inputs fail for good: a plain retry keeps them) run again and again while the daemon keeps failing the same inputs and
// writing their reports (hidden temp files included) into failed/.

const running: RunningDaemon[] = [];
afterEach(async () => {
  for (const d of running.splice(0)) {
    if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill("SIGKILL");
    await d.exited;
  }
});

function runRetry(home: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, "retry", "--all"], { env: cliEnv(home), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

describe("retry beside a running daemon", () => {
  it("moves only inputs back, never a temp file, never crashes; every input ends once in failed/", async () => {
    const { home } = await makeHome();
    const count = 150;
    const staging = path.join(home, "staging");
    mkdirSync(staging);
    const names = Array.from({ length: count }, (_, i) => `bad-${String(i).padStart(3, "0")}.json`);
    for (const name of names) writeFileSync(path.join(staging, name), JSON.stringify({ title: "no url", content: "c" }));
    const daemon = await startDaemon(home);
    running.push(daemon);
    for (const name of names) renameSync(path.join(staging, name), path.join(home, "inbox", name));
    const runs: Array<{ code: number | null; stdout: string; stderr: string }> = [];
    // Two retries at a time, eight times over, while the daemon fails what they move back.
    for (let round = 0; round < 8; round++) runs.push(...(await Promise.all([runRetry(home), runRetry(home)])));
    await waitFor(() => allFinished(home, count), "every input back in failed/", 60_000);
    await sleep(1000);
    await waitFor(() => allFinished(home, count), "every input back in failed/", 60_000);
    await stopDaemon(daemon);
    const problems: string[] = [];
    const moved = runs.reduce((sum, r) => sum + Number(/(\d+) file\(s\) moved back/.exec(r.stdout)?.[1] ?? 0), 0);
    for (const r of runs) {
      if (r.code !== 0) problems.push(`retry exited ${r.code}: ${r.stderr.trim().split("\n")[0]}`);
      if (/\n\s+at /.test(r.stderr)) problems.push("retry printed a stack trace");
      if (/-> .*\/\.[^/]*$|\.tmp$/m.test(r.stdout)) problems.push(`retry moved a temp file: ${r.stdout.split("\n").find((l) => /\.tmp/.test(l))}`);
    }
    const l = await ledger(home, names);
    if (l.lost.length) problems.push(`${l.lost.length} lost: ${l.lost.slice(0, 3).join(", ")}`);
    if (l.duplicatedInputs.length) problems.push(`${l.duplicatedInputs.length} finished twice`);
    if (l.strangers.length) problems.push(`strangers in done/failed: ${l.strangers.slice(0, 3).join(", ")}`);
    if (l.leftovers.length) problems.push(`left in inbox/.processing: ${l.leftovers.slice(0, 3).join(", ")}`);
    if (l.failed !== count) problems.push(`${l.failed} in failed/, expected ${count}`);
    reportRow({
      fault: "`retry` run 16 times (two at a time) while the daemon fails the 150 inputs it moves back",
      runs: 16,
      inputs: count,
      lost: l.lost.length,
      duplicated: l.duplicatedInputs.length,
      outcome:
        problems.length === 0 ? `pass: ${moved} moves back, every retry exit 0, no temp file moved, ${l.failed} in failed/` : `FAIL: ${problems.join("; ")}`,
    });
    console.log(`retry beside daemon: ${moved} moves back in 16 runs`);
    expect(problems).toEqual([]);
  });
});
