import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, writeSync } from "node:fs";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { finishedInputs, listFiles, runCli, startDaemon, stopDaemon, waitFor, type RunningDaemon } from "../helpers/daemon.js";
import { allFinished, dropAll, ledger, reportRow, sleep, stageArticles, violations } from "../helpers/faults.js";

const running: RunningDaemon[] = [];
const mounts: string[] = [];
afterEach(async () => {
  for (const d of running.splice(0)) {
    if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill("SIGKILL");
    await d.exited;
  }
  for (const dir of mounts.splice(0)) {
    try {
      execFileSync("umount", [dir], { stdio: "ignore" });
    } catch {
      // already gone
    }
  }
});

/** A home on a 2 MB tmpfs, or the reason it cannot be had (not root, no mount). */
async function tmpfsHome(local: Record<string, unknown>): Promise<{ home: string } | { skip: string }> {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return { skip: "needs root to mount a tmpfs" };
  const parent = mkdtempSync(path.join(os.tmpdir(), "nc-diskfull-"));
  const home = path.join(parent, "home");
  await fs.mkdir(home);
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", home], { stdio: "pipe" });
  } catch (err) {
    return { skip: `mount -t tmpfs failed: ${(err as Error).message.split("\n")[0]}` };
  }
  mounts.push(home);
  await fs.mkdir(path.join(home, "config"));
  await fs.mkdir(path.join(home, "inbox"));
  const config = {
    watch: { stabilityMs: 150, rescanMs: 500 },
    batch: { debounceMs: 10, maxBatch: 32, maxWaitMs: 100 },
    locks: { staleMs: 3000 },
    health: { intervalMs: 200 },
    digest: { enabled: false },
    input: { youngFileMs: 1000 },
    server: { port: 0 },
    ...local,
  };
  await fs.writeFile(path.join(home, "config", "local.json"), JSON.stringify(config));
  return { home };
}

