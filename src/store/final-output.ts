import { closeSync, fstatSync, ftruncateSync, fsyncSync, openSync, readSync } from "node:fs";
import { isErrno } from "./fsutil.js";

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
export function lastRecords<T>(file: string, bytes = 64 * 1024): T[] {
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
