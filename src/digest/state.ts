import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { isErrno, writeFileAtomic } from "../store/fsutil.js";
import type { WarnLogger } from "../store/versions.js";
import { isDate } from "./time.js";
import { errorMessage } from "../core/errors.js";
import { dayOfDigestFile, DIGEST_STATE_FILE } from "../store/layout.js";

/** data/state/digest.json: the last day whose complete digest was written. */
interface DigestState {
  last_date: string;
  written_at: string;
  file: string;
}

function digestStateFile(stateDir: string): string {
  return path.join(stateDir, DIGEST_STATE_FILE);
}

/** The saved state, or null when there is none (or it is unreadable: then a warning). */
export async function readDigestState(stateDir: string, logger?: WarnLogger): Promise<DigestState | null> {
  const file = digestStateFile(stateDir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return null;
    logger?.warn(`${file}: cannot read (${errorMessage(err)}); treating digest state as missing`);
    return null;
  }
  try {
    const parsed = JSON.parse(text) as Partial<DigestState>;
    if (typeof parsed.last_date === "string" && isDate(parsed.last_date)) {
      return { last_date: parsed.last_date, written_at: String(parsed.written_at ?? ""), file: String(parsed.file ?? "") };
    }
  } catch {
    // fall through
  }
  logger?.warn(`${file}: not a valid digest state; treating it as missing`);
  return null;
}

/** Records `date` as written, never moving the last date backwards. */
export async function recordDigestWritten(stateDir: string, date: string, file: string, now: number, logger?: WarnLogger): Promise<DigestState> {
  const current = await readDigestState(stateDir, logger);
  if (current && current.last_date >= date) return current;
  const next: DigestState = { last_date: date, written_at: new Date(now).toISOString(), file };
  await writeFileAtomic(digestStateFile(stateDir), `${JSON.stringify(next, null, 2)}\n`);
  return next;
}

/**
 * The digest written last, whoever wrote it (the daemon's schedule, its catch-up, or
 * `news-coverage digest`, for a day still running too): the newest file in data/digests/.
 */
export async function lastDigestWritten(digestsDir: string): Promise<{ date: string; written_at: string } | null> {
  let newest: { date: string; written_at: string; ms: number } | null = null;
  for (const name of await readdir(digestsDir).catch(() => [] as string[])) {
    const date = dayOfDigestFile(name);
    if (!date || !isDate(date)) continue;
    const info = await stat(path.join(digestsDir, name)).catch(() => null);
    if (info?.isFile() && (!newest || info.mtimeMs > newest.ms)) newest = { date, written_at: info.mtime.toISOString(), ms: info.mtimeMs };
  }
  return newest && { date: newest.date, written_at: newest.written_at };
}
