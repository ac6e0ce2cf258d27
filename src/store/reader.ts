import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { RecordSchema, type StoredRecord } from "../core/record.js";
import { readLinesFrom } from "./jsonl.js";
import { currentVersion, type OrderedVersion, type WarnLogger } from "./versions.js";
import { queueTail } from "../core/errors.js";
import { isJsonlFile, isStoreFilePath, isStoreFolder } from "./layout.js";

const MAX_WARNINGS = 100;

interface HeldVersion extends OrderedVersion {
  file: string;
}

/**
 * The current version of every stored record, kept in memory for the review desk and brought up
 * to date by reading only the lines appended since the last look (`refresh`, one stat per store
 * file). Any process may append (daemon, `process`, another desk); lines are written whole, so
 * reading without the lock sees complete lines or none. Never writes.
 */
/**
 * data/ingest/<Company>/<YYYY Q#>.jsonl, sorted. Synchronous: a dozen readdirs of microseconds,
 * which through the thread pool would each cost a hop on every request.
 */
function storeFiles(ingestDir: string): string[] {
  const list = (dir: string) => {
    try {
      return readdirSync(dir, { withFileTypes: true });
    } catch {
      return [];
    }
  };
  const files: string[] = [];
  for (const company of list(ingestDir)) {
    if (!company.isDirectory() || !isStoreFolder(company.name)) continue;
    const dir = path.join(ingestDir, company.name);
    for (const entry of list(dir)) if (entry.isFile() && isJsonlFile(entry.name)) files.push(path.join(dir, entry.name));
  }
  return files.sort();
}

function statSafe(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export class StoreReader {
  private readonly offsets = new Map<string, number>();
  private readonly versions = new Map<string, HeldVersion[]>();
  private readonly current = new Map<string, StoredRecord>();
  private order = 0;
  private cache: StoredRecord[] | null = null;
  private readonly memos = new Map<string, unknown>();
  private running: Promise<unknown> = Promise.resolve();
  private queued: Promise<void> | null = null;
  readonly warnings: string[] = [];

  constructor(
    private readonly ingestDir: string,
    private readonly logger?: WarnLogger,
  ) {}

  /**
   * Reads what was appended to any store file since the last call. Passes run one at a time;
   * callers that come while a pass waits to start share it (a pass already running may have
   * listed the files before their change, so they queue the next one).
   */
  refresh(): Promise<void> {
    this.queued ??= this.serial(() => {
      this.queued = null;
      return this.readNew();
    });
    return this.queued;
  }

  private serial(pass: () => Promise<void>): Promise<void> {
    const run = this.running.then(pass);
    this.running = queueTail(run);
    return run;
  }

  private async readNew(only?: readonly string[]): Promise<void> {
    for (const file of only ?? storeFiles(this.ingestDir)) {
      if (!isStoreFilePath(path.relative(this.ingestDir, file))) continue;
      const offset = this.offsets.get(file) ?? 0;
      // A stat of microseconds; through the thread pool it would cost a hop per store file per request.
      const size = statSafe(file);
      if (size === offset) continue;
      if (size < offset) {
        // Only a replaced file shrinks (the store never rewrites): read it again from the start.
        this.forgetFile(file);
        this.offsets.delete(file);
      }
      const { lines, next } = await readLinesFrom(file, this.offsets.get(file) ?? 0);
      for (const line of lines) this.take(file, line);
      this.offsets.set(file, next);
    }
  }

  private take(file: string, line: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return this.warn(`${file}: a line is not valid JSON; skipped`);
    }
    const result = RecordSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      return this.warn(`${file}: a line is not a valid record (${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}); skipped`);
    }
    const record = result.data;
    const list = this.versions.get(record.id) ?? [];
    list.push({ record, order: this.order++, file });
    this.versions.set(record.id, list);
    this.current.set(record.id, currentVersion(list)!.record);
    this.changed();
  }

  private changed(): void {
    this.cache = null;
    this.memos.clear();
  }

  /**
   * Reads what was appended to the given store files only (and the files holding versions of
   * `id`): the cheap re-check a correction makes under its target file's lock.
   */
  refreshFor(id: string, files: readonly string[]): Promise<void> {
    return this.serial(() => {
      const held = (this.versions.get(id) ?? []).map((v) => v.file);
      return this.readNew([...new Set([...files, ...held])].sort());
    });
  }

  /** `compute()`, kept until the store changes (derived views: a quarter's records, counts). */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  private forgetFile(file: string): void {
    for (const [id, list] of this.versions) {
      const kept = list.filter((v) => v.file !== file);
      if (kept.length === list.length) continue;
      if (kept.length === 0) {
        this.versions.delete(id);
        this.current.delete(id);
      } else {
        this.versions.set(id, kept);
        this.current.set(id, currentVersion(kept)!.record);
      }
    }
    this.changed();
  }

  private warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
    this.logger?.warn(message);
  }

  /** The current version of a record, or undefined. */
  get(id: string): StoredRecord | undefined {
    return this.current.get(id);
  }

  /** Every version of a record in the order they were read. */
  history(id: string): StoredRecord[] {
    return (this.versions.get(id) ?? []).map((v) => v.record);
  }

  /** The current version of every record (excluded ones included, deleted ones left out: `get` still finds those, for undo). */
  all(): readonly StoredRecord[] {
    this.cache ??= [...this.current.values()].filter((record) => !record.deleted);
    return this.cache;
  }

  get size(): number {
    return this.current.size;
  }
}
