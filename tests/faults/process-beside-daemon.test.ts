import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, cliEnv, makeHome, startDaemon, stopDaemon, storedRecords, waitFor, type RunningDaemon } from "../helpers/daemon.js";
import { allFinished, dropAll, ledger, reportRow, sleep, stageArticles, violations } from "../helpers/faults.js";

// Issue 9.10: `process inbox/` while a daemon runs. Files the daemon claims between the CLI's
// listing and its read are "taken by the running daemon", not failures (exit 0).

const running: RunningDaemon[] = [];
afterEach(async () => {
  for (const d of running.splice(0)) {
    if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill("SIGKILL");
    await d.exited;
  }
});

describe("process inbox/ beside a running daemon", () => {
  it("reports the files the daemon took first as taken, not failed, and exits 0", async () => {
    // The daemon takes a few files at a time, so both work through the inbox side by side.
    const { home } = await makeHome({ pool: { workers: 1, maxInFlight: 4 }, batch: { debounceMs: 10, maxBatch: 4, maxWaitMs: 50 } });
    const count = 600;
    const names = stageArticles(home, count, "pb");
    const daemon = await startDaemon(home);
    running.push(daemon);
    dropAll(home, names);
    const cli = spawn(process.execPath, [CLI, "process", "--concurrency", "1", path.join(home, "inbox")], {
      env: cliEnv(home),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let cliErr = "";
    cli.stderr!.on("data", (d: Buffer) => (cliErr += d.toString()));
    const code = await new Promise<number | null>((resolve) => cli.once("exit", resolve));
    await waitFor(() => allFinished(home, count), "the daemon to finish the inbox", 150_000);
    await sleep(300);
    await stopDaemon(daemon);
    const summary = /\d+ file\(s\) in .*/.exec(cliErr)?.[0] ?? "(no summary)";
    const taken = Number(/(\d+) taken by the running daemon/.exec(summary)?.[1] ?? 0);
    const l = await ledger(home, names);
    const problems = violations(l, { expectRecords: count });
    if (code !== 0)
      problems.push(
        `process exited ${code}: ${cliErr
          .split("\n")
          .filter((x) => /failed/.test(x))
          .slice(0, 3)
          .join(" | ")}`,
      );
    if (/\n\s+at /.test(cliErr)) problems.push("a stack trace on stderr");
    reportRow({
      fault: "`process inbox/` while a daemon (maxInFlight 4) works through the same 600 files",
      runs: 1,
      inputs: count,
      lost: l.lost.length,
      duplicated: l.duplicatedInputs.length,
      outcome: problems.length === 0 ? `pass: CLI exit 0 (${summary}); ${l.done} done, ${l.records} records` : `FAIL: ${problems.join("; ")}`,
    });
    console.log(`process beside daemon: ${summary}; ${taken} taken`);
    expect(problems).toEqual([]);
    expect((await storedRecords(home)).length).toBe(count);
  });
});
