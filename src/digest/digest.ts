import { readdir, readFile } from "node:fs/promises";
import cron from "node-cron";
import type { Config } from "../config/schema.js";
import type { StoredRecord } from "../core/record.js";
import { createBuyerDirectory } from "../pipeline/buyer-directory.js";
import { pathInside } from "../report/fs-util.js";
import { isErrno, writeFileAtomic } from "../store/fsutil.js";
import { applySupersedes, readStoreVersions, type WarnLogger } from "../store/versions.js";
import type { TraceLine } from "../store/trace.js";
import { feedTroubles } from "../feeds/troubles.js";
import { buildDigest } from "./build.js";
import { cronMatcher, digestDayAt, dueDays } from "./schedule.js";
import { readDigestState, recordDigestWritten } from "./state.js";
import { addDays, assertTimeZone, isDate, localDate } from "./time.js";
import { errorMessage } from "../core/errors.js";
import { DATE_HINT } from "../core/quarter.js";
import { digestFileName, resolvePaths, traceFile } from "../store/layout.js";

type DigestLogger = WarnLogger & { info?(message: string): unknown; error?(message: string): unknown };

/**
 * The day's trace lines. Trace files are named by UTC day; the digest day is a day in the
 * configured time zone, so the files either side are read too and lines are kept by their time.
 */
async function readDayTraces(tracesDir: string, date: string, timeZone: string, logger?: WarnLogger): Promise<TraceLine[]> {
  const lines: TraceLine[] = [];
  for (const day of [addDays(date, -1), date, addDays(date, 1)]) {
    const file = traceFile(tracesDir, day);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (err) {
      if (!isErrno(err, "ENOENT")) logger?.warn(`${file}: cannot read (${errorMessage(err)})`);
      continue;
    }
    text.split("\n").forEach((raw, index) => {
      if (!raw.trim()) return;
      let line: TraceLine;
      try {
        line = JSON.parse(raw) as TraceLine;
      } catch {
        logger?.warn(`${file}:${index + 1}: not valid JSON; skipped`);
        return;
      }
      const ms = Date.parse(line?.time);
      if (!line || typeof line.outcome !== "string" || typeof line.file !== "string" || Number.isNaN(ms)) {
        logger?.warn(`${file}:${index + 1}: not a trace line; skipped`);
        return;
      }
      if (localDate(ms, timeZone) === date) lines.push({ ...line, attempts: Number(line.attempts) || 1 });
    });
  }
  return lines;
}

/** Current versions of the records processed on `date` (local), versions of that day folded. */
async function readDayRecords(ingestDir: string, date: string, timeZone: string, logger?: WarnLogger): Promise<StoredRecord[]> {
  const { versions } = await readStoreVersions({ ingestDir, logger });
  const ofDay = versions.filter((v) => {
    const ms = Date.parse(v.record.processed_at);
    return !Number.isNaN(ms) && localDate(ms, timeZone) === date;
  });
  return applySupersedes(ofDay);
}

interface WriteDigestOptions {
  config: Config;
  /** YYYY-MM-DD in the digest time zone; default: today there. */
  date?: string;
  /** Injected clock (epoch ms); default Date.now(). */
  now?: number;
  logger?: DigestLogger;
  /**
   * Whether this is the day's final digest (remembered in data/state/digest.json). Default: yes
   * once the day's scheduled run time has passed, so an on-demand digest of today so far does
   * not stop tonight's catch-up.
   */
  complete?: boolean;
}

/** Writes data/digests/<date>.md (temp + rename) and returns its path. */
export async function writeDigest(options: WriteDigestOptions): Promise<string> {
  const { config } = options;
  const now = options.now ?? Date.now();
  const timeZone = config.digest.timezone;
  assertTimeZone(timeZone);
  const date = options.date ?? localDate(now, timeZone);
  if (!isDate(date)) throw new Error(`date ${DATE_HINT}, got "${date}"`);
  const paths = resolvePaths(config);
  const [traces, records, feeds] = await Promise.all([
    readDayTraces(paths.traces, date, timeZone, options.logger),
    readDayRecords(paths.ingest, date, timeZone, options.logger),
    feedTroubles(config),
  ]);
  const markdown = buildDigest({
    date,
    timeZone,
    generatedAt: new Date(now).toISOString(),
    traces,
    records,
    buyers: createBuyerDirectory(config.buyers),
    feeds,
  });
  const file = pathInside(paths.digests, digestFileName(date));
  await writeFileAtomic(file, markdown);
  let complete = options.complete;
  if (complete === undefined) {
    const matcher = cronMatcher(config.digest.cron, timeZone);
    try {
      const run = matcher.lastRunFor(date);
      complete = run !== null ? now >= run : localDate(now, timeZone) > date;
    } finally {
      matcher.close();
    }
  }
  if (complete) await recordDigestWritten(paths.state, date, file, now, options.logger);
  options.logger?.info?.(`digest ${date}: ${records.length} stored, ${traces.length} trace lines -> ${file}`);
  return file;
}

