import { promises as fs, constants as fsc } from "node:fs";
import path from "node:path";
import { ignoreFailure, retryCanHelp } from "../core/errors.js";
import { oneLine } from "../core/text.js";
import { ensureDir, isErrno, moveNoReplace, writeFileAtomic } from "../store/fsutil.js";
import { pidAlive } from "../store/locks.js";
import { ERROR_REPORT_SUFFIX, errorReportName, failedInputNames, parseRetryHeldName, type Paths, retriedInputFile, retryHeldName } from "../store/layout.js";

/** Why a day folder may stay: it still holds other failed inputs. */
const KEEP_BUSY_DAY = "the day folder stays while it holds other files";
/** Why a held file may stay held: restoreHeld puts it back at the next listing. */
const RESTORED_LATER = "restoreHeld puts a held file back once its process is gone";

/** A file in failed/<day>/ with what its .error.json says. */
export interface FailedInput {
  /** "<day>/<name>": how the desk and `retry` name it. */
  key: string;
  day: string;
  name: string;
  reason: string;
  fields: Array<{ field: string; message: string }>;
  attempts: number | null;
  time: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Reports are a few hundred bytes; a bigger one is not read whole into the desk. */
const MAX_REPORT_BYTES = 1_000_000;

/**
 * The day folders of failed/, oldest first: only real directories named YYYY-MM-DD that are where
 * they seem to be. A symbolic link (to a day folder, or failed/ itself) is never followed, so no
 * listing, delete or retry reaches a file outside the home through one.
 */
async function failedDays(paths: Paths): Promise<Array<{ day: string; dir: string }>> {
  const root = await ownDirectory(paths.failed, path.join(await fs.realpath(paths.inbox).catch(() => paths.inbox), path.basename(paths.failed)));
  if (!root) return [];
  const out: Array<{ day: string; dir: string }> = [];
  for (const day of (await fs.readdir(paths.failed).catch(() => [] as string[])).filter((d) => DAY.test(d)).sort()) {
    const dir = path.join(paths.failed, day);
    if (await ownDirectory(dir, path.join(root, day))) out.push({ day, dir });
  }
  return out;
}

/** `dir`'s real path when it is a directory (not a link to one) whose real path is `expected`; else null. */
async function ownDirectory(dir: string, expected: string): Promise<string | null> {
  const stat = await fs.lstat(dir).catch(() => null);
  if (!stat?.isDirectory()) return null;
  const real = await fs.realpath(dir).catch(() => null);
  return real === expected ? real : null;
}

/** A failed input's report, read without following a symbolic link; {} when there is none or it is not JSON. */
async function readReport(file: string): Promise<Record<string, unknown>> {
  const handle = await fs.open(file, fsc.O_RDONLY | fsc.O_NOFOLLOW | fsc.O_NONBLOCK).catch(() => null);
  if (!handle) return {};
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > MAX_REPORT_BYTES) return {};
    const parsed: unknown = JSON.parse(await handle.readFile("utf8"));
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  } finally {
    await handle.close();
  }
}

/** The failed inputs of one day folder (by name; a listed entry is never followed if it is a link). */
async function failedNamesIn(dir: string): Promise<string[]> {
  return failedInputNames(await fs.readdir(dir).catch(() => [] as string[]));
}

/** Every failed input, oldest day first, with its reason. */
export async function listFailedInputs(paths: Paths): Promise<FailedInput[]> {
  const out: FailedInput[] = [];
  for (const { day, dir } of await failedDays(paths)) {
    for (const name of (await failedNamesIn(dir)).sort()) {
      const report = await readReport(path.join(dir, errorReportName(name)));
      out.push({
        key: `${day}/${name}`,
        day,
        name,
        reason: typeof report.reason === "string" ? report.reason : "(no reason recorded)",
        fields: Array.isArray(report.field_errors) ? (report.field_errors as FailedInput["fields"]) : [],
        attempts: typeof report.attempts === "number" ? report.attempts : null,
        time: typeof report.time === "string" ? report.time : null,
      });
    }
  }
  return out;
}

