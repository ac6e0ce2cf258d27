import { closeSync, fstatSync, openSync, readFileSync, constants as fsc } from "node:fs";
import { AppError, errorMessage } from "../core/errors.js";

export const MAX_ARTICLES_PER_FILE = 1000;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads one input file safely: never follows a symlink, never blocks on a FIFO, refuses anything
 * but a regular file, enforces the size limit. An empty file modified within `youngMs` (or
 * `emptyMs`, if longer) is reported as incomplete, not permanent.
 */
export function readInputBytes(
  file: string,
  options: { maxBytes: number; youngMs: number; emptyMs?: number; nowMs: number },
): { bytes: Buffer; mtimeMs: number } {
  // Synchronous calls on purpose: this runs in worker threads, where a thread-pool hop per call
  // cost more than the read itself (about 0.9 ms per file in the burst benchmark).
  let fd: number;
  try {
    fd = openSync(file, fsc.O_RDONLY | fsc.O_NOFOLLOW | fsc.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP") throw new AppError("input_invalid", "the file is a symbolic link; save the article itself into the inbox");
    throw err;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new AppError("input_invalid", "not a regular file (a directory, FIFO or device); save the article as a .json file");
    if (stat.size === 0) {
      // A shell's `cmd > inbox/x.json` creates the file before cmd writes a byte: wait as long as
      // for the claim (claimDecision), not just youngMs.
      if (options.nowMs - stat.mtimeMs < Math.max(options.youngMs, options.emptyMs ?? 0)) throw new AppError("input_incomplete", "the file is still empty");
      throw new AppError("input_invalid", "the file is empty; it must hold a JSON article object");
    }
    if (stat.size > options.maxBytes) {
      throw new AppError("too_large", `the file is ${stat.size} bytes, over the ${options.maxBytes}-byte limit (input.maxFileBytes)`);
    }
    return { bytes: readFileSync(fd), mtimeMs: stat.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/**
 * The text of a JSON file: UTF-8 (BOM stripped), or UTF-16 LE/BE with a BOM, or BOM-less UTF-16
 * whose first character is ASCII (what JSON starts with: `{`, `[` or white space), told by where its
 * NUL bytes fall. Anything else with a NUL byte is binary.
 */
export function decodeJsonText(bytes: Buffer): string {
  const utf16 = utf16Encoding(bytes);
  if (utf16) {
    let text: string;
    try {
      text = new TextDecoder(utf16, { fatal: true }).decode(bytes);
    } catch {
      throw new AppError("input_invalid", `the file looks like ${utf16.toUpperCase()} text but is not valid ${utf16.toUpperCase()}; save it as UTF-8`);
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.includes("\u0000")) throw new AppError("input_invalid", "the file holds NUL characters: it is binary, not a JSON text file");
    return text;
  }
  if (bytes.includes(0)) throw new AppError("input_invalid", "the file holds NUL bytes: it is binary, not a JSON text file");
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new AppError("input_invalid", "the file is not valid UTF-8 text; save it as UTF-8");
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function utf16Encoding(bytes: Buffer): "utf-16le" | "utf-16be" | undefined {
  if (bytes.length < 2 || bytes.length % 2 !== 0) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  const ascii = (b: number | undefined) => b !== undefined && b > 0 && b < 0x80;
  // Without a BOM: the first two characters are ASCII with their high bytes NUL.
  if (ascii(bytes[0]) && bytes[1] === 0 && (bytes.length < 4 || (ascii(bytes[2]) && bytes[3] === 0))) return "utf-16le";
  if (bytes[0] === 0 && ascii(bytes[1]) && (bytes.length < 4 || (bytes[2] === 0 && ascii(bytes[3])))) return "utf-16be";
  return undefined;
}

/** Line and column (both from 1) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf("\n");
  return { line: before.split("\n").length, column: offset - lastBreak };
}

/**
 * What is wrong with a text JSON.parse refused, for a person: a text that ends before its JSON is
 * complete is said to look cut off (with where it ends); anything else names the line and column.
 */
export function describeJsonError(text: string, err: unknown): string {
  const message = errorMessage(err);
  const end = text.trimEnd().length;
  const at = /at position (\d+)/.exec(message);
  const position = at ? Number(at[1]) : undefined;
  if (/Unexpected end of JSON input|Unterminated string/.test(message) || (position !== undefined && position >= end)) {
    const where = lineColumn(text, end - 1); // its last character
    return `the file looks cut off: it ends at line ${where.line}, column ${where.column} before the JSON is complete (was it saved or copied only in part?)`;
  }
  if (position === undefined) return message;
  const where = lineColumn(text, position);
  return `${message.replace(/ (in JSON )?at position \d+.*$/, "")} at line ${where.line}, column ${where.column}`;
}

/** readInputBytes, then the text (decodeJsonText) and JSON; a young parse failure is incomplete. */
export async function readInputJson(file: string, options: { maxBytes: number; youngMs: number; emptyMs?: number; nowMs: number }): Promise<unknown> {
  const { bytes, mtimeMs } = readInputBytes(file, options);
  const text = decodeJsonText(bytes);
  if (text.trim() === "") throw new AppError("input_invalid", "the file holds only whitespace; it must hold a JSON article object");
  try {
    return JSON.parse(text);
  } catch (err) {
    if (options.nowMs - mtimeMs < options.youngMs) throw new AppError("input_incomplete", `not complete JSON yet: ${describeJsonError(text, err)}`);
    throw new AppError("input_invalid", `not valid JSON: ${describeJsonError(text, err)}`);
  }
}

/** A file holds one article object or an array of them. */
export function splitArticles(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new AppError("input_invalid", "the file holds an empty array; it must hold at least one article");
    if (value.length > MAX_ARTICLES_PER_FILE) {
      throw new AppError("too_large", `the file holds ${value.length} articles; at most ${MAX_ARTICLES_PER_FILE} per file, split it`);
    }
    return value;
  }
  return [value];
}
