import { promises as fs } from "node:fs";
import path from "node:path";
import { watch, type FSWatcher } from "chokidar";
import type { Config } from "../config/schema.js";

/** Article files the daemon takes: *.json at the inbox's top level, minus temp and hidden names. */
export function isCandidateName(name: string): boolean {
  if (name.startsWith(".") || name.startsWith("~$")) return false;
  const lower = name.toLowerCase();
  if (lower.endsWith(".tmp") || lower.endsWith(".part")) return false;
  return lower.endsWith(".json");
}

export interface InboxOptions {
  dir: string;
  watch: Config["watch"];
  onCandidate: (name: string) => void;
  onError: (err: Error) => void;
}

/**
 * Tells the daemon about candidate files: chokidar events (depth 0), plus a full scan at start and
 * every `rescanMs` so that a missed event never strands a file.
 */
export class InboxWatcher {
  private watcher?: FSWatcher;
  private rescanTimer?: NodeJS.Timeout;

  constructor(private readonly options: InboxOptions) {}

  async start(): Promise<void> {
    const { dir, watch: w } = this.options;
    const watcher = watch(dir, {
      depth: 0,
      ignoreInitial: true,
      usePolling: w.polling,
      interval: w.pollIntervalMs,
      ignored: (file: string) => file !== dir && !isCandidateName(path.basename(file)) && path.dirname(file) === dir,
    });
    const take = (file: string) => {
      if (path.dirname(file) === dir && isCandidateName(path.basename(file))) this.options.onCandidate(path.basename(file));
    };
    watcher.on("add", take).on("change", take).on("addDir", take).on("error", (err) => this.options.onError(err as Error));
    await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
    this.watcher = watcher;
    await this.scan();
    this.rescanTimer = setInterval(() => {
      this.scan().catch((err: Error) => this.options.onError(err));
    }, w.rescanMs);
    this.rescanTimer.unref();
  }

  async scan(): Promise<number> {
    const names = await fs.readdir(this.options.dir);
    let count = 0;
    for (const name of names) {
      if (!isCandidateName(name)) continue;
      count += 1;
      this.options.onCandidate(name);
    }
    return count;
  }

  async stop(): Promise<void> {
    clearInterval(this.rescanTimer);
    await this.watcher?.close();
  }
}
