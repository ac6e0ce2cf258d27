import { mkdirSync, rmdir, rmdirSync, statSync, utimesSync } from "node:fs";
import lockfile from "proper-lockfile";
import { AppError, errorMessage, ignoreFailure } from "../core/errors.js";
import { isErrno } from "./fsutil.js";

export interface LockOptions {
  staleMs: number;
  retries: number;
}

export const DEFAULT_LOCK_OPTIONS: LockOptions = { staleMs: 10_000, retries: 50 };

/** True while a process with this pid exists (EPERM: it exists but is not ours): a lock or claim owner's check. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return isErrno(err, "EPERM");
  }
}

type Callback<T> = (err: NodeJS.ErrnoException | null, value?: T) => void;

function settle<T>(callback: Callback<T>, call: () => T): void {
  let value: T | undefined;
  let error: NodeJS.ErrnoException | null = null;
  try {
    value = call();
  } catch (err) {
    error = err as NodeJS.ErrnoException;
  }
  process.nextTick(callback, error, value);
}

/**
 * The file-system calls proper-lockfile makes (its `fs` option), done synchronously with the
 * callback on the next tick. A lock costs a mkdir and a stat of microseconds each; through the
 * thread pool each costs several times that in CPU, and a batch takes a lock per target file.
 */
const lockFs = {
  mkdir: (dir: string, callback: Callback<void>) => settle(callback, () => void mkdirSync(dir)),
  // rmdir stays asynchronous: on ext4 it takes ~0.3 ms, too long to block the event loop for.
  rmdir: (dir: string, callback: (err: NodeJS.ErrnoException | null) => void) => rmdir(dir, callback),
  rmdirSync: (dir: string) => rmdirSync(dir),
  stat: (file: string, callback: Callback<import("node:fs").Stats>) => settle(callback, () => statSync(file)),
  utimes: (file: string, atime: Date, mtime: Date, callback: Callback<void>) => settle(callback, () => utimesSync(file, atime, mtime)),
};

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
      fs: lockFs,
      stale: options.staleMs,
      update: Math.max(1000, Math.floor(options.staleMs / 2)),
      retries: { retries: options.retries, factor: 1.3, minTimeout: 10, maxTimeout: 500, randomize: true },
      onCompromised: () => {
        // Another process took the lock over (we stalled longer than staleMs). The append already
        // under way is still one whole write; nothing else to undo.
      },
    });
  } catch (err) {
    throw new AppError("lock_timeout", `could not lock ${file}: ${errorMessage(err)}`, { cause: err });
  }
  try {
    return await fn();
  } finally {
    await ignoreFailure(release(), "a lock not released goes stale after staleMs and is taken over");
  }
}
