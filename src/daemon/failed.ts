import { promises as fs } from "node:fs";
import path from "node:path";
import { ignoreFailure } from "../core/errors.js";
import { ensureDir, isErrno, moveNoReplace } from "../store/fsutil.js";
import { pidAlive } from "../store/locks.js";
import { ERROR_REPORT_SUFFIX, errorReportName, failedInputNames, parseRetryHeldName, type Paths, retryHeldName } from "../store/layout.js";

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

/** Every failed input, oldest day first, with its reason. */
export async function listFailedInputs(paths: Paths): Promise<FailedInput[]> {
  const out: FailedInput[] = [];
  for (const day of (await fs.readdir(paths.failed).catch(() => [] as string[])).filter((d) => DAY.test(d)).sort()) {
    const dir = path.join(paths.failed, day);
    for (const name of failedInputNames(await fs.readdir(dir).catch(() => [] as string[])).sort()) {
      const report = await fs
        .readFile(path.join(dir, errorReportName(name)), "utf8")
        .then((t) => JSON.parse(t) as Record<string, unknown>)
        .catch(() => ({}) as Record<string, unknown>);
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

/**
 * The failed file a key names, found by listing (a key is never used as a path): null when there
 * is none.
 */
async function findFailed(paths: Paths, key: string): Promise<{ dir: string; name: string } | null> {
  const slash = key.indexOf("/");
  const day = key.slice(0, slash);
  const name = key.slice(slash + 1);
  if (slash < 0 || !DAY.test(day) || !name) return null;
  const dir = path.join(paths.failed, day);
  const names = failedInputNames(await fs.readdir(dir).catch(() => [] as string[]));
  return names.includes(name) ? { dir, name } : null;
}

/** Moves a failed input back into the inbox (never over another file). Returns its inbox name, or null if there is no such failed file. */
export async function retryFailedInput(paths: Paths, key: string): Promise<string | null> {
  const found = await findFailed(paths, key);
  if (!found) return null;
  await ensureDir(paths.inbox);
  const target = await moveBack(found.dir, found.name, paths.inbox);
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
  /** Names asked for and found nowhere in failed/. */
  missing: string[];
}

/**
 * Moves failed inputs (all, or those named) back into the inbox, with a running daemon writing
 * new failures into the same folders: temp files are skipped, and a file or folder that vanishes
 * meanwhile (another retry, the user) is simply no longer there to move.
 */
export async function retryFailed(paths: Paths, names: readonly string[]): Promise<RetryOutcome> {
  const wanted = new Set(names.map((f) => path.basename(f)));
  await ensureDir(paths.inbox);
  const moved: RetryOutcome["moved"] = [];
  const found = new Set<string>();
  for (const day of (await fs.readdir(paths.failed).catch(() => [] as string[])).sort()) {
    const dir = path.join(paths.failed, day);
    await restoreHeld(dir);
    for (const name of failedInputNames(await fs.readdir(dir).catch(() => [] as string[]))) {
      if (isHiddenOrTemp(name)) continue;
      if (wanted.size > 0 && !wanted.has(name)) continue;
      const target = await moveBack(dir, name, paths.inbox);
      if (target === null) continue;
      moved.push({ from: path.join(day, name), to: path.relative(paths.home, target) });
      found.add(name);
    }
    await ignoreFailure(fs.rmdir(dir), KEEP_BUSY_DAY);
  }
  // Counting moves would hide a missing name when another failed on two days.
  return { moved, missing: [...wanted].filter((name) => !found.has(name)) };
}

/**
 * The report is set aside (renamed to a hidden name) first, then the input is held under a hidden
 * name (one rename: of two retries at once, one wins and the other finds it gone), then it moves
 * to the inbox, then the report is deleted. Once the input is back in the inbox a daemon may fail
 * it again at once and write a new report under the same name: that one is never the one deleted.
 * Null when the input has vanished.
 */
async function moveBack(dir: string, name: string, inbox: string): Promise<string | null> {
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
  let target: string;
  try {
    target = await moveNoReplace(held, inbox, name);
  } catch (err) {
    await ignoreFailure(moveNoReplace(held, dir, name), RESTORED_LATER);
    if (setAside) await ignoreFailure(fs.rename(reportAside, report), RESTORED_LATER);
    throw err;
  }
  if (setAside) await fs.rm(reportAside, { force: true });
  return target;
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
