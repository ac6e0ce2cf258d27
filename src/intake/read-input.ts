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

/** readInputBytes, then strict UTF-8 (BOM stripped) and JSON; a young parse failure is incomplete. */
export async function readInputJson(file: string, options: { maxBytes: number; youngMs: number; emptyMs?: number; nowMs: number }): Promise<unknown> {
  const { bytes, mtimeMs } = readInputBytes(file, options);
  if (bytes.includes(0)) throw new AppError("input_invalid", "the file holds NUL bytes: it is binary, not a JSON text file");
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new AppError("input_invalid", "the file is not valid UTF-8 text; save it as UTF-8");
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw new AppError("input_invalid", "the file holds only whitespace; it must hold a JSON article object");
  try {
    return JSON.parse(text);
  } catch (err) {
    if (options.nowMs - mtimeMs < options.youngMs) throw new AppError("input_incomplete", `not complete JSON yet: ${errorMessage(err)}`);
    throw new AppError("input_invalid", `not valid JSON: ${errorMessage(err)}`);
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
