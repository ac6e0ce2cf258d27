import { promises as fs } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../store/fsutil.js";

/**
 * At most one daemon per pm2 app, and none without its pm2.
 *
 * Why two could run (pm2 7.0.4, lib/God.js): with `wait_ready` an app is "launching" until it says
 * 'ready'. `pm2 restart` (or stop) of a launching app marks it "stopping" and kills it; but a
 * process that exits before 'ready' is then marked "online" by the exit path (readyCb), so
 * handleExit no longer sees it was being stopped and schedules an automatic restart, while the
 * restart starts one too: two processes for one pm_id. pm2 keeps the last in its table and
 * forgets the other, which `pm2 stop` then never stops. A crash loop makes this likely: the app is
 * launching most of the time. Seen with the real pm2: two daemons after `pm2 restart`, one left
 * after `pm2 stop`, writing health.json and holding its .processing/<pid>-... folder.
 *
 * The guard: a daemon started by pm2 (env `pm_id`, an IPC channel to pm2's daemon) records its pid
 * in <state>/pm2-<pm2 daemon pid>-<pm_id>.pid as soon as it starts; the newest one wins, as in
 * pm2's own table. Each looks again every second and stops gracefully once the file names another
 * pid, and also when its pm2 daemon is gone (the IPC channel closes, or it was re-parented).
 */
interface Pm2Identity {
  pmId: string;
  /** pid of pm2's daemon (God), our parent. */
  godPid: number;
}

export function pm2Identity(env: NodeJS.ProcessEnv = process.env): Pm2Identity | null {
  const pmId = env.pm_id;
  if (pmId === undefined || !/^\d+$/.test(pmId) || !process.send) return null;
  return { pmId, godPid: process.ppid };
}

export class Pm2Guard {
  private timer?: NodeJS.Timeout;
  private done = false;
  readonly file: string;

  constructor(
    stateDir: string,
    private readonly identity: Pm2Identity,
    private readonly onLost: (reason: string) => void,
    private readonly intervalMs = 1000,
  ) {
    this.file = path.join(stateDir, `pm2-${identity.godPid}-${identity.pmId}.pid`);
  }

  /** Takes the app's place (the newest daemon wins) and starts watching for a newer one and for pm2. */
  async start(): Promise<void> {
    await writeFileAtomic(this.file, `${process.pid}\n`);
    process.once("disconnect", () => this.lost("pm2 is gone (its IPC channel closed)"));
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  async check(): Promise<void> {
    if (this.done) return;
    if (process.ppid !== this.identity.godPid) return this.lost(`pm2 is gone (parent ${this.identity.godPid} exited)`);
    const text = await fs.readFile(this.file, "utf8").catch(() => null);
    const owner = text === null ? NaN : Number(text.trim());
    if (Number.isInteger(owner) && owner !== process.pid) {
      this.lost(`pm2 started another daemon for this app (pid ${owner}); this one (pid ${process.pid}) is not pm2's any more`);
    }
  }

  private lost(reason: string): void {
    if (this.done) return;
    this.done = true;
    this.stop();
    this.onLost(reason);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