/** Fills the file system holding `file` to the last byte; returns the bytes written. */
function fill(file: string): number {
  const fd = openSync(file, "a");
  let total = 0;
  try {
    for (const size of [256 * 1024, 16 * 1024, 1024, 64, 1]) {
      const chunk = Buffer.alloc(size, 0x61);
      for (;;) {
        try {
          total += writeSync(fd, chunk);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === "ENOSPC") break;
          throw err;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return total;
}

describe("disk full while appending", () => {
  it("logs it, keeps the inputs, and resumes when space returns", async (ctx) => {
    const setup = await tmpfsHome({ retry: { maxAttempts: 12, baseDelayMs: 200, maxDelayMs: 1000 } });
    if ("skip" in setup) {
      console.warn(`disk-full test skipped: ${setup.skip}`);
      ctx.skip();
      return;
    }
    const { home } = setup;
    const warm = stageArticles(home, 5, "warm");
    const names = stageArticles(home, 30, "full");
    const daemon = await startDaemon(home);
    running.push(daemon);
    // Some records first, so the store files exist and their last page has room (short writes).
    dropAll(home, warm);
    await waitFor(() => allFinished(home, warm.length), "warm-up files");
    const filler = path.join(home, "filler");
    const filled = fill(filler);
    dropAll(home, names);
    await waitFor(async () => /ENOSPC|no space/i.test(daemon.stderr()), "the daemon to report the full disk", 20_000);
    await sleep(1500);
    const during = await finishedInputs(home);
    const keptDuring = names.length - during.done.filter((n) => n.startsWith("full-")).length - during.failed.length;
    expect(during.failed).toEqual([]);
    await fs.rm(filler);
    const freedAt = Date.now();
    await waitFor(() => allFinished(home, warm.length + names.length), "the inputs after space returned", 30_000);
    const resumeMs = Date.now() - freedAt;
    await sleep(300);
    expect(daemon.child.exitCode).toBeNull();
    await stopDaemon(daemon);
    const l = await ledger(home, [...warm, ...names]);
    const problems = violations(l, { expectRecords: warm.length + names.length });
    const litter = (await listFiles(path.join(home, "data"))).filter((f) => f.endsWith(".tmp"));
    if (litter.length) problems.push(`temp files left behind: ${litter.slice(0, 3).join(", ")} (${litter.length})`);
    reportRow({
      fault: "disk full (2 MB tmpfs filled to the last byte) while appending, space freed within the retry window",
      runs: 1,
      inputs: names.length,
      lost: l.lost.length + l.missingRecords.length,
      duplicated: l.duplicatedInputs.length + l.duplicatedRecords,
      outcome:
        problems.length === 0
          ? `pass: ENOSPC logged, ${keptDuring} inputs kept while full, all done ${resumeMs} ms after space returned`
          : `FAIL: ${problems.join("; ")}`,
      notes: `filler ${filled} bytes`,
    });
    expect(problems).toEqual([]);
    expect(l.failed).toBe(0);
  });

  // While the cause is the disk, the inputs wait without using up attempts: none is given up on
  // (failed/ would need a manual retry), status says the disk is full, all are done once space returns.
  it("when the disk stays full past the retry limit, the inputs keep waiting, status says so, and all are done once space returns", async (ctx) => {
    const setup = await tmpfsHome({ retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 200 } });
    if ("skip" in setup) {
      console.warn(`disk-full test skipped: ${setup.skip}`);
      ctx.skip();
      return;
    }
    const { home } = setup;
    const warm = stageArticles(home, 3, "warm");
    const names = stageArticles(home, 10, "long");
    const daemon = await startDaemon(home);
    running.push(daemon);
    dropAll(home, warm);
    await waitFor(() => allFinished(home, warm.length), "warm-up files");
    const filler = path.join(home, "filler");
    fill(filler);
    dropAll(home, names);
    // More runs of the batch than the retry limit allows attempts.
    const fullRuns = () => daemon.stderr().split("the disk is full").length - 1;
    await waitFor(async () => fullRuns() > 6, "more runs on the full disk than retry.maxAttempts", 20_000);
    expect(daemon.stderr()).not.toMatch(/gave up after/);
    expect((await finishedInputs(home)).failed).toEqual([]);
    const status = await waitFor(async () => {
      const out = runCli(home, ["status"]).stdout;
      return /WARNING: {3}the disk holding .* is full/.test(out) ? out : null;
    }, "status to say the disk is full");
    expect(status).toContain("files wait, without using up attempts");
    await fs.rm(filler);
    // One more file after space returned: the daemon must take it (it resumed).
    stageArticles(home, 1, "after");
    dropAll(home, ["after-00000.json"]);
    let finished = false;
    try {
      await waitFor(() => allFinished(home, warm.length + names.length + 1), "every input to end in done/ or failed/", 15_000);
      finished = true;
    } catch {
      finished = false;
    }
    const l = await ledger(home, [...warm, ...names, "after-00000.json"]);
    await stopDaemon(daemon);
    const problems = violations(l);
    if (problems.length) {
      // What the daemon left where, and what it said: enough to replay a rare interleaving.
      const tree = (await listFiles(home)).filter((f) => !f.startsWith("staging/") && f !== "filler");
      console.error(`files under the home:\n${tree.join("\n")}\n--- daemon stderr ---\n${daemon.stderr()}`);
    }
    reportRow({
      fault: "disk full past the retry limit (3 attempts), then space freed",
      runs: 1,
      inputs: names.length + 1,
      lost: l.lost.length,
      duplicated: l.duplicatedInputs.length + l.duplicatedRecords,
      outcome:
        finished && problems.length === 0 && l.failed === 0
          ? "pass: none given up on while the disk was full, status said so, all done once space returned"
          : `FAIL: ${[...problems, ...(l.failed ? [`${l.failed} in failed/`] : [])].join("; ")}`,
    });
    expect(problems).toEqual([]);
    expect(l.failed).toBe(0);
  });
});
