import { promises as fs } from "node:fs";
import path from "node:path";
import { isErrno } from "./fsutil.js";
import { isJsonlFile, isLockDir } from "./layout.js";

/** Every *.jsonl file below `dir` (any depth), sorted. Lock directories and temp files are skipped. */
export async function listJsonlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(current: string): Promise<void> {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fs.readdir(current, { withFileTypes: true });
    } catch (err) {
      if (isErrno(err, "ENOENT")) return;
      throw err;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory() && !isLockDir(entry.name)) await walk(full);
      else if (entry.isFile() && isJsonlFile(entry.name)) out.push(full);
    }
  }
  await walk(dir);
  return out.sort();
}

/**
 * Truncates a last line that has no newline (a write torn by a crash). Returns the bytes removed.
 * Call it under the file's lock.
 */
export async function repairTornTail(file: string): Promise<number> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r+");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return 0;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return 0;
    const chunk = 64 * 1024;
    let end = size;
    // Walk back until the last newline is found.
    while (end > 0) {
      const start = Math.max(0, end - chunk);
      const buf = Buffer.alloc(end - start);
      await handle.read(buf, 0, buf.length, start);
      if (end === size && buf[buf.length - 1] === 0x0a) return 0;
      const nl = buf.lastIndexOf(0x0a);
      if (nl >= 0) {
        const keep = start + nl + 1;
        await handle.truncate(keep);
        await handle.sync();
        return size - keep;
      }
      end = start;
    }
    await handle.truncate(0);
    await handle.sync();
    return size;
  } finally {
    await handle.close();
  }
}

/** Complete lines from byte `offset` on, and the offset after the last complete line. */
export async function readLinesFrom(file: string, offset: number): Promise<{ lines: string[]; next: number }> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return { lines: [], next: 0 };
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size <= offset) return { lines: [], next: size < offset ? 0 : offset };
    const buf = Buffer.alloc(size - offset);
    await handle.read(buf, 0, buf.length, offset);
    const lastNl = buf.lastIndexOf(0x0a);
    if (lastNl < 0) return { lines: [], next: offset };
    const lines = buf
      .subarray(0, lastNl)
      .toString("utf8")
      .split("\n")
      .filter((l) => l.length > 0);
    return { lines, next: offset + lastNl + 1 };
  } finally {
    await handle.close();
  }
}
