import { closeSync, constants as fsc, lstatSync, openSync, readSync } from "node:fs";

/** What a file looked like when it was last put off. */
export interface Sighting {
  size: number;
  mtimeMs: number;
  atMs: number;
}

type ClaimDecision = { take: true } | { take: false; recheckInMs: number; sighting: Sighting };

const TAIL_BYTES = 64;

/**
 * Whether a file in the inbox may be claimed now (spec §8: a file still being written is taken once
 * its size and mtime stay unchanged for `stabilityMs`). Taken at once: a file not modified for a
 * window, and a young one that already ends like a JSON document (`}` or `]`), which is what an
 * atomic writer's rename brings in, so the usual case waits for nothing. A young file that ends
 * any other way is put off, and taken once a window has passed without its size or mtime changing
 * (by its age, or, if its clock is ahead of ours, by comparing with the last sighting).
 * An empty file waits `emptyMs` (input.emptyFileMs) instead of one window.
 * Links, folders and FIFOs are taken at once: the claim fails them without opening them.
 */
export function claimDecision(file: string, stabilityMs: number, last: Sighting | undefined, nowMs = Date.now(), emptyMs = stabilityMs): ClaimDecision {
  let size: number;
  let mtimeMs: number;
  try {
    const stat = lstatSync(file);
    if (!stat.isFile()) return { take: true };
    ({ size, mtimeMs } = stat);
  } catch {
    return { take: true }; // gone or unreadable: the claim decides
  }
  // An empty file is a writer that has not written yet (`(sleep 3; cmd) > inbox/x.json`): it stays
  // in the inbox, where its bytes will land, until it stayed empty and unchanged for emptyMs.
  if (size === 0) stabilityMs = Math.max(stabilityMs, emptyMs);
  const age = nowMs - mtimeMs;
  if (age >= stabilityMs || endsLikeJsonDocument(file, size)) return { take: true };
  if (last && last.size === size && last.mtimeMs === mtimeMs && nowMs - last.atMs >= stabilityMs) return { take: true };
  const sighting = last && last.size === size && last.mtimeMs === mtimeMs ? last : { size, mtimeMs, atMs: nowMs };
  const untilAged = age >= 0 ? stabilityMs - age : stabilityMs;
  const untilUnchanged = stabilityMs - (nowMs - sighting.atMs);
  return { take: false, recheckInMs: Math.max(1, Math.ceil(Math.min(untilAged, untilUnchanged))), sighting };
}

/** Whether the last non-blank byte of the file is `}` or `]`. */
function endsLikeJsonDocument(file: string, size: number): boolean {
  if (size === 0) return false;
  let fd: number;
  try {
    // O_NONBLOCK: never hang on a FIFO swapped in since the lstat; O_NOFOLLOW: nor follow a link.
    fd = openSync(file, fsc.O_RDONLY | fsc.O_NONBLOCK | fsc.O_NOFOLLOW);
  } catch {
    return true; // let the claim find out what it is
  }
  try {
    const tail = Buffer.alloc(Math.min(size, TAIL_BYTES));
    const read = readSync(fd, tail, 0, tail.length, size - tail.length);
    for (let i = read - 1; i >= 0; i--) {
      const byte = tail[i]!;
      if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
      return byte === 0x7d || byte === 0x5d;
    }
    return false;
  } catch {
    return true;
  } finally {
    closeSync(fd);
  }
}