/** "<day>/<name>" of every failed input (what `status` counts), through the same checks as the listing. */
export async function failedKeys(paths: Paths): Promise<string[]> {
  const out: string[] = [];
  for (const { day, dir } of await failedDays(paths)) for (const name of await failedNamesIn(dir)) out.push(path.join(day, name));
  return out.sort();
}

/**
 * The failed file a key names, found by listing (a key is never used as a path): null when there
 * is none.
 */
async function findFailed(paths: Paths, key: string): Promise<{ dir: string; name: string } | null> {
  const slash = key.indexOf("/");
  const day = key.slice(0, slash);
  const name = key.slice(slash + 1);
  if (slash < 0 || !DAY.test(day) || !name) return null;
  const folder = (await failedDays(paths)).find((d) => d.day === day);
  if (!folder) return null;
  return (await failedNamesIn(folder.dir)).includes(name) ? { dir: folder.dir, name } : null;
}

/** Moves a failed input back into the inbox (never over another file). Returns its inbox name, or null if there is no such failed file. */
export async function retryFailedInput(paths: Paths, key: string): Promise<string | null> {
  const found = await findFailed(paths, key);
  if (!found) return null;
  await ensureDir(paths.inbox);
  const target = await moveBack(found.dir, found.name, paths);
  await ignoreFailure(fs.rmdir(found.dir), KEEP_BUSY_DAY);
  return target === null ? null : path.basename(target);
}

/** Deletes a failed input and its .error.json. False if there is no such failed file. */
export async function deleteFailedInput(paths: Paths, key: string): Promise<boolean> {
  const found = await findFailed(paths, key);
  if (!found) return false;
  await fs.rm(path.join(found.dir, found.name), { force: true });
  await fs.rm(path.join(found.dir, errorReportName(found.name)), { force: true });
  await ignoreFailure(fs.rmdir(found.dir), KEEP_BUSY_DAY);
  return true;
}

/** Hidden and temp names (the daemon's `.x.error.json.<pid>.<hex>.tmp` while it writes a report): never inputs. */
function isHiddenOrTemp(name: string): boolean {
  const lower = name.toLowerCase();
  return name.startsWith(".") || name.startsWith("~$") || lower.endsWith(".tmp") || lower.endsWith(".part");
}

export interface RetryOutcome {
  /** day/name -> path relative to the home, for each input moved back. */
  moved: Array<{ from: string; to: string }>;
  /** day/name and why it stayed: a permanent failure (without `all`). */
  skipped: Array<{ from: string; why: string }>;
  /** Names asked for and found nowhere in failed/. */
  missing: string[];
}

/**
 * Why a failed input stays in failed/ on a plain `retry`, or null to move it back: its report's code
 * says trying the same bytes again fails the same way, and the file was not edited since.
 */
async function permanentFailure(dir: string, name: string): Promise<string | null> {
  const reportFile = path.join(dir, errorReportName(name));
  const report = await readReport(reportFile);
  if (retryCanHelp(report.code)) return null;
  const [input, written] = await Promise.all([fs.lstat(path.join(dir, name)).catch(() => null), fs.lstat(reportFile).catch(() => null)]);
  if (input && written && input.mtimeMs > written.mtimeMs) return null; // edited in failed/ after it failed: worth a try
  const reason = typeof report.reason === "string" ? oneLine(report.reason).slice(0, 160) : String(report.code);
  return `a permanent failure (${String(report.code)}: ${reason}); it would fail the same way: mend the file, or use --all`;
}

/**
 * Moves failed inputs (all, or those named) back into the inbox, with a running daemon writing
 * new failures into the same folders: temp files are skipped, and a file or folder that vanishes
 * meanwhile (another retry, the user) is simply no longer there to move.
 */
