import { readSync } from "node:fs";
import { listJsonlFiles, parseJsonLines, readLinesFrom } from "./jsonl.js";

/**
 * The store's duplicate verdict for each record of a group, in order: an id already known, or
 * repeated earlier in the group, is a duplicate, unless the record is a new version (`supersedes`:
 * reprocess, --force), which is stored even after a plain copy in the same group.
 */
export function duplicateFlags(records: ReadonlyArray<{ id: string; supersedes?: boolean }>, isKnown: (id: string) => boolean): boolean[] {
  const seen = new Set<string>();
  return records.map(({ id, supersedes }) => {
    const duplicate = !supersedes && (seen.has(id) || isKnown(id));
    seen.add(id);
    return duplicate;
  });
}

/**
 * Which record ids the store already holds. Built once from every ingest file, then kept current
 * by reading only the bytes other writers appended since (`refresh`, called under the file's lock).
 */
export class DedupeIndex {
  private readonly ids = new Set<string>();
  private readonly offsets = new Map<string, number>();

  async load(ingestDir: string): Promise<void> {
    for (const file of await listJsonlFiles(ingestDir)) await this.refresh(file);
  }

  async refresh(file: string): Promise<void> {
    const { lines, next } = await readLinesFrom(file, this.offsets.get(file) ?? 0);
    for (const record of parseJsonLines<{ id?: unknown }>(lines)) {
      if (typeof record.id === "string") this.ids.add(record.id);
    }
    this.offsets.set(file, next);
  }

  /**
   * Same as `refresh`, through a descriptor the caller already holds open on `file` (under its lock)
   * and whose current size it knows: one open per target file per batch instead of two. Says
   * whether the file ends with a whole line (a writer that crashed mid-line leaves it torn).
   */
  catchUp(file: string, fd: number, size: number): { complete: boolean } {
    let offset = this.offsets.get(file) ?? 0;
    if (size < offset) offset = 0;
    if (size === offset) {
      this.offsets.set(file, offset);
      return { complete: true };
    }
    const buf = Buffer.alloc(size - offset);
    let read = 0;
    while (read < buf.length) {
      const n = readSync(fd, buf, read, buf.length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    // Short only if the file shrank meanwhile: judge what is there, never the zeroed remainder.
    const data = read === buf.length ? buf : buf.subarray(0, read);
    const lastNl = data.lastIndexOf(0x0a);
    if (lastNl < 0) return { complete: false };
    const lines = data.subarray(0, lastNl).toString("utf8").split("\n").filter((l) => l.length > 0);
    for (const record of parseJsonLines<{ id?: unknown }>(lines)) {
      if (typeof record.id === "string") this.ids.add(record.id);
    }
    this.offsets.set(file, offset + lastNl + 1);
    return { complete: lastNl === data.length - 1 };
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Records what this process itself just appended (`bytes` long) without re-reading it. */
  noteAppended(file: string, ids: readonly string[], bytes: number): void {
    for (const id of ids) this.ids.add(id);
    this.offsets.set(file, (this.offsets.get(file) ?? 0) + bytes);
  }

  get size(): number {
    return this.ids.size;
  }
}
