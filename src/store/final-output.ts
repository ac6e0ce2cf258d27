import { closeSync, fstatSync, ftruncateSync, fsyncSync, openSync, promises as fs, readSync } from "node:fs";
import path from "node:path";
import { mdUrlText } from "../pipeline/markdown.js";
import { finalOutputBlock } from "../pipeline/process.js";
import type { StoredRecord } from "../core/record.js";
import { appendWith, isErrno } from "./fsutil.js";
import { listJsonlFiles } from "./jsonl.js";
import { withLock, type LockOptions } from "./locks.js";

const BLOCK_START = "Matched buyers: ";
const CORRECTION_START = "Correction: ";
const TAIL_BYTES = 256 * 1024;

function readRange(fd: number, start: number, end: number): Buffer {
  const buf = Buffer.alloc(end - start);
  let read = 0;
  while (read < buf.length) {
    const n = readSync(fd, buf, read, buf.length - read, start + read);
    if (n === 0) break;
    read += n;
  }
  return buf.subarray(0, read);
}

/**
 * Cuts a torn last block of final_output.md (a crash or a full disk mid-write, a hand truncation):
 * every block ends with its `URL: ...` line and a newline (spec §7), so a last block that does not
 * is cut, with the blank line before it, and the file ends with the last whole block again. Only
 * the last 256 KB are read. Returns the bytes removed. Call it under the file's lock.
 */
export function cutTornFinalBlock(file: string): number {
  let fd: number;
  try {
    fd = openSync(file, "r+");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return 0;
    throw err;
  }
  try {
    const { size } = fstatSync(fd);
    if (size === 0) return 0;
    const from = Math.max(0, size - TAIL_BYTES);
    const tail = readRange(fd, from, size);
    const text = tail.toString("latin1"); // byte offsets; the markers are ASCII
    // Two kinds of block: an article's (Matched buyers: ... URL:) and a review-desk correction's
    // (Correction: ... Link:).
    const lastUrlLine = Math.max(text.lastIndexOf("\nURL: "), text.lastIndexOf("\nLink: "));
    const blockAt = Math.max(text.lastIndexOf(`\n${BLOCK_START}`), text.lastIndexOf(`\n${CORRECTION_START}`));
    const whole = text.endsWith("\n") && lastUrlLine > blockAt && text.indexOf("\n", lastUrlLine + 1) === text.length - 1;
    if (whole) return 0;
    let keep: number;
    if (blockAt >= 0) keep = blockAt + 1;
    else if (from === 0 && (text.startsWith(BLOCK_START) || text.startsWith(CORRECTION_START))) keep = 0;
    else return 0; // no block start in the last 256 KB: not a file of blocks; leave it to a human
    // Drop the blank line that separated the torn block from the one before it.
    if (keep >= 2 && tail[keep - 1] === 0x0a && tail[keep - 2] === 0x0a) keep -= 1;
    keep += from;
    ftruncateSync(fd, keep);
    fsyncSync(fd);
    return size - keep;
  } finally {
    closeSync(fd);
  }
}

/** The records on the last `bytes` of a store file (the most recent ones), whole lines only. */
function lastRecords<T>(file: string, bytes = 64 * 1024): T[] {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return [];
    throw err;
  }
  try {
    const { size } = fstatSync(fd);
    const from = Math.max(0, size - bytes);
    const lines = readRange(fd, from, size).toString("utf8").split("\n");
    if (from > 0) lines.shift(); // starts mid-line
    lines.pop(); // after the last newline: empty, or torn
    const out: T[] = [];
    for (const line of lines) {
      try {
        out.push(JSON.parse(line) as T);
      } catch {
        // not a record line
      }
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** final_output.md holds a block for the article at `url` (every block ends with its URL line). */
function hasBlockFor(text: string, url: string): boolean {
  return text.includes(`\nURL: ${mdUrlText(url)}\n`);
}

/**
 * Appends blocks to final_output.md under its lock in one durable write, separated from each
 * other and from the file's last block by exactly one blank line. `ifAbsent` blocks are added only
 * when the file has no block for their URL yet (a re-run whose first run lost its block).
 */
export async function appendFinalBlocks(
  file: string,
  blocks: readonly string[],
  lockOptions: LockOptions,
  ifAbsent: ReadonlyArray<{ url: string; block: () => string }> = [],
): Promise<void> {
  if (blocks.length === 0 && ifAbsent.length === 0) return;
  await withLock(
    file,
    async () => {
      const all = [...blocks];
      if (ifAbsent.length > 0) {
        const existing = await fs.readFile(file, "utf8").catch((err: unknown) => {
          if (isErrno(err, "ENOENT")) return "";
          throw err;
        });
        for (const { url, block } of ifAbsent) if (!hasBlockFor(existing, url)) all.push(block());
      }
      if (all.length === 0) return;
      await appendWith(file, (_fd, size) => (size > 0 ? "\n" : "") + all.join("\n"));
    },
    lockOptions,
  );
}

/**
 * Under the file's lock: a torn last block of final_output.md is cut (`cutTornFinalBlock`), then
 * the blocks of the most recent records of every store file (their last 64 KB: where the batch
 * being written when the tear came is) that final_output.md lacks are written again from their
 * records. Returns what was repaired, relative to `dataDir`, or null.
 */
export async function repairFinalOutput(file: string, ingestDir: string, dataDir: string, lockOptions: LockOptions): Promise<string | null> {
  return withLock(
    file,
    async () => {
      const cut = cutTornFinalBlock(file);
      if (cut === 0) return null;
      const existing = await fs.readFile(file, "utf8");
      const missing = (await listJsonlFiles(ingestDir))
        .flatMap((store) => lastRecords<StoredRecord>(store))
        .filter((record) => typeof record.url === "string" && !hasBlockFor(existing, record.url))
        .sort((a, b) => String(a.processed_at).localeCompare(String(b.processed_at)));
      const unique = [...new Map(missing.map((record) => [record.url, record])).values()];
      if (unique.length > 0) await appendWith(file, (_fd, size) => (size > 0 ? "\n" : "") + unique.map((r) => finalOutputBlock(r)).join("\n"));
      return `${path.relative(dataDir, file)} (a torn last block: ${cut} bytes cut, ${unique.length} block(s) written again from the store)`;
    },
    lockOptions,
  );
}
