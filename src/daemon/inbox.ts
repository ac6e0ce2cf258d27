import { promises as fs, lstatSync, watch as fsWatch, type FSWatcher as NodeWatcher } from "node:fs";
import path from "node:path";
import { watch, type FSWatcher } from "chokidar";
import type { Config } from "../config/schema.js";
import { isHiddenOrTemp, isInputName } from "../intake/registry.js";
import { isOwnInboxFolder } from "../store/layout.js";

/**
 * Names the daemon takes from the inbox's top level: every name but hidden and temp ones and its
 * own folders. What it cannot process still goes to failed/ with a reason (intake/registry.ts), never
 * sits there silently.
 */
export function isCandidateName(name: string): boolean {
  return !isHiddenOrTemp(name) && !isOwnInboxFolder(name);
}

/**
 * A folder whose name is no input format is left alone: a complete save's "<page>_files" folder
 * (it follows its page to done/), or the user's own folder. A folder named like an input
 * ("x.json") is claimed and fails as "not a regular file", as before.
 */
export function isIgnoredFolder(file: string): boolean {
  if (isInputName(path.basename(file))) return false;
  try {
    return lstatSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** What `status` reports about an inbox entry. */
export function inboxEntryKind(name: string, isDirectory: boolean): "input" | "ignored" | "own" {
  if (isOwnInboxFolder(name)) return "own";
  if (!isCandidateName(name) || (isDirectory && !isInputName(name))) return "ignored";
  return "input";
}

/** A folder made again right after `rm -rf` often gets the same inode number: its birth time tells them apart. */
function folderId(stat: import("node:fs").Stats): string {
  return `${stat.dev}:${stat.ino}:${stat.birthtimeMs}`;
}

interface InboxOptions {
  dir: string;
  watch: Config["watch"];
  onCandidate: (name: string) => void;
  onError: (err: Error) => void;
  /**
   * The inbox folder was removed (or replaced by another folder) while running: it has been made
   * again if needed and is watched anew; called before the next scan.
   */
  onReplaced?: () => Promise<void>;
}

/**
 * Tells the daemon about candidate files: file-system events on the inbox folder itself, plus a
 * full scan at start and every `rescanMs` so that a missed event never strands a file.
 *
 * Events mode uses the platform watcher (`fs.watch`, inotify on Linux) on the folder: one event
 * per create/rename/write, carrying the name, O(1) per file. chokidar is kept for polling mode
 * (network and container mounts). In events mode chokidar re-reads and lstat()s the whole folder
 * on every change (throttled to once a second) and opens a watcher per file, which made the main
 * thread the bottleneck of a 5,000-file burst (docs/benchmarks.md: about 2x the throughput).
 */
export class InboxWatcher {
  private watcher?: FSWatcher;
  private nodeWatcher?: NodeWatcher;
  private rescanTimer?: NodeJS.Timeout;
  /** Identity of the folder being watched: a user or a sync tool may remove and re-create it. */
  private watchedId?: string;
  private stopped = false;

  constructor(private readonly options: InboxOptions) {}

  private startRescans(): void {
    this.rescanTimer = setInterval(() => {
      this.checkFolder()
        .then(() => this.scan())
        .catch((err: Error) => this.options.onError(err));
    }, this.options.watch.rescanMs);
    this.rescanTimer.unref();
  }

  /** Before each rescan: is the inbox still the folder we watch? If not, make it again and watch that one. */
  private async checkFolder(): Promise<void> {
    const stat = await fs.stat(this.options.dir).catch(() => null);
    if (stat?.isDirectory() && folderId(stat) === this.watchedId) return;
    await fs.mkdir(this.options.dir, { recursive: true });
    if (this.stopped) return;
    await this.options.onReplaced?.();
    await this.watchFolder();
  }

  private async watchFolder(): Promise<void> {
    const { dir } = this.options;
    this.watchedId = folderId(await fs.stat(dir));
    if (this.options.watch.polling) {
      await this.watcher?.close();
      this.watcher = undefined;
      await this.startChokidar();
      return;
    }
    this.nodeWatcher?.close();
    this.nodeWatcher = fsWatch(dir, { persistent: true }, (_event, name) => {
      const base = typeof name === "string" ? name : undefined;
      if (base && !base.includes(path.sep) && isCandidateName(base)) this.options.onCandidate(base);
    });
    // The folder itself going away is found by the next rescan (checkFolder), not reported here.
    this.nodeWatcher.on("error", () => undefined);
  }

  async start(): Promise<void> {
    await this.watchFolder();
    await this.scan();
    this.startRescans();
  }

  private async startChokidar(): Promise<void> {
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
    watcher
      .on("add", take)
      .on("change", take)
      .on("addDir", take)
      .on("error", (err) => this.options.onError(err as Error));
    await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
    this.watcher = watcher;
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
    this.stopped = true;
    clearInterval(this.rescanTimer);
    this.nodeWatcher?.close();
    await this.watcher?.close();
  }
}
