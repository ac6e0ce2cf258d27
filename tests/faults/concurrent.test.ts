import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, cliEnv, makeHome, startDaemon, stopDaemon, waitFor, type RunningDaemon } from "../helpers/daemon.js";
import { allFinished, dropAll, ledger, realArticle, reportRow, sleep, stageArticles, violations } from "../helpers/faults.js";

const running: RunningDaemon[] = [];
afterEach(async () => {
  for (const d of running.splice(0)) {
    if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill("SIGKILL");
    await d.exited;
  }
});

describe("several writers on one home", () => {
  it("two daemons and a `process` run at once: every input once, every article stored once, no torn line", async () => {
    const { parent, home } = await makeHome();
    const count = 1500;
    const names = stageArticles(home, count, "cc");
    // The CLI gets every third article of the inbox burst (same URLs: they must become duplicates)
    // plus 200 of its own.
    const batch = path.join(parent, "batch");
    mkdirSync(batch);
    let cliFiles = 0;
    for (let i = 0; i < count; i += 3, cliFiles++) writeFileSync(path.join(batch, `p-${i}.json`), JSON.stringify(realArticle(i, "cc")));
    for (let i = 0; i < 200; i++, cliFiles++) writeFileSync(path.join(batch, `own-${i}.json`), JSON.stringify(realArticle(i, "cli-own")));
    const a = await startDaemon(home);
    const b = await startDaemon(home);
    running.push(a, b);
    const cli = spawn(process.execPath, [CLI, "process", batch], { env: cliEnv(home), stdio: ["ignore", "ignore", "pipe"] });
    let cliErr = "";
    cli.stderr!.on("data", (d: Buffer) => (cliErr += d.toString()));
    const cliExit = new Promise<number | null>((resolve) => cli.once("exit", resolve));
    dropAll(home, names);
    const cliCode = await cliExit;
    await waitFor(() => allFinished(home, count), "both daemons to finish the burst", 150_000);
    await sleep(300);
    await Promise.all([stopDaemon(a), stopDaemon(b)]);
    // Articles the CLI also had may be stored under the CLI's file name (whoever came first); the
    // others must have a record of their own.
    const l = await ledger(home, names, { recordsFor: names.filter((_, i) => i % 3 !== 0) });
    const problems = violations(l, { expectRecords: count + 200 });
    const aDid = (a.output().match(/processed cc-/g) ?? []).length;
    const bDid = (b.output().match(/processed cc-/g) ?? []).length;
    reportRow({
      fault: "two daemons on one home plus a `process` run over overlapping articles, at once",
      runs: 1,
      inputs: count + cliFiles,
      lost: l.lost.length + l.missingRecords.length,
      duplicated: l.duplicatedInputs.length + l.duplicatedRecords,
      outcome:
        problems.length === 0 && cliCode === 0
          ? `pass: daemons took ${aDid} + ${bDid} files, CLI exit 0, ${l.records} records (${count} + 200), no torn line`
          : `FAIL: ${problems.join("; ")} cli exit ${cliCode}`,
    });
    expect(cliCode, cliErr).toBe(0);
    expect(problems).toEqual([]);
    expect(l.failed).toBe(0);
    expect(aDid + bDid).toBe(count);
  });
});
