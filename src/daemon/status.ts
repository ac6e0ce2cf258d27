import { promises as fs } from "node:fs";
import path from "node:path";
import { healthFile, type HealthSnapshot } from "./health.js";
import { inboxEntryKind } from "./inbox.js";
import { failedKeys } from "./failed.js";
import { lastDigestWritten } from "../digest/state.js";
import type { Paths } from "../store/layout.js";
import { pidAlive } from "../store/locks.js";
import { checkInstalledModel, type InstalledModelState } from "../engines/offline/model-file.js";

interface StatusSummary {
  running: boolean;
  health: HealthSnapshot | null;
  inbox_depth: number;
  oldest_waiting: { name: string; ageS: number } | null;
  /** Hidden and temp names (and folders that are no input) in the inbox: never taken. */
  ignored_count: number;
  ignored: string[];
  failed_count: number;
  failed_recent: string[];
  /** The disk holding data/: bytes free to this user, and whether it is full (the daemon said so, or under 64 KB left). */
  disk: { free_bytes: number | null; full: boolean; since: string | null };
  /** The installation's model file (data/models/classifier.json): in use, absent (the shipped model), or unusable (and why). */
  model: InstalledModelState & { file: string };
  /** The newest digest in data/digests/, by whoever wrote it. */
  last_digest: { date: string; written_at: string } | null;
}

/** Under this many free bytes the disk counts as full: health.json itself cannot be written then, so status looks for itself. */
const DISK_FULL_BYTES = 64 * 1024;

async function diskState(paths: Paths, since: string | null): Promise<StatusSummary["disk"]> {
  const stats = await fs.statfs(paths.data).catch(() => fs.statfs(paths.home).catch(() => null));
  const free = stats ? stats.bavail * stats.bsize : null;
  return { free_bytes: free, full: since !== null || (free !== null && free < DISK_FULL_BYTES), since };
}

/** What `news-coverage status --json` prints and GET /api/status answers. */
export async function collectStatus(paths: Paths): Promise<StatusSummary> {
  const health = (await fs
    .readFile(healthFile(paths), "utf8")
    .then((t) => JSON.parse(t) as HealthSnapshot)
    .catch(() => null)) as HealthSnapshot | null;
  const now = Date.now();
  const waiting: Array<{ name: string; ageS: number }> = [];
  const ignored: string[] = [];
  for (const name of await fs.readdir(paths.inbox).catch(() => [] as string[])) {
    const stat = await fs.lstat(path.join(paths.inbox, name)).catch(() => null);
    if (!stat) continue;
    const kind = inboxEntryKind(name, stat.isDirectory());
    if (kind === "ignored") ignored.push(name);
    else if (kind === "input") waiting.push({ name, ageS: Math.round((now - stat.mtimeMs) / 1000) });
  }
  waiting.sort((a, b) => b.ageS - a.ageS);
  ignored.sort();
  const failed = await failedKeys(paths);
  const running = health !== null && health.state !== "stopped" && pidAlive(health.pid);
  return {
    running,
    health,
    inbox_depth: waiting.length,
    oldest_waiting: waiting[0] ?? null,
    ignored_count: ignored.length,
    ignored: ignored.slice(0, 10),
    failed_count: failed.length,
    failed_recent: failed.slice(-10),
    disk: await diskState(paths, running ? (health?.disk_full_since ?? null) : null),
    model: { file: path.relative(paths.home, paths.installedModel), ...checkInstalledModel(paths.installedModel) },
    last_digest: await lastDigestWritten(paths.digests),
  };
}

/**
 * A check the daemon runs at start and with each health write: warns (once per broken file) when
 * the installation's model file cannot be used, naming the file and what to do. Without it a
 * truncated file would silently leave the classifier on the shipped model.
 */
export function installedModelWarner(file: string, warn: (message: string) => void): () => void {
  let last: string | null = null;
  return () => {
    const { problem } = checkInstalledModel(file);
    if (problem && problem !== last) warn(problem);
    last = problem;
  };
}
