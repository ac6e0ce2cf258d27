import lockfile from "proper-lockfile";
import { TransientError } from "../engines/errors.js";

export interface LockOptions {
  staleMs: number;
  retries: number;
}

export const DEFAULT_LOCK_OPTIONS: LockOptions = { staleMs: 10_000, retries: 50 };

/**
 * Runs `fn` holding a cross-process lock on `file` (a `<file>.lock` directory, proper-lockfile).
 * `realpath: false` because the file may not exist yet; retries so a busy lock waits instead of
 * failing at once; a lock left by a dead process is taken over once it is `staleMs` old.
 */
export async function withLock<T>(file: string, fn: () => Promise<T>, options: LockOptions = DEFAULT_LOCK_OPTIONS): Promise<T> {
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(file, {
      realpath: false,
      stale: options.staleMs,
      update: Math.max(1000, Math.floor(options.staleMs / 2)),
      retries: { retries: options.retries, factor: 1.3, minTimeout: 10, maxTimeout: 500, randomize: true },
      onCompromised: () => {
        // Another process took the lock over (we stalled longer than staleMs). The append already
        // under way is still one whole write; nothing else to undo.
      },
    });
  } catch (err) {
    throw new TransientError(`could not lock ${file}: ${(err as Error).message}`);
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
