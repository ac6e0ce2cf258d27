// The subscriptions (the edge: files). One state file per feed in data/feeds/ (name from
// store/layout.ts), written whole through a temp file and a rename, changed only under the
// cross-process lock of the feed's host: the daemon and the CLI beside it never lose each other's
// writes, and never poll one host at the same time. One lock per host, not per feed, also lets a
// poller take it once for a run of that host's feeds (a lock is a mkdir and an rmdir). A poll that
// found nothing new (304) changes only the feed's times: those go into the host's polled file,
// written once per run of the host's feeds, and are read over the state files.
import { closeSync, fstatSync, openSync, promises as fs, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from "node:fs";
import path from "node:path";
import { AppError, isAppError } from "../core/errors.js";
import { feedHostLockFile, feedHostPolledFile, feedStateFile, isFeedStateFile } from "../store/layout.js";
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

/** What tells one written version of a state file from another (each write is a new file renamed in: a new inode). */
type Stamp = string;
const stampOf = (st: Stats): Stamp => `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;

/** A feed's record as listed (its times from the host's polled file), with the version of its file it was read from. */
export interface ListedFeed {
  state: FeedState;
  /** The record as its file has it. */
  raw: FeedState;
  stamp: Stamp;
}

/** What a poll that found nothing new changes on a feed that was fine. */
export type PolledTimes = Pick<FeedState, "last_poll_at" | "last_status" | "next_poll_at"> & { last_poll_at: string };
/** One host's polled file: feed URL -> the times of its last 304 poll. */
export type PolledFile = Record<string, PolledTimes>;

/** Entries older than this are dropped when the file is written (a removed feed's; live feeds are polled at least daily). */
const POLLED_KEEP_MS = 3 * 24 * 60 * 60_000;

/** The record with the times of a 304 poll newer than the record's own last poll. */
function withTimes(raw: FeedState, times: PolledTimes | undefined): FeedState {
  return times && raw.last_poll_at !== null && times.last_poll_at > raw.last_poll_at ? { ...raw, ...times } : raw;
}

const hostOf = (url: string) => new URL(url).host;

let tmpCounter = 0;

export class Subscriptions {
  constructor(
    readonly dir: string,
    private readonly locks: LockOptions,
  ) {}

  fileOf(url: string): string {
    return feedStateFile(this.dir, url);
  }

  async read(url: string): Promise<FeedState | null> {
    const raw = readState(this.fileOf(url))?.raw;
    return raw ? withTimes(raw, this.readPolled(hostOf(url))[raw.url]) : null;
  }

  /**
   * The feed's record now, reusing `listed` when its file is still the version it was read from
   * (one stat instead of a read and a parse: a poll round reads each record once), with the times
   * of `polled` (the host's polled file, read under the host's lock).
   */
  async reread(listed: ListedFeed, polled: PolledFile): Promise<FeedState | null> {
    const file = this.fileOf(listed.raw.url);
    let raw: FeedState | undefined = listed.raw;
    try {
      if (stampOf(statSync(file)) !== listed.stamp) raw = readState(file)?.raw;
    } catch (err) {
      if (isErrno(err, "ENOENT")) return null;
      throw err;
    }
    return raw ? withTimes(raw, polled[raw.url]) : null;
  }

  /** The host's polled file (empty when there is none). */
  readPolled(host: string): PolledFile {
    try {
      return JSON.parse(readFileSync(feedHostPolledFile(this.dir, host), "utf8")) as PolledFile;
    } catch {
      // None yet, or (written whole by rename, so never torn) not ours: the state files' own times count.
      return {};
    }
  }

  /**
   * Adds the times of this run's 304 polls to the host's polled file (the host's lock held; `polled`
   * is the file as read under it). Not fsynced, like the 304 record it replaces: a power cut
   * loses at most one early conditional request per feed.
   */
  writePolled(host: string, polled: PolledFile, times: ReadonlyMap<string, PolledTimes>, now: number): void {
    const keepSince = new Date(now - POLLED_KEEP_MS).toISOString();
    const next: PolledFile = {};
    for (const [url, entry] of Object.entries(polled)) if (entry.last_poll_at >= keepSince) next[url] = entry;
    for (const [url, entry] of times) next[url] = entry;
    writeQuick(feedHostPolledFile(this.dir, host), `${JSON.stringify(next)}\n`);
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
    writeQuick(file, text);
  }

  async list(): Promise<FeedState[]> {
    return (await this.listStamped()).map((l) => l.state);
  }

  /** Every record (with its host's polled times) and the version of its file (for `reread`), oldest subscription first. */
  async listStamped(): Promise<ListedFeed[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (err) {
      if (isErrno(err, "ENOENT")) return [];
      throw err;
    }
    const polled = new Map<string, PolledFile>();
    const listed: ListedFeed[] = [];
    for (const name of names.filter(isFeedStateFile)) {
      const read = readState(path.join(this.dir, name));
      if (!read) continue;
      const host = hostOf(read.raw.url);
      if (!polled.has(host)) polled.set(host, this.readPolled(host));
      listed.push({ ...read, state: withTimes(read.raw, polled.get(host)![read.raw.url]) });
    }
    return listed.sort((a, b) => a.state.added_at.localeCompare(b.state.added_at) || a.state.url.localeCompare(b.state.url));
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

/**
 * A small file written whole without the fsyncs (temp file, rename), synchronously: for a few
 * hundred bytes that costs a fraction of the CPU of the thread pool's round trips.
 */
function writeQuick(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++tmpCounter}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** A record as its file has it and the version of the file (read synchronously: a small file, see writeQuick). */
function readState(file: string): Omit<ListedFeed, "state"> | null {
  let text: string;
  let stamp: Stamp;
  try {
    const fd = openSync(file, "r");
    try {
      stamp = stampOf(fstatSync(fd));
      text = readFileSync(fd, "utf8");
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if (isErrno(err, "ENOENT")) return null;
    throw err;
  }
  try {
    return { raw: JSON.parse(text) as FeedState, stamp };
  } catch {
    // Written whole by rename: a torn file cannot happen; anything else is not ours to guess at.
    return null;
  }
}
