import { createHash } from "node:crypto";
import path from "node:path";
import type { Config } from "../config/schema.js";
import { QUARTER_PATTERN } from "../core/quarter.js";

/**
 * Every name on disk and the rule that makes it, spelled here only. The inbox and data folders
 * come from the configuration (paths.inbox, paths.data); the rest is fixed:
 *
 *     inbox/done/, inbox/failed/, inbox/.processing/
 *     data/final_output.md, data/ingest/, data/traces/, data/digests/, data/reports/, data/state/
 *     data/models/classifier.json, history.jsonl, train.lock/, train.owner.json
 *     data/ingest/<folder>/<YYYY Q#>.jsonl     the store (folder: BuyerDirectory.folderName)
 *     data/traces/<YYYY-MM-DD>.jsonl           one audit line per settled input
 *     data/corrections.jsonl                   the desk's corrections
 *     data/archive/articles.jsonl              each stored article's whole text (deflated, base64)
 *     data/archive/search.sqlite (+ -wal, -shm) the desk's full-text index, derived from the archive
 *     data/state/health.json, digest.json, api-token, users.json, sessions.json, webhooks.jsonl
 *     data/feeds/<hash>.json, screened.jsonl   feed subscriptions (one file each) and screened items
 *     data/feeds/host-<hash>.lock              the lock of one host's feeds
 *     data/feeds/host-<hash>.polled.json       the times of that host's feeds' unchanged (304) polls
 *     data/feeds/examples.jsonl                the items kept from screening, as examples
 *     inbox/.processing/<pid>-<hex>/<seq>~<name>   a claim: the input while it runs
 *     inbox/failed/<day>/<name> + <name>.error.json
 */

// The folders.

const PROCESSING_DIR = ".processing";
const DONE_DIR = "done";
const FAILED_DIR = "failed";

export interface Paths {
  home: string;
  inbox: string;
  processing: string;
  done: string;
  failed: string;
  data: string;
  ingest: string;
  finalOutput: string;
  traces: string;
  digests: string;
  reports: string;
  state: string;
  /** data/models: the installation's retrained classifier and the history of retrain attempts. */
  models: string;
  installedModel: string;
  /** data/feeds: one state file per feed subscription, and the screened items. */
  feeds: string;
  /** data/archive/articles.jsonl: each stored article's whole text, compressed (one line per article). */
  archive: string;
  /** data/archive/search.sqlite: the desk's full-text index (SQLite FTS5), derived from the archive and rebuilt from it. */
  searchIndex: string;
}

export function resolvePaths(config: Config): Paths {
  const inbox = path.resolve(config.home, config.paths.inbox);
  const data = path.resolve(config.home, config.paths.data);
  return {
    home: config.home,
    inbox,
    processing: path.join(inbox, PROCESSING_DIR),
    done: path.join(inbox, DONE_DIR),
    failed: path.join(inbox, FAILED_DIR),
    data,
    ingest: path.join(data, "ingest"),
    finalOutput: path.join(data, "final_output.md"),
    traces: path.join(data, "traces"),
    digests: path.join(data, "digests"),
    reports: path.join(data, "reports"),
    state: path.join(data, "state"),
    models: path.join(data, "models"),
    installedModel: path.join(data, "models", "classifier.json"),
    feeds: path.join(data, "feeds"),
    archive: path.join(data, "archive", "articles.jsonl"),
    searchIndex: path.join(data, "archive", "search.sqlite"),
  };
}

/** The daemon's own folders in the inbox's top level: never inputs. */
export function isOwnInboxFolder(name: string): boolean {
  return name === DONE_DIR || name === FAILED_DIR || name === PROCESSING_DIR;
}

const JSONL = ".jsonl";
/** Longest file name the file systems we run on take, in bytes. */
const MAX_NAME_BYTES = 255;

/**
 * File names are limited to 255 bytes: a name that would not fit beside `reservedBytes` more
 * (a claim prefix, ".error.json") loses characters from its start, keeping its ending.
 */
export function fitName(name: string, reservedBytes: number): string {
  const chars = Array.from(name);
  while (chars.length > 1 && Buffer.byteLength(chars.join("")) + reservedBytes > MAX_NAME_BYTES) chars.shift();
  return chars.join("");
}

// The store.

/** data/ingest/<folder>/<quarter>.jsonl; a quarter that is not one is refused (it would be a path). */
export function storeFile(ingestDir: string, folder: string, quarter: string): string {
  if (!QUARTER_PATTERN.test(quarter)) throw new Error(`refusing a store file for quarter ${JSON.stringify(quarter)}`);
  return path.join(ingestDir, folder, `${quarter}${JSONL}`);
}