export async function retryFailed(paths: Paths, names: readonly string[], options: { all?: boolean } = {}): Promise<RetryOutcome> {
  const wanted = new Set(names.map((f) => path.basename(f)));
  await ensureDir(paths.inbox);
  const moved: RetryOutcome["moved"] = [];
  const skipped: RetryOutcome["skipped"] = [];
  const found = new Set<string>();
  for (const { day, dir } of await failedDays(paths)) {
    await restoreHeld(dir);
    for (const name of failedInputNames(await fs.readdir(dir).catch(() => [] as string[]))) {
      if (isHiddenOrTemp(name)) continue;
      if (wanted.size > 0 && !wanted.has(name)) continue;
      const permanent = options.all ? null : await permanentFailure(dir, name);
      if (permanent !== null) {
        skipped.push({ from: path.join(day, name), why: permanent });
        found.add(name);
        continue;
      }
      const target = await moveBack(dir, name, paths);
      if (target === null) continue;
      moved.push({ from: path.join(day, name), to: path.relative(paths.home, target) });
      found.add(name);
    }
    await ignoreFailure(fs.rmdir(dir), KEEP_BUSY_DAY);
  }
  // Counting moves would hide a missing name when another failed on two days.
  return { moved, skipped, missing: [...wanted].filter((name) => !found.has(name)) };
}

/**
 * The report is set aside (renamed to a hidden name) first, then the input is held under a hidden
 * name (one rename: of two retries at once, one wins and the other finds it gone), then it moves
 * to the inbox, then the report is deleted. Once the input is back in the inbox a daemon may fail
 * it again at once and write a new report under the same name: that one is never the one deleted.
 * Null when the input has vanished.
 */
async function moveBack(dir: string, name: string, paths: Paths): Promise<string | null> {
  const hidden = (suffix: string) => path.join(dir, retryHeldName(name, suffix, process.pid));
  const report = path.join(dir, errorReportName(name));
  const reportAside = hidden(ERROR_REPORT_SUFFIX);
  const held = hidden("");
  const setAside = await renameIfThere(report, reportAside);
  if (!(await renameIfThere(path.join(dir, name), held))) {
    // Gone (moved by someone else): its report no longer belongs here.
    if (setAside) await fs.rm(reportAside, { force: true });
    return null;
  }
  const carry = await rememberAttempts(paths, held, name, setAside ? await readReport(reportAside) : {});
  let target: string;
  try {
    target = await moveNoReplace(held, paths.inbox, name);
  } catch (err) {
    if (carry) await ignoreFailure(fs.rm(carry, { force: true }), RESTORED_LATER);
    await ignoreFailure(moveNoReplace(held, dir, name), RESTORED_LATER);
    if (setAside) await ignoreFailure(fs.rename(reportAside, report), RESTORED_LATER);
    throw err;
  }
  if (setAside) await fs.rm(reportAside, { force: true });
  return target;
}

/**
 * Writes down, by the input's identity (kept through its moves), how many attempts it had before
 * this retry, for the daemon to count on from there (src/daemon/retried.ts). The file path, or null.
 */
async function rememberAttempts(paths: Paths, held: string, name: string, report: Record<string, unknown>): Promise<string | null> {
  const stat = await fs.lstat(held).catch(() => null);
  if (!stat) return null;
  const attempts = typeof report.attempts === "number" && Number.isInteger(report.attempts) && report.attempts > 0 ? report.attempts : 1;
  const file = retriedInputFile(paths.state, stat.dev, stat.ino);
  await ensureDir(path.dirname(file));
  await writeFileAtomic(file, `${JSON.stringify({ name, attempts, at: new Date().toISOString() })}\n`);
  return file;
}

/** Inputs and reports a retry held under hidden names when it was killed: back under their names. */
async function restoreHeld(dir: string): Promise<void> {
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const held = parseRetryHeldName(name);
    if (!held || pidAlive(held.pid)) continue;
    await ignoreFailure(moveNoReplace(path.join(dir, name), dir, held.name), RESTORED_LATER);
  }
}

async function renameIfThere(from: string, to: string): Promise<boolean> {
  try {
    await fs.rename(from, to);
    return true;
  } catch (err) {
    if (isErrno(err, "ENOENT")) return false;
    throw err;
  }
}
