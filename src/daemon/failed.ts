import { promises as fs } from "node:fs";
import path from "node:path";
import type { Paths } from "../config/load.js";
import { ensureDir, moveNoReplace } from "../store/fsutil.js";
import { fitName } from "./claims.js";

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

function errorFileName(name: string): string {
  return `${fitName(name, ".error.json".length)}.error.json`;
}

/** Every failed input, oldest day first, with its reason. */
export async function listFailedInputs(paths: Paths): Promise<FailedInput[]> {
  const out: FailedInput[] = [];
  for (const day of (await fs.readdir(paths.failed).catch(() => [] as string[])).filter((d) => DAY.test(d)).sort()) {
    const dir = path.join(paths.failed, day);
    for (const name of (await fs.readdir(dir).catch(() => [] as string[])).sort()) {
      if (name.endsWith(".error.json")) continue;
      const report = await fs
        .readFile(path.join(dir, errorFileName(name)), "utf8")
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
  if (slash < 0 || !DAY.test(day) || !name || name.endsWith(".error.json")) return null;
  const dir = path.join(paths.failed, day);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.includes(name) ? { dir, name } : null;
}

/** Moves a failed input back into the inbox (never over another file). Returns its inbox name, or null if there is no such failed file. */
export async function retryFailedInput(paths: Paths, key: string): Promise<string | null> {
  const found = await findFailed(paths, key);
  if (!found) return null;
  await ensureDir(paths.inbox);
  const target = await moveNoReplace(path.join(found.dir, found.name), paths.inbox, found.name);
  await fs.rm(path.join(found.dir, errorFileName(found.name)), { force: true });
  await fs.rmdir(found.dir).catch(() => undefined);
  return path.basename(target);
}

/** Deletes a failed input and its .error.json. False if there is no such failed file. */
export async function deleteFailedInput(paths: Paths, key: string): Promise<boolean> {
  const found = await findFailed(paths, key);
  if (!found) return false;
  await fs.rm(path.join(found.dir, found.name), { force: true });
  await fs.rm(path.join(found.dir, errorFileName(found.name)), { force: true });
  await fs.rmdir(found.dir).catch(() => undefined);
  return true;
}
