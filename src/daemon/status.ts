import { promises as fs } from "node:fs";
import path from "node:path";
import { healthFile, type HealthSnapshot } from "./health.js";
import { inboxEntryKind } from "./inbox.js";
import { failedKeys } from "./failed.js";
import { lastDigestWritten } from "../digest/state.js";
import type { Paths } from "../store/layout.js";
import { pidAlive } from "../store/locks.js";

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
  /** The newest digest in data/digests/, by whoever wrote it. */
  last_digest: { date: string; written_at: string } | null;
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
    last_digest: await lastDigestWritten(paths.digests),
  };
}
