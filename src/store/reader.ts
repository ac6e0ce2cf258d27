import { promises as fs } from "node:fs";
import path from "node:path";
import { RecordSchema, type StoredRecord } from "../pipeline/record.js";
import { listJsonlFiles, readLinesFrom } from "./jsonl.js";
import { currentVersion, type OrderedVersion, type WarnLogger } from "./versions.js";

const STORE_FILE = /^[^/\\]+[/\\]\d{4} Q[1-4]\.jsonl$/;
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
export class StoreReader {
  private readonly offsets = new Map<string, number>();
  private readonly versions = new Map<string, HeldVersion[]>();
  private readonly current = new Map<string, StoredRecord>();
  private order = 0;
  private cache: StoredRecord[] | null = null;
  private refreshing: Promise<void> | null = null;
  readonly warnings: string[] = [];

  constructor(
    private readonly ingestDir: string,
    private readonly logger?: WarnLogger,
  ) {}

  /** Reads what was appended to any store file since the last call. Concurrent calls share one pass. */
  refresh(): Promise<void> {
    this.refreshing ??= this.readNew().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async readNew(): Promise<void> {
    for (const file of await listJsonlFiles(this.ingestDir)) {
      if (!STORE_FILE.test(path.relative(this.ingestDir, file))) continue;
      const offset = this.offsets.get(file) ?? 0;
      const size = await fs.stat(file).then((s) => s.size, () => 0);
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
    this.cache = null;
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
    this.cache = null;
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

  /** The current version of every record (excluded ones included). */
  all(): readonly StoredRecord[] {
    this.cache ??= [...this.current.values()];
    return this.cache;
  }

  get size(): number {
    return this.current.size;
  }
}