/** The quarter a store file's name holds ("2025 Q4.jsonl" -> "2025 Q4"), or null for any other file. */
export function quarterOfStoreFile(fileName: string): string | null {
  if (!fileName.endsWith(JSONL)) return null;
  const quarter = fileName.slice(0, -JSONL.length);
  // The shape only, not the range: a store file written before the range existed is still read.
  return QUARTER_PATTERN.test(quarter) ? quarter : null;
}

/** A path relative to data/ingest that is a store file: "<folder>/<YYYY Q#>.jsonl". */
export function isStoreFilePath(relative: string): boolean {
  const parts = relative.split(/[/\\]/);
  return parts.length === 2 && parts[0] !== "" && quarterOfStoreFile(parts[1]!) !== null;
}

/** A company folder of data/ingest (not a lock folder or a hidden one). */
export function isStoreFolder(name: string): boolean {
  return !name.startsWith(".") && !isLockDir(name);
}

// Locks (proper-lockfile's folder beside the locked path).

const LOCK_SUFFIX = ".lock";

/** The folder that holds the lock on `file`. */
export function lockDirOf(file: string): string {
  return `${file}${LOCK_SUFFIX}`;
}

export function isLockDir(name: string): boolean {
  return name.endsWith(LOCK_SUFFIX);
}

/** A JSONL file (store files, traces, corrections). */
export function isJsonlFile(name: string): boolean {
  return name.endsWith(JSONL);
}

// Traces.

/** data/traces/<day>.jsonl */
export function traceFile(tracesDir: string, day: string): string {
  return path.join(tracesDir, `${day}${JSONL}`);
}

// Named files.

/** data/reports/<quarter>/needs_review.md: the records a report left for an analyst. */
export const NEEDS_REVIEW_FILE = "needs_review.md";

/** data/digests/<day>.md */
export function digestFileName(day: string): string {
  return `${day}.md`;
}

/** The day a digest file's name holds ("2025-11-05.md" -> "2025-11-05"), or null for any other name. */
export function dayOfDigestFile(name: string): string | null {
  return /^(\d{4}-\d{2}-\d{2})\.md$/.exec(name)?.[1] ?? null;
}

export const CORRECTIONS_FILE = "corrections.jsonl";
export const HEALTH_FILE = "health.json";
export const DIGEST_STATE_FILE = "digest.json";
export const API_TOKEN_FILE = "api-token";
/** In data/state: the desk's analyst logins (name, scrypt salt and hash), written by `news-coverage users`. */
export const USERS_FILE = "users.json";
/** In data/state: the desk's open sessions (a hash of each session id, the analyst, last use), so a restart keeps them. */
export const SESSIONS_FILE = "sessions.json";
export const WEBHOOK_OUTBOX_FILE = "webhooks.jsonl";
/** In data/models: one line per retrain attempt, and what the retrain lock is taken on. */
export const RETRAIN_HISTORY_FILE = "history.jsonl";
export const RETRAIN_LOCK_TARGET = "train";
/** In data/models, beside the retrain lock while it is held: which process holds it (pid, host, since). */
export const RETRAIN_OWNER_FILE = "train.owner.json";

// Claims: inbox/.processing/<pid>-<hex>/<seq>~<name>.

const OWNER_DIR = /^(\d+)-[0-9a-f]+$/;
const CLAIM_NAME = /^(\d+)~(.+)$/;

/** The claim folder of one process: its pid (for the dead-owner check) and a random tag. */
export function claimOwnerDirName(pid: number, tag: string): string {
  return `${pid}-${tag}`;
}

/** The pid of a claim folder's owner, or null when the name is no claim folder. */
export function claimOwnerPid(dirName: string): number | null {
  const match = OWNER_DIR.exec(dirName);
  return match ? Number(match[1]) : null;
}

/** The claimed file's name: a sequence number (claims of one name never collide) and the inbox name. */
export function claimFileName(seq: number, inboxName: string): string {
  const prefix = `${seq}~`;
  return prefix + fitName(inboxName, Buffer.byteLength(prefix));
}

/** The inbox name of a claimed file (a loose file in .processing/ is its own name). */
export function inboxNameOfClaim(claimName: string): string {
  return CLAIM_NAME.exec(claimName)?.[2] ?? claimName;
}

