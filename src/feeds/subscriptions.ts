// The subscriptions (the edge: files). One state file per feed in data/feeds/ (name from
// store/layout.ts), written whole through a temp file and a rename, changed only under the
// cross-process lock of the feed's host: the daemon and the CLI beside it never lose each other's
// writes, and never poll one host at the same time. One lock per host, not per feed, also lets a
// poller take it once for a run of that host's feeds (a lock is a mkdir and an rmdir).
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { AppError, isAppError } from "../core/errors.js";
import { feedHostLockFile, feedStateFile, isFeedStateFile } from "../store/layout.js";
import { isErrno, writeFileAtomic } from "../store/fsutil.js";
import { withLock, type LockOptions } from "../store/locks.js";
import { newFeedState, type FeedState } from "./policy.js";

/** The one spelling of a feed address (what `add`, `remove` and the state file agree on). */
export function normalizeFeedUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError("input_invalid", `not a feed address: ${JSON.stringify(raw)} (give the whole URL, https://...)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new AppError("input_invalid", `only http and https feeds are polled, got ${url.protocol}`);
  if (url.username || url.password) throw new AppError("input_invalid", "feed addresses with a user name or password are not polled");
  url.hash = "";
  return url.href;
}

export class Subscriptions {
  constructor(
    readonly dir: string,
    private readonly locks: LockOptions,
  ) {}

  fileOf(url: string): string {
    return feedStateFile(this.dir, url);
  }

  async read(url: string): Promise<FeedState | null> {
    return readState(this.fileOf(url));
  }

  /**
   * Writes the feed's record whole (temp file, rename). `durable: false` skips the fsyncs: for a
   * poll that changed only its times (a 304), where losing the write to a power cut costs one early
   * conditional request and nothing else.
   */
  async write(state: FeedState, { durable = true }: { durable?: boolean } = {}): Promise<void> {
    const file = this.fileOf(state.url);
    const text = `${JSON.stringify(state)}\n`;
    if (durable) return writeFileAtomic(file, text);
    const tmp = path.join(this.dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    try {
      await fs.writeFile(tmp, text);
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  async list(): Promise<FeedState[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (err) {
      if (isErrno(err, "ENOENT")) return [];
      throw err;
    }
    const states = await Promise.all(names.filter(isFeedStateFile).map((name) => readState(path.join(this.dir, name))));
    return states.filter((s): s is FeedState => s !== null).sort((a, b) => a.added_at.localeCompare(b.added_at) || a.url.localeCompare(b.url));
  }

  /** The lock file of the host of `url` (feeds of one host share it). */
  lockOf(url: string): string {
    return feedHostLockFile(this.dir, new URL(url).host);
  }

  /** Runs `fn` under the lock of the feed's host, waiting for it. */
  async locked<T>(url: string, fn: () => Promise<T>): Promise<T> {
    await fs.mkdir(this.dir, { recursive: true });
    return withLock(this.lockOf(url), fn, this.locks);
  }

  /** Runs `fn` under the lock of the feed's host if nobody holds it; null when another process is at it. */
  async tryLocked<T>(url: string, fn: () => Promise<T>): Promise<T | null> {
    await fs.mkdir(this.dir, { recursive: true });
    try {
      return await withLock(this.lockOf(url), fn, { ...this.locks, retries: 0 });
    } catch (err) {
      if (isAppError(err, "lock_timeout") && /already being held|ELOCKED/i.test(err.message)) return null;
      throw err;
    }
  }

  /** Subscribes (or, for a feed already there, sets its interval and lifts a pause). */
  async add(rawUrl: string, everyMinutes: number | null, now: number): Promise<{ state: FeedState; created: boolean }> {
    const url = normalizeFeedUrl(rawUrl);
    return this.locked(url, async () => {
      const existing = await this.read(url);
      const state = existing
        ? {
            ...existing,
            every_minutes: everyMinutes ?? existing.every_minutes,
            paused: false,
            paused_by: null,
            failures: 0,
            next_poll_at: existing.paused ? null : existing.next_poll_at,
          }
        : newFeedState(url, everyMinutes, now);
      await this.write(state);
      return { state, created: existing === null };
    });
  }

  /**
   * Pauses a feed by hand (`by`: who, kept with the time as the reason) or resumes it (failures
   * cleared, due at once). Returns the new record, or null when there is no such feed.
   */
  async setPaused(rawUrl: string, pause: { by: string; now: number } | null): Promise<FeedState | null> {
    const url = normalizeFeedUrl(rawUrl);
    return this.locked(url, async () => {
      const existing = await this.read(url);
      if (!existing) return null;
      const state: FeedState = pause
        ? { ...existing, paused: true, paused_by: `paused by ${pause.by} at ${new Date(pause.now).toISOString().slice(0, 16).replace("T", " ")} UTC` }
        : { ...existing, paused: false, paused_by: null, failures: 0, next_poll_at: null };
      await this.write(state);
      return state;
    });
  }

  async remove(rawUrl: string): Promise<boolean> {
    const url = normalizeFeedUrl(rawUrl);
    return this.locked(url, async () => {
      try {
        await fs.unlink(this.fileOf(url));
        return true;
      } catch (err) {
        if (isErrno(err, "ENOENT")) return false;
        throw err;
      }
    });
  }
}

async function readState(file: string): Promise<FeedState | null> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return null;
    throw err;
  }
  try {
    return JSON.parse(text) as FeedState;
  } catch {
    // Written whole by rename: a torn file cannot happen; anything else is not ours to guess at.
    return null;
  }
}
