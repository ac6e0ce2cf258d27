import { promises as fs } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import type { Paths } from "../../config/load.js";
import { fitName } from "../../daemon/claims.js";
import { oneLine } from "../../pipeline/text.js";
import { ensureDir, isErrno, moveNoReplace } from "../../store/fsutil.js";
import { cliContext } from "../context.js";

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
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      if (name.endsWith(".error.json") || isHiddenOrTemp(name)) continue;
      if (wanted.size > 0 && !wanted.has(name)) continue;
      const target = await moveBack(dir, name, paths.inbox);
      if (target === null) continue;
      moved.push({ from: path.join(day, name), to: path.relative(paths.home, target) });
      found.add(name);
    }
    await fs.rmdir(dir).catch(() => undefined);
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
  const hidden = (suffix: string) => path.join(dir, `.${fitName(name, suffix.length + 24)}${suffix}.retry-${process.pid}`);
  const report = path.join(dir, `${fitName(name, ".error.json".length)}.error.json`);
  const reportAside = hidden(".error.json");
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
    await moveNoReplace(held, dir, name).catch(() => undefined);
    if (setAside) await fs.rename(reportAside, report).catch(() => undefined);
    throw err;
  }
  if (setAside) await fs.rm(reportAside, { force: true });
  return target;
}

const HELD = /^\.(.+)\.retry-(\d+)$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return isErrno(err, "EPERM");
  }
}

/** Inputs and reports a retry held under hidden names when it was killed: back under their names. */
async function restoreHeld(dir: string): Promise<void> {
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const held = HELD.exec(name);
    if (!held || alive(Number(held[2]))) continue;
    await moveNoReplace(path.join(dir, name), dir, held[1]!).catch(() => undefined);
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

export function registerRetryCommand(program: Command): void {
  program
    .command("retry")
    .description("move failed inputs back into the inbox (all of them, or the names given)")
    .argument("[files...]", "failed file names or paths (default: every failed file)")
    .action(async (files: string[]) => {
      const { paths, log } = cliContext();
      log.close();
      let outcome: RetryOutcome;
      try {
        outcome = await retryFailed(paths, files);
      } catch (err) {
        process.stderr.write(`news-coverage: retry stopped: ${oneLine((err as Error).message)}\n`);
        process.exitCode = 1;
        return;
      }
      for (const { from, to } of outcome.moved) process.stdout.write(`retry: ${oneLine(from)} -> ${oneLine(to)}\n`);
      process.stdout.write(`${outcome.moved.length} file(s) moved back into the inbox\n`);
      for (const name of outcome.missing) process.stderr.write(`news-coverage: nothing in failed/ named ${oneLine(name)}\n`);
      if (outcome.missing.length > 0) process.exitCode = 1;
    });
}
