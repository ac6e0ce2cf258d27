import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { isErrno } from "./fsutil.js";
import { IdTable } from "./id-table.js";
import { listJsonlFiles } from "./jsonl.js";

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

const CHUNK_BYTES = 1 << 20;
/** `{"id":"`: the store writes every record with JSON.stringify, id first. */
const ID_PREFIX = Buffer.from('{"id":"', "latin1");

function startsWithIdPrefix(buf: Buffer, start: number): boolean {
  for (let i = 0; i < ID_PREFIX.length; i++) if (buf[start + i] !== ID_PREFIX[i]) return false;
  return true;
}

/**
 * Adds the id of the record on bytes [start, end) of `buf` (one line, no newline) to `ids`. A line
 * as the store writes it (`{"id":"<64 hex>",...}`) gives its id without parsing the rest of the
 * record or making a string (what made a 200,000-record start slow); any other line is parsed,
 * and skipped if it does not parse.
 */
function addLineId(buf: Buffer, start: number, end: number, ids: IdTable): void {
  const idStart = start + ID_PREFIX.length;
  const idEnd = idStart + 64;
  if (end > idEnd + 1 && buf[end - 1] === 0x7d && buf[idEnd] === 0x22 && startsWithIdPrefix(buf, start) && ids.addHexBytes(buf, idStart)) {
    return;
  }
  const text = buf.toString("utf8", start, end);
  if (text.trim() === "") return;
  try {
    const record = JSON.parse(text) as { id?: unknown } | null;
    if (typeof record?.id === "string") ids.add(record.id);
  } catch {
    // not a record line: skipped, as every reader of the store does
  }
}

/**
 * Reads the whole lines of `fd` between `offset` and `size` in 1 MB chunks (never the file at
 * once), adding each line's id to `ids`. Returns the offset after the last newline.
 */
export function scanIds(fd: number, offset: number, size: number, ids: IdTable): number {
  return scanLines(fd, offset, size, (buf, start, end) => addLineId(buf, start, end, ids));
}

/**
 * Hands each whole non-empty line of `fd` between `offset` and `size` (bytes [start, end) of a
 * buffer, no newline) to `onLine`, reading 1 MB chunks. Returns the offset after the last newline.
 */
export function scanLines(fd: number, offset: number, size: number, onLine: (buf: Buffer, start: number, end: number) => void): number {
  let buf = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, size - offset)));
  let base = offset; // file offset of buf[0]
  let filled = 0;
  while (base + filled < size) {
    if (filled === buf.length) {
      // One line longer than the buffer: grow it.
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, filled);
      buf = bigger;
    }
    const n = readSync(fd, buf, filled, Math.min(buf.length - filled, size - base - filled), base + filled);
    if (n === 0) break; // the file shrank meanwhile: judge only what is there
    filled += n;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl < 0 || nl >= filled) break;
      if (nl > start) onLine(buf, start, nl);
      start = nl + 1;
    }
    if (start > 0) {
      buf.copy(buf, 0, start, filled);
      base += start;
      filled -= start;
    }
  }
  return base;
}

/** Opens `file` for reading and hands its descriptor and current size to `read`; a missing file is nothing to read. */
export function readWithSize(file: string, read: (fd: number, size: number) => void): void {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return;
    throw err;
  }
  try {
    read(fd, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

/**
 * Which record ids the store already holds. Built once from every ingest file, then kept current
 * by reading only the bytes other writers appended since (`catchUp`, called under the file's lock).
 */
export class DedupeIndex {
  private readonly ids = new IdTable();
  private readonly offsets = new Map<string, number>();

  async load(ingestDir: string): Promise<void> {
    for (const file of await listJsonlFiles(ingestDir)) this.refresh(file);
  }

  /** Reads what was appended to `file` since the last look (start-up: all of it). */
  refresh(file: string): void {
    readWithSize(file, (fd, size) => {
      let offset = this.offsets.get(file) ?? 0;
      if (size < offset) offset = 0;
      this.offsets.set(file, scanIds(fd, offset, size, this.ids));
    });
  }

  /**
   * Same as `refresh`, through a descriptor the caller already holds open on `file` (under its lock)
   * and whose current size it knows: one open per target file per batch instead of two. Says
   * whether the file ends with a whole line (a writer that crashed mid-line leaves it torn).
   */
  catchUp(file: string, fd: number, size: number): { complete: boolean } {
    let offset = this.offsets.get(file) ?? 0;
    if (size < offset) offset = 0;
    const next = scanIds(fd, offset, size, this.ids);
    this.offsets.set(file, next);
    return { complete: next === size };
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
