import { listJsonlFiles, parseJsonLines, readLinesFrom } from "./jsonl.js";

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
