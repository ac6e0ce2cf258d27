import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";

/**
 * Writes a file atomically: a temp file beside the target (same folder, so the rename stays on one
 * file system), fsync, then rename over the target. A reader sees the old file or the new one,
 * never half of one; a crash leaves at most a `.tmp` file behind.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(tmp, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  // Make the rename itself durable where the platform allows syncing a directory.
  try {
    const dirHandle = await open(dir, "r");
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  } catch {
    // Not supported everywhere (e.g. Windows); the data itself is already synced.
  }
}

/** A name safe to use as one path segment: no separators, no dot-names, no control characters. */
export function safeName(name: string): string {
  const safe = name
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N} _&-]+/gu, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[_ .-]+/, "")
    .replace(/[_ .-]+$/, "");
  return safe.slice(0, 100) || "Unknown";
}

/** Resolves `segments` under `root` and refuses anything that would land outside it. */
export function pathInside(root: string, ...segments: string[]): string {
  const base = path.resolve(root);
  const target = path.resolve(base, ...segments);
  const rel = path.relative(base, target);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new Error(`refusing to write outside ${base}: ${target}`);
  }
  return target;
}