/** Whether a claimed file is the claim of `inboxName` (a name cut to fit matches by its end). */
export function isClaimOf(claimName: string, inboxName: string): boolean {
  return claimName === inboxName || claimName.endsWith(`~${inboxName}`);
}

// failed/: the input and its error report beside it.

export const ERROR_REPORT_SUFFIX = ".error.json";

/** <name>.error.json, the name cut to fit. */
/**
 * What a link (or a file) found where a done/ or failed/ day folder belongs is renamed to: the
 * link itself, within its own folder, hidden so no listing takes it for a day.
 */
export function notAFolderName(dayName: string, nowMs: number): string {
  return `.${dayName}.not-a-folder-${nowMs}`;
}

export function errorReportName(inputName: string): string {
  return `${fitName(inputName, ERROR_REPORT_SUFFIX.length)}${ERROR_REPORT_SUFFIX}`;
}

export function isErrorReport(name: string): boolean {
  return name.endsWith(ERROR_REPORT_SUFFIX);
}

/**
 * The failed inputs among the names of one failed/<day>/ folder. A name ending in ".error.json" is
 * a report unless its own report sits beside it: an input named "x.error.json" fails with
 * "x.error.json.error.json" beside it (a report is written before its input moves in), so it is
 * listed and retried like any other input.
 */
export function failedInputNames(names: readonly string[]): string[] {
  const present = new Set(names);
  return names.filter((name) => !isErrorReport(name) || present.has(errorReportName(name)));
}

const RETRY_HELD = /^\.(.+)\.retry-(\d+)$/;

/** data/state/retried/: what `retry` knew of the inputs it moved back, until the daemon finishes them. */
export function retriedInputsDir(stateDir: string): string {
  return path.join(stateDir, "retried");
}

/** data/state/retried/<dev>-<ino>.json, by the file's identity, which its moves (renames, links) keep. */
export function retriedInputFile(stateDir: string, dev: number, ino: number): string {
  return path.join(retriedInputsDir(stateDir), `${dev}-${ino}.json`);
}

/** The hidden name `retry` holds a failed input (or, with `suffix`, its report) under while it moves it back. */
export function retryHeldName(name: string, suffix: string, pid: number): string {
  return `.${fitName(name, suffix.length + 24)}${suffix}.retry-${pid}`;
}

/** What a held name holds and the pid of the retry holding it; null for any other name. */
export function parseRetryHeldName(heldName: string): { name: string; pid: number } | null {
  const match = RETRY_HELD.exec(heldName);
  return match ? { name: match[1]!, pid: Number(match[2]) } : null;
}

// Feeds: data/feeds/<hash of the feed URL>.json per subscription; inbox/feed-<hash>.json|.txt per item.

const FEED_STATE = /^[0-9a-f]{24}\.json$/;
const shortHash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 24);

/** The state file of the feed at `url` (the URL is hashed: never a path). */
export function feedStateFile(feedsDir: string, url: string): string {
  return path.join(feedsDir, `${shortHash(url)}.json`);
}

export function isFeedStateFile(name: string): boolean {
  return FEED_STATE.test(name);
}

/**
 * The file whose lock guards every feed of one host (data/feeds/host-<hash>, never created: only its
 * `.lock` folder): polls of that host, and changes to its feeds' state files, hold it.
 */
export function feedHostLockFile(feedsDir: string, host: string): string {
  return path.join(feedsDir, `host-${shortHash(host.toLowerCase())}`);
}

/** The times of the unchanged (304) polls of one host's feeds, written once per run of that host's feeds under its lock. */
export function feedHostPolledFile(feedsDir: string, host: string): string {
  return `${feedHostLockFile(feedsDir, host)}.polled.json`;
}

/** data/feeds/examples.jsonl: one line per item kept from screening, what screening learns from (feeds/learn.ts). */
export const FEED_EXAMPLES_FILE = "examples.jsonl";

/** data/feeds/screened.jsonl: one line per screened item, and one per item kept from it. */
export const FEED_SCREENED_FILE = "screened.jsonl";

/** The inbox name of one feed item: the same item always gets the same name. */
export function feedItemInboxName(feedUrl: string, itemKey: string, kind: "article" | "link"): string {
  return `feed-${shortHash(`${feedUrl}\n${itemKey}`)}${kind === "article" ? ".json" : ".txt"}`;
}

/** The id `feeds keep` takes for a screened item. */
export function feedItemId(feedUrl: string, itemKey: string): string {
  return shortHash(`${feedUrl}\n${itemKey}`).slice(0, 12);
}
