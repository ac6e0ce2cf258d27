import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { appendDurable, ensureDir, isErrno } from "../store/fsutil.js";
import { withLock, type LockOptions } from "../store/locks.js";
import { WEBHOOK_OUTBOX_FILE } from "../store/layout.js";
import path from "node:path";

/** A delivery waiting for its receiver: the exact bytes to send, so a re-send signs the same body. */
export interface PendingDelivery {
  state: "pending";
  id: string;
  url: string;
  body: string;
  /** The process that queued it: another live process's deliveries are left to it. */
  pid: number;
  at: string;
}

/** A delivery finished: acknowledged (2xx) or refused for good (a 4xx other than 408/429, a redirect). */
export interface FinishedDelivery {
  state: "delivered" | "rejected";
  id: string;
  status: number;
  at: string;
}

export type OutboxLine = PendingDelivery | FinishedDelivery;

function isOutboxLine(value: unknown): value is OutboxLine {
  const line = value as Partial<OutboxLine> | null;
  return typeof line?.id === "string" && (line.state === "pending" || line.state === "delivered" || line.state === "rejected");
}

/**
 * The webhook outbox: data/state/webhooks.jsonl, append-only whole lines (one write, fsync, under
 * the file's lock: the daemon and `process` may both append). A delivery is pending from its
 * "pending" line until a "delivered" or "rejected" line with its id; pending ones survive a restart
 * or a kill -9 and are sent again. Readers catch up from where they stopped; a torn last line (a
 * crash mid-write) is never read, and the next append starts after a newline.
 */
export class Outbox {
  readonly file: string;
  private offset = 0;
  private readonly pending = new Map<string, PendingDelivery>();
  private readonly finished = new Set<string>();

  constructor(
    stateDir: string,
    private readonly lockOptions: LockOptions,
  ) {
    this.file = path.join(stateDir, WEBHOOK_OUTBOX_FILE);
  }

  async open(): Promise<void> {
    await ensureDir(path.dirname(this.file));
    this.catchUp();
  }

  /** Reads the whole lines appended since the last look (by any process). */
  catchUp(): void {
    let fd: number;
    try {
      fd = openSync(this.file, "r");
    } catch (err) {
      if (isErrno(err, "ENOENT")) return;
      throw err;
    }
    try {
      const { size } = fstatSync(fd);
      if (size <= this.offset) return;
      const buf = Buffer.alloc(size - this.offset);
      let read = 0;
      while (read < buf.length) {
        const n = readSync(fd, buf, read, buf.length - read, this.offset + read);
        if (n === 0) break;
        read += n;
      }
      const lastNewline = buf.lastIndexOf(0x0a, read - 1);
      if (lastNewline < 0) return;
      for (const text of buf.toString("utf8", 0, lastNewline).split("\n")) this.note(text);
      this.offset += lastNewline + 1;
    } finally {
      closeSync(fd);
    }
  }

  private note(text: string): void {
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch {
      return; // a torn line a crash left (cut off by the newline of the next append)
    }
    if (!isOutboxLine(line)) return;
    if (line.state === "pending") {
      if (!this.finished.has(line.id)) this.pending.set(line.id, line);
    } else {
      this.finished.add(line.id);
      this.pending.delete(line.id);
    }
  }

  /** Already queued or finished: a re-run of a stored record queues nothing twice. */
  knows(id: string): boolean {
    return this.pending.has(id) || this.finished.has(id);
  }

  isFinished(id: string): boolean {
    return this.finished.has(id);
  }

  pendingDeliveries(): PendingDelivery[] {
    return [...this.pending.values()];
  }

  /** Appends lines durably; queued deliveries are known at once, finished ones forgotten. */
  async append(lines: readonly OutboxLine[]): Promise<void> {
    if (lines.length === 0) return;
    await withLock(
      this.file,
      async () => {
        this.catchUp();
        const fresh = lines.filter((line) => line.state !== "pending" || !this.knows(line.id));
        if (fresh.length === 0) return;
        const text = fresh.map((line) => `${JSON.stringify(line)}\n`).join("");
        // Never glue a line to a torn one: start after a newline.
        await appendDurable(this.file, (this.endsTorn() ? "\n" : "") + text);
        this.catchUp();
      },
      this.lockOptions,
    );
  }

  private endsTorn(): boolean {
    let fd: number;
    try {
      fd = openSync(this.file, "r");
    } catch (err) {
      if (isErrno(err, "ENOENT")) return false;
      throw err;
    }
    try {
      const { size } = fstatSync(fd);
      if (size === 0) return false;
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      return last[0] !== 0x0a;
    } finally {
      closeSync(fd);
    }
  }
}
