import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { finishedInputs, makeHome, startDaemon, stopDaemon, waitFor, type RunningDaemon } from "../helpers/daemon.js";
import { allFinished, dropAll, faultSeed, ledger, reportRow, seededRandom, sleep, stageArticles, violations } from "../helpers/faults.js";

const running: RunningDaemon[] = [];
afterEach(async () => {
  for (const d of running.splice(0)) {
    if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill("SIGKILL");
    await d.exited;
  }
});

describe("kill -9", () => {
  it("at random moments during a 2,000-file burst, five times, restarting each time: nothing lost or duplicated", async () => {
    const seed = faultSeed();
    const random = seededRandom(seed);
    const { home } = await makeHome();
    const count = 2000;
    const names = stageArticles(home, count, "k9");
    let daemon = await startDaemon(home);
    running.push(daemon);
    dropAll(home, names);
    const kills: string[] = [];
    for (let k = 0; k < 5; k++) {
      // A random amount of progress since the restart (so every kill lands mid-burst, with batches
      // in the workers, appends under way and files moving), then a random extra delay.
      const start = await finishedInputs(home);
      const from = start.done.length + start.failed.length;
      const progress = Math.round(20 + random() * 280);
      await waitFor(
        async () => {
          const now = await finishedInputs(home);
          return now.done.length + now.failed.length >= Math.min(count - 50, from + progress);
        },
        `progress before kill ${k + 1}`,
        60_000,
      );
      const delay = Math.round(random() * 300);
      await sleep(delay);
      const before = await finishedInputs(home);
      daemon.child.kill("SIGKILL");
      await daemon.exited;
      kills.push(`+${progress} files +${delay} ms -> ${before.done.length + before.failed.length} finished`);
      daemon = await startDaemon(home);
      running.push(daemon);
    }
    await waitFor(() => allFinished(home, count), "the whole burst after the last restart", 150_000);
    // Let in-flight duplicates (if any) land before counting.
    await sleep(500);
    await stopDaemon(daemon);
    const l = await ledger(home, names);
    const problems = violations(l, { expectRecords: count });
    const midBurst = kills.filter((k) => !k.endsWith(` ${count} finished`)).length;
    reportRow({
      fault: "kill -9 at random moments during a 2,000-file burst, restart each time",
      runs: 5,
      inputs: count,
      lost: l.lost.length + l.missingRecords.length,
      duplicated: l.duplicatedInputs.length + l.duplicatedRecords,
      outcome: problems.length === 0 ? `pass: ${l.done} done, ${l.failed} failed, ${l.records} records, no torn line` : `FAIL: ${problems.join("; ")}`,
      notes: `seed ${seed}; kills ${kills.join(", ")}`,
    });
    console.log(`kill -9 seed ${seed}: ${kills.join(" | ")}`);
    expect(problems).toEqual([]);
    expect(l.failed).toBe(0);
    expect(midBurst).toBe(5);
    expect(path.isAbsolute(home)).toBe(true);
  });
});
