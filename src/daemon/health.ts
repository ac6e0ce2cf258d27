import path from "node:path";
import { errorMessage } from "../core/errors.js";
import { writeFileAtomic } from "../store/fsutil.js";
import { HEALTH_FILE, type Paths } from "../store/layout.js";

export interface Counters {
  done: number;
  failed: number;
  stored: number;
  duplicates: number;
  retries: number;
}

export interface HealthSnapshot {
  pid: number;
  version: string;
  engine: string;
  started_at: string;
  updated_at: string;
  uptime_s: number;
  watch_mode: "events" | "polling";
  inbox_depth: number;
  oldest_waiting_age_s: number | null;
  in_flight: number;
  counters: Counters;
  last_success: string | null;
  pool_utilisation: number;
  last_digest_date: string | null;
  quota_paused: boolean;
  /** Since when store commits fail on a full disk (inputs wait without using attempts); null when they do not. */
  disk_full_since?: string | null;
  state: "starting" | "running" | "stopping" | "stopped";
  /** The HTTP API (absent when server.enabled is false); url null when it could not start. */
  server?: { url: string | null; error?: string };
}

export function healthFile(paths: Paths): string {
  return path.join(paths.state, HEALTH_FILE);
}

export async function writeHealth(paths: Paths, snapshot: HealthSnapshot): Promise<void> {
  await writeFileAtomic(healthFile(paths), `${JSON.stringify(snapshot, null, 2)}\n`);
}

/**
 * Writes health.json one snapshot after another (so a periodic "running" never lands after
 * "stopped"), and every `intervalMs` while the daemon runs, with `beforeTick` first.
 */
export class HealthWriter {
  private writes: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly paths: Paths,
    private readonly snapshot: (state: HealthSnapshot["state"]) => HealthSnapshot,
    private readonly onWritten: (snapshot: HealthSnapshot) => void,
    private readonly warn: (message: string) => void,
  ) {}

  every(intervalMs: number, beforeTick: () => void): void {
    this.timer = setInterval(() => {
      beforeTick();
      void this.write("running");
    }, intervalMs);
    this.timer.unref();
  }

  /** No periodic write after this one. */
  stopTicking(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  write(state: HealthSnapshot["state"]): Promise<void> {
    this.writes = this.writes.then(async () => {
      try {
        const snapshot = this.snapshot(state);
        this.onWritten(snapshot);
        await writeHealth(this.paths, snapshot);
      } catch (err) {
        this.warn(`could not write health.json: ${errorMessage(err)}`);
      }
    });
    return this.writes;
  }
}
