import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { RecordSchema, type StoredRecord } from "../core/record.js";
import { errorMessage } from "../core/errors.js";
import { assertQuarter } from "../core/quarter.js";
import { isErrno } from "./fsutil.js";
import { isStoreFolder, quarterOfStoreFile } from "./layout.js";

/** Anything with a `warn(message)` method: a winston logger, console, a test spy. */
export interface WarnLogger {
  warn(message: string): unknown;
}

/** One stored version of a record, with where it was read from (for ordering and messages). */
interface RecordVersion {
  record: StoredRecord;
  file: string;
  line: number;
}

interface ReadStoreOptions {
  /** data/ingest */
  ingestDir: string;
  /** Only files of these quarters are read (default: all). Superseding is applied within what is read. */
  quarters?: readonly string[];
  logger?: WarnLogger;
}

interface ReadStoreResult {
  /** Every valid line, in read order. */
  versions: RecordVersion[];
  /** Lines skipped, in plain words (`<file>:<line>: <why>`). */
  warnings: string[];
}

async function listDir(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isErrno(err, "ENOENT")) return [];
    throw err;
  }
}

/**
 * Reads every `data/ingest/<Company>/<YYYY Q#>.jsonl` (all company folders: a record is filed under
 * its primary company only, but reported under every strong buyer). Torn or invalid lines are
 * skipped with a warning, never fatal. Never writes.
 */
export async function readStoreVersions(options: ReadStoreOptions): Promise<ReadStoreResult> {
  const versions: RecordVersion[] = [];
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.logger?.warn(message);
  };
  const wanted = options.quarters ? new Set(options.quarters) : null;
  const companies = (await listDir(options.ingestDir))
    .filter((entry) => entry.isDirectory() && isStoreFolder(entry.name))
    .map((entry) => entry.name)
    .sort();
  for (const company of companies) {
    const dir = path.join(options.ingestDir, company);
    const files = (await listDir(dir))
      .filter((entry) => entry.isFile())
      .map((entry) => ({ name: entry.name, quarter: quarterOfStoreFile(entry.name) }))
      .filter((f) => f.quarter !== null && (!wanted || wanted.has(f.quarter)))
      .map((f) => f.name)
      .sort();
    for (const name of files) {
      const file = path.join(dir, name);
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (err) {
        warn(`${file}: cannot read (${errorMessage(err)}); skipped`);
        continue;
      }
      const lines = text.split("\n");
      lines.forEach((raw, index) => {
        const lineNo = index + 1;
        const line = raw.trim();
        if (!line) return;
        const torn = index === lines.length - 1; // no newline after it: possibly still being written
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          warn(`${file}:${lineNo}: not valid JSON${torn ? " (torn last line)" : ""}; skipped`);
          return;
        }
        const result = RecordSchema.safeParse(parsed);
        if (!result.success) {
          const issue = result.error.issues[0];
          const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
          warn(`${file}:${lineNo}: not a valid record (${where}${issue?.message ?? "invalid"}); skipped`);
          return;
        }
        versions.push({ record: result.data, file, line: lineNo });
      });
    }
  }
  return { versions, warnings };
}

/**
 * When a version was stored: `stored_at`, the commit time the store takes under the target file's
 * lock (so a `--force` re-run stored after a correction is newer than it, whatever its worker's
 * `processed_at` says). Lines written before `stored_at` existed fall back to when they were made:
 * `reviewed.at` for a review-desk version (it keeps the article's `processed_at`, which the digest
 * counts by), else `processed_at`.
 */
export function versionTime(record: Pick<StoredRecord, "processed_at" | "reviewed" | "stored_at">): number {
  const ms = Date.parse(record.stored_at ?? record.reviewed?.at ?? record.processed_at);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/** When a version was made (by its worker or the desk): `reviewed.at` for a desk version, else `processed_at`; NaN if unreadable. */
export function madeTime(record: Pick<StoredRecord, "processed_at" | "reviewed">): number {
  return Date.parse(record.reviewed?.at ?? record.processed_at);
}

/**
 * The `stored_at` of a version appended at `now`: never earlier than the version's own time, and
 * strictly after `after` (the stored time of the version a correction replaces) when given, so a
 * correction stays after its base even if the clock stepped back or both fell in one millisecond.
 */
export function storedStamp(record: Pick<StoredRecord, "processed_at" | "reviewed">, now: Date, after?: number): string {
  const own = madeTime(record);
  let ms = Number.isNaN(own) ? now.getTime() : Math.max(now.getTime(), own);
  if (after !== undefined && Number.isFinite(after)) ms = Math.max(ms, after + 1);
  return new Date(ms).toISOString();
}

/** A version with its place in read order (breaks ties between versions of the same millisecond). */
export interface OrderedVersion {
  record: StoredRecord;
  order: number;
}

/**
 * The store's version rule ("newest version wins"), for the versions of one id: they are taken in
 * the order they were stored (`versionTime`, then read order); the first is kept, and a later one
 * replaces it only when it says `supersedes: true` (--force, reprocess, a review-desk correction).
 * The versions of one id may live in different files (a correction that moved it to another buyer
 * or quarter), and may be given in any order.
 */
export function currentVersion<T extends OrderedVersion>(versions: readonly T[]): T | undefined {
  if (versions.length <= 1) return versions[0];
  const ordered = versions
    .map((version) => ({ version, time: versionTime(version.record) }))
    .sort((a, b) => a.time - b.time || a.version.order - b.version.order);
  let current = ordered[0]!.version;
  for (const { version } of ordered.slice(1)) if (version.record.supersedes) current = version;
  return current;
}

/** The current version of every id among `versions` (in read order), by `currentVersion`; deleted records (a tombstone is current) are left out. */
export function applySupersedes(versions: readonly RecordVersion[]): StoredRecord[] {
  const byId = new Map<string, OrderedVersion[]>();
  versions.forEach(({ record }, order) => {
    const list = byId.get(record.id);
    if (list) list.push({ record, order });
    else byId.set(record.id, [{ record, order }]);
  });
  return [...byId.values()].map((list) => currentVersion(list)!.record).filter((record) => !record.deleted);
}

interface QuarterRecords {
  quarter: string;
  records: StoredRecord[];
  warnings: string[];
}

/**
 * The current version of every record of a quarter. Every quarter file is read, so a forced
 * re-run that moved an article to another quarter (analyst override) takes it out of the old one.
 */
export async function readQuarterRecords(options: { ingestDir: string; quarter: string; logger?: WarnLogger }): Promise<QuarterRecords> {
  assertQuarter(options.quarter);
  const { versions, warnings } = await readStoreVersions({ ingestDir: options.ingestDir, logger: options.logger });
  const records = applySupersedes(versions).filter((record) => record.quarter === options.quarter);
  return { quarter: options.quarter, records, warnings };
}
