// The daemon's side of `retry`: an input moved back into the inbox carries the attempts it had
// before (data/state/retried/<dev>-<ino>.json, written by src/daemon/failed.ts), so its next
// .error.json counts on from there and the retry shows in the status counters.
import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { ignoreFailure } from "../core/errors.js";
import { retriedInputFile, retriedInputsDir } from "../store/layout.js";

export interface Retried {
  /** Attempts before the retry. */
  attempts: number;
  file: string;
}

export class RetriedInputs {
  constructor(private readonly stateDir: string) {}

  /**
   * What `retry` wrote down for this claimed file, or null. The usual case costs one failed stat,
   * made synchronously: it runs once per claim, and through the thread pool it cost ~4x the CPU.
   */
  async lookup(claimPath: string): Promise<Retried | null> {
    if (!existsSync(retriedInputsDir(this.stateDir))) return null;
    const stat = await fs.lstat(claimPath).catch(() => null);
    if (!stat) return null;
    const file = retriedInputFile(this.stateDir, stat.dev, stat.ino);
    const text = await fs.readFile(file, "utf8").catch(() => null);
    if (text === null) return null;
    try {
      const attempts = (JSON.parse(text) as { attempts?: unknown }).attempts;
      return { attempts: typeof attempts === "number" && Number.isInteger(attempts) && attempts > 0 ? attempts : 1, file };
    } catch {
      return { attempts: 1, file };
    }
  }

  /** Once the input is finished: its note goes, and the folder when it is empty. */
  async forget(retried: Retried): Promise<void> {
    await ignoreFailure(fs.rm(retried.file, { force: true }), "a note left behind only counts one retry too many for a file of that identity");
    await ignoreFailure(fs.rmdir(path.dirname(retried.file)), "the folder stays while other retried inputs are under way");
  }
}
