// The retrain lock (data/models/train.lock) and who holds it (data/models/train.owner.json beside it).
// Training is synchronous, so the lock cannot be refreshed while it runs and its stale time is long
// (30 minutes). A retrain killed with kill -9 would block every retrain for that long; the owner
// file says which process holds the lock, so a lock whose owner is dead is taken over at once, and
// a live holder is named in the refusal with what to do.

import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppError, isAppError } from "../core/errors.js";
import { RETRAIN_LOCK_TARGET, RETRAIN_OWNER_FILE, lockDirOf } from "../store/layout.js";
import { isErrno, writeFileAtomic } from "../store/fsutil.js";
import { pidAlive, withLock } from "../store/locks.js";

/** What data/models/train.owner.json says about the retrain holding the lock. */
export interface TrainLockOwner {
  pid: number;
  host: string;
  trigger: string;
  since: string;
}

/** A lock without an owner file younger than this may be a holder between taking the lock and writing its file. */
const OWNERLESS_GRACE_MS = 60_000;
const STALE_MS = 30 * 60_000;

async function readOwner(file: string): Promise<TrainLockOwner | null> {
  try {
    const owner = JSON.parse(await fs.readFile(file, "utf8")) as Partial<TrainLockOwner>;
    return typeof owner.pid === "number" && typeof owner.host === "string" ? (owner as TrainLockOwner) : null;
  } catch {
    return null; // missing, or torn by a crash while it was written (it is written by rename, so hardly)
  }
}

async function lockAge(dir: string, now: number): Promise<number | null> {
  try {
    return now - (await fs.stat(dir)).mtimeMs;
  } catch (err) {
    if (isErrno(err, "ENOENT")) return null;
    throw err;
  }
}

/**
 * Whether a held lock was left by a dead process on this machine: its owner's pid no longer runs
 * (or it has no owner file though it is older than a minute). A holder on another host is never
 * judged from here.
 */
async function leftByDeadProcess(models: string, now: number): Promise<{ dead: boolean; owner: TrainLockOwner | null }> {
  const owner = await readOwner(path.join(models, RETRAIN_OWNER_FILE));
  if (owner) return { dead: owner.host === os.hostname() && owner.pid !== process.pid && !pidAlive(owner.pid), owner };
  const age = await lockAge(lockDirOf(path.join(models, RETRAIN_LOCK_TARGET)), now);
  return { dead: age !== null && age > OWNERLESS_GRACE_MS, owner: null };
}

function busyError(owner: TrainLockOwner | null, models: string): AppError {
  const lock = lockDirOf(path.join(models, RETRAIN_LOCK_TARGET));
  const who = owner
    ? `process ${owner.pid} on ${owner.host} (${owner.trigger === "nightly" ? "the daemon's nightly retrain" : "news-coverage train"}, since ${owner.since})`
    : "another process (it has not said which yet)";
  const what = owner
    ? `wait for it to finish (about a minute), or if that process is stuck stop it (kill ${owner.pid}) and run train again`
    : `wait a minute and run train again; if it stays refused and no retrain runs, remove ${lock}`;
  return new AppError("lock_timeout", `a retrain is already running: ${who}; ${what}`);
}

/**
 * Runs `fn` holding the retrain lock of `models` (data/models), never waiting: a retrain while one
 * runs is refused with who holds it and what to do; a lock left by a dead retrain is taken over.
 */
export async function withTrainLock<T>(models: string, fn: () => Promise<T>, options: { trigger: string; now?: () => number }): Promise<T> {
  const { trigger, now = Date.now } = options;
  const target = path.join(models, RETRAIN_LOCK_TARGET);
  const ownerFile = path.join(models, RETRAIN_OWNER_FILE);
  const body = async () => {
    const owner: TrainLockOwner = { pid: process.pid, host: os.hostname(), trigger, since: new Date(now()).toISOString() };
    await writeFileAtomic(ownerFile, JSON.stringify(owner) + "\n");
    try {
      return await fn();
    } finally {
      await fs.rm(ownerFile, { force: true });
    }
  };
  const attempt = () => withLock(target, body, { staleMs: STALE_MS, retries: 0 });
  try {
    return await attempt();
  } catch (err) {
    if (!isAppError(err, "lock_timeout")) throw err;
    const { dead, owner } = await leftByDeadProcess(models, now());
    if (!dead) throw busyError(owner, models);
    // The holder died without releasing (kill -9, power cut): take the lock over once.
    await fs.rm(lockDirOf(target), { recursive: true, force: true });
    return attempt().catch((again: unknown) => {
      throw isAppError(again, "lock_timeout") ? busyError(null, models) : again;
    });
  }
}
