import fsCallback, {
  closeSync,
  constants as fsc,
  fstatSync,
  ftruncateSync,
  linkSync,
  openSync,
  promises as fs,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { promisify } from "node:util";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { ignoreFailure } from "../core/errors.js";

export async function ensureDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
}

/**
 * `dir` as a real folder, made when missing. A symbolic link (or a file) in its place is renamed to
 * `asideName` beside it (the link itself, never what it points to), so nothing is ever written
 * through a link out of the home. Returns the path it was moved to, or null.
 */
export async function ensureRealDir(dir: string, asideName: string): Promise<string | null> {
  const stat = await fs.lstat(dir).catch(() => null);
  if (stat?.isDirectory()) return null;
  if (!stat) {
    await ensureDir(dir);
    // Made just now, or raced by another writer: what stands there must still be a folder.
    if ((await fs.lstat(dir)).isDirectory()) return null;
  }
  const aside = path.join(path.dirname(dir), asideName);
  await fs.rename(dir, aside);
  await fs.mkdir(dir).catch((err: unknown) => {
    if (!isErrno(err, "EEXIST")) throw err;
  });
  if (!(await fs.lstat(dir)).isDirectory()) throw new Error(`${dir} is not a folder`);
  return aside;
}

export async function fsyncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, fsc.O_RDONLY);
    await handle.sync();
  } catch {
    // Some file systems do not allow fsync on directories; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}

const fsyncFd = promisify(fsCallback.fsync);

/**
 * Opens `file` for appending (and reading), tells `compose` its current size, and appends what
 * `compose` returns with one write call (looping only on a short write), then fsyncs. If the write
 * fails part-way (disk full: a short write, then ENOSPC) the file is cut back to its old size, so
 * no partial line is left for the next append to glue itself to. Call it under the file's lock.
 * Returns the bytes appended (0 when `compose` returns nothing).
 *
 * Open, stat, write and close are synchronous: each is a few microseconds on a local disk, and
 * through the thread pool each would cost several times that in CPU, which a burst runs short of.
 * Only the fsync, which waits for the disk, goes to the thread pool.
 */
export async function appendWith(file: string, compose: (fd: number, size: number) => Promise<string | null> | string | null): Promise<number> {
  const fd = openSync(file, "a+");
  try {
    const { size } = fstatSync(fd);
    const text = await compose(fd, size);
    if (!text) return 0;
    const data = Buffer.from(text, "utf8");
    try {
      let offset = 0;
      while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
      await fsyncFd(fd);
    } catch (err) {
      try {
        ftruncateSync(fd, size);
      } catch {
        // the write error below is what matters
      }
      throw err;
    }
    return data.length;
  } finally {
    closeSync(fd);
  }
}

/** Appends `text` durably: one write, then fsync (see `appendWith`). */
export async function appendDurable(file: string, text: string): Promise<void> {
  await appendWith(file, () => text);
}

/** Writes a whole file through a temp file in the same folder, fsync, rename: readers never see half a file. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await ensureDir(dir);
  const tmp = path.join(dir, `.${path.basename(file).slice(0, 64)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await fs.open(tmp, "w");
  let written = false;
  try {
    await handle.writeFile(data);
    await handle.sync();
    written = true;
  } finally {
    await handle.close();
    // Disk full: leave no half-written temp file behind.
    if (!written) await ignoreFailure(fs.rm(tmp, { force: true }), "the write's own error is thrown; this is only tidying");
  }
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await fsyncDir(dir);
}

export function isErrno(err: unknown, ...codes: string[]): boolean {
  return typeof err === "object" && err !== null && codes.includes((err as NodeJS.ErrnoException).code ?? "");
}

const MAX_NAME_BYTES = 255;

/**
 * `name (n).ext`, within the 255-byte limit of a file name: the stem loses whole characters from
 * its end (never half a UTF-8 sequence) to make room for " (n)".
 */
export function numberedName(name: string, n: number): string {
  let ext = path.extname(name);
  if (Buffer.byteLength(ext) > 32) ext = ""; // "a.<200 bytes>" has no real extension to keep
  const suffix = ` (${n})${ext}`;
  const room = MAX_NAME_BYTES - Buffer.byteLength(suffix);
  const stem = Array.from(name.slice(0, name.length - ext.length));
  let bytes = Buffer.byteLength(stem.join(""));
  while (stem.length > 0 && bytes > room) bytes -= Buffer.byteLength(stem.pop()!);
  return `${stem.join("")}${suffix}`;
}

/** A name in `dir` that does not exist yet: `name`, then `name (2)`, `name (3)`... before the extension. */
export async function freeName(dir: string, name: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : numberedName(name, n);
    try {
      await fs.lstat(path.join(dir, candidate));
    } catch (err) {
      if (isErrno(err, "ENOENT")) return candidate;
      throw err;
    }
  }
}

/** Transient file-system conditions: retry later rather than fail the input. */
export function isTransientFsError(err: unknown): boolean {
  return isErrno(err, "ENOSPC", "EDQUOT", "EIO", "EAGAIN", "EBUSY", "EMFILE", "ENFILE", "ELOCKED", "ETIMEDOUT", "EROFS");
}

/**
 * Moves `from` into `dir` under `name` (or `name (2)`...) without ever replacing an existing file,
 * even when another process moves a file of the same name at the same moment: a hard link fails
 * with EEXIST where a rename would overwrite. Directories and other non-linkable entries fall back
 * to rename. Returns the new path.
 */
export async function moveNoReplace(from: string, dir: string, name: string): Promise<string> {
  for (let tries = 0; tries < 100; tries++) {
    // The plain name is tried first without a look-up: it is free almost always.
    const target = path.join(dir, tries === 0 ? name : await freeName(dir, name));
    // Synchronous on purpose: these are metadata calls of ~10 us; through the thread pool each
    // costs ~4x the CPU (hand-off, wake-ups, promise), and CPU is what a burst runs out of.
    try {
      linkSync(from, target);
    } catch (err) {
      if (isErrno(err, "EEXIST")) continue;
      if (isErrno(err, "EPERM", "EISDIR", "EXDEV", "ENOTSUP", "EOPNOTSUPP")) {
        renameSync(from, target);
        return target;
      }
      throw err;
    }
    unlinkSync(from);
    return target;
  }
  throw new Error(`no free name for ${name} in ${dir}`);
}
