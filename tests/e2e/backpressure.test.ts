// Back-pressure of the real daemon: files dropped all at once are claimed only while fewer than
// pool.maxInFlight are in flight; the rest wait in the inbox (docs/architecture.md "Backpressure").
// With maxBatch 32 and 2 batches a worker, the runner alone would let 64 be claimed at once.
import { promises as fs, readdirSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { finishedInputs, makeArticle, makeHome, startDaemon, stopDaemon, storedRecords, waitFor, type RunningDaemon } from "../helpers/daemon.js";

const FILES = 120;
const MAX_IN_FLIGHT = 8;

describe("back-pressure", () => {
  let daemon: RunningDaemon | undefined;
  let watcher: FSWatcher | undefined;
  afterEach(async () => {
    watcher?.close();
    if (daemon) await stopDaemon(daemon);
    daemon = undefined;
  });

  it(`never holds more than pool.maxInFlight claimed files, and stores every file of a drop of ${FILES} once`, async () => {
    const { home } = await makeHome({
      pool: { workers: 1, maxInFlight: MAX_IN_FLIGHT },
      batch: { debounceMs: 10, maxBatch: 32, maxWaitMs: 100 },
      server: { enabled: false },
    });
    const inbox = path.join(home, "inbox");
    const staging = path.join(home, "staging");
    await fs.mkdir(staging);
    const names = Array.from({ length: FILES }, (_, i) => `drop-${String(i).padStart(3, "0")}.json`);
    for (const [i, name] of names.entries()) await fs.writeFile(path.join(staging, name), JSON.stringify(makeArticle(i)));
    daemon = await startDaemon(home);

    // The daemon's own claim folder: every claim is a rename into it, every finish a move out of it.
    const processing = path.join(inbox, ".processing");
    const owner = readdirSync(processing).find((name) => !name.endsWith(".lock"))!;
    const claimDir = path.join(processing, owner);
    let most = 0;
    let looks = 0;
    watcher = watch(claimDir, () => {
      looks += 1;
      most = Math.max(most, readdirSync(claimDir).length);
    });

    for (const name of names) await fs.rename(path.join(staging, name), path.join(inbox, name));
    const finished = await waitFor(async () => {
      const f = await finishedInputs(home);
      return f.done.length + f.failed.length >= FILES && f;
    }, `${FILES} files finished`);

    expect(finished.failed).toEqual([]);
    expect(looks).toBeGreaterThan(0);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    const records = await storedRecords(home);
    expect(records).toHaveLength(FILES);
    expect(new Set(records.map((r) => r.id)).size).toBe(FILES);
  });
});