async function newestDigestOnDisk(digestsDir: string): Promise<string | null> {
  const names = await readdir(digestsDir).catch(() => [] as string[]);
  const days = names
    .map((n) => /^(\d{4}-\d{2}-\d{2})\.md$/.exec(n)?.[1])
    .filter((d): d is string => Boolean(d && isDate(d)))
    .sort();
  return days.at(-1) ?? null;
}

/**
 * Writes the digests missed while the daemon was down: every due day after the last one written,
 * within the last `digest.catchUpDays` days. With no state at all (first start, or state lost) the
 * newest digest file on disk stands in for it; with neither, nothing is written and the newest due
 * day becomes the starting point. Returns the files written, oldest first.
 */
export async function catchUpDigests(options: { config: Config; now?: number; logger?: DigestLogger }): Promise<string[]> {
  const { config } = options;
  if (!config.digest.enabled || config.digest.catchUpDays === 0) return [];
  const now = options.now ?? Date.now();
  const timeZone = config.digest.timezone;
  assertTimeZone(timeZone);
  const paths = resolvePaths(config);
  const matcher = cronMatcher(config.digest.cron, timeZone);
  let due: string[];
  try {
    due = dueDays(matcher, now, timeZone, config.digest.catchUpDays);
  } finally {
    matcher.close();
  }
  if (due.length === 0) return [];
  const state = await readDigestState(paths.state, options.logger);
  const last = state?.last_date ?? (await newestDigestOnDisk(paths.digests));
  if (last === null) {
    const newest = due.at(-1)!;
    await recordDigestWritten(paths.state, newest, "", now, options.logger);
    options.logger?.info?.(`digest: no earlier digest found; catch-up starts after ${newest}`);
    return [];
  }
  const written: string[] = [];
  for (const day of due.filter((d) => d > last)) {
    written.push(await writeDigest({ config, date: day, now, logger: options.logger, complete: true }));
  }
  if (written.length > 0) options.logger?.info?.(`digest: caught up ${written.length} missed day(s)`);
  return written;
}

interface DigestJob {
  /** One scheduled run: writes the digest of the day it is about; null when a run is already in progress. */
  run(at?: number): Promise<string | null>;
  readonly running: boolean;
}

/** The scheduled run, with its own no-overlap guard (node-cron's `noOverlap` is the first). */
export function createDigestJob(options: { config: Config; logger?: DigestLogger; now?: () => number }): DigestJob {
  let inFlight = false;
  return {
    get running() {
      return inFlight;
    },
    async run(at?: number) {
      if (inFlight) {
        options.logger?.warn("digest: previous run still in progress; this run is skipped");
        return null;
      }
      inFlight = true;
      try {
        const clock = options.now?.() ?? Date.now();
        const now = Math.max(clock, at ?? 0);
        const date = digestDayAt(now, options.config.digest.timezone);
        return await writeDigest({ config: options.config, date, now, logger: options.logger, complete: true });
      } finally {
        inFlight = false;
      }
    },
  };
}

/**
 * Schedules the nightly digest with node-cron in the configured time zone, never overlapping.
 * Returns a function that stops the schedule (awaiting a run in progress is not needed: writes are
 * atomic). Does nothing when `digest.enabled` is false.
 */
export function scheduleDigests(options: {
  config: Config;
  logger?: DigestLogger;
  now?: () => number;
  /** Called after each scheduled digest is written (the nightly retrain runs then). */
  onWritten?: (file: string) => void;
}): () => Promise<void> {
  const { config, logger } = options;
  if (!config.digest.enabled) return async () => undefined;
  assertTimeZone(config.digest.timezone);
  if (!cron.validate(config.digest.cron)) throw new Error(`digest.cron: not a valid cron expression: "${config.digest.cron}"`);
  const job = createDigestJob(options);
  const task = cron.schedule(
    config.digest.cron,
    async (context) => {
      try {
        const file = await job.run(context.date.getTime());
        if (file) options.onWritten?.(file);
      } catch (err) {
        (logger?.error ?? logger?.warn)?.call(logger, `digest failed: ${errorMessage(err)}`);
      }
    },
    { timezone: config.digest.timezone, noOverlap: true, name: "news-coverage-digest" },
  );
  return async () => {
    await task.destroy();
  };
}
