import { promises as fs, renameSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import lockfile from "proper-lockfile";
import type { ErrorCode, FieldError } from "../core/errors.js";
import { ensureDir, ensureRealDir, freeName, fsyncDir, isErrno, moveNoReplace, numberedName, writeFileAtomic } from "../store/fsutil.js";
import { ignoreFailure } from "../core/errors.js";
import { pidAlive } from "../store/locks.js";
import {
  claimFileName,
  claimOwnerDirName,
  claimOwnerPid,
  errorReportName,
  inboxNameOfClaim,
  isLockDir,
  lockDirOf,
  notAFolderName,
  type Paths,
} from "../store/layout.js";

export interface Claim {
  /** Path inside this process's claim folder. */
  path: string;
  /** Name the file had in the inbox. */
  name: string;
  /** When it was seen (ms), for the quarter's last resort and latency figures. */
  arrivalMs: number;
  /** Re-run of a file found in .processing/ at start (a crash leftover). */
  recovered: boolean;
}

interface FailureReport {
  reason: string;
  code: ErrorCode;
  fieldErrors: FieldError[];
  attempts: number;
  version: string;
}

/** A move or write failed with ENOENT while the claimed file is still there: the folder it went to was removed. */
async function folderVanished(err: unknown, claim: Claim): Promise<boolean> {
  if (!isErrno(err, "ENOENT")) return false;
  return fs.stat(claim.path).then(
    () => true,
    () => false,
  );
}

/** Whether `candidate` is `name` or one of the "name (n)" forms a move gives it when the name is taken. */
function isNameOf(candidate: string, name: string): boolean {
  if (candidate === name) return true;
  const n = /\((\d+)\)(?:\.[^.]*)?$/.exec(candidate)?.[1];
  return n !== undefined && numberedName(name, Number(n)) === candidate;
}

function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/**
 * Claims move inputs with one atomic rename from inbox/ into .processing/<pid>-<random>/, a folder
 * only this process writes to. Its lock (kept fresh while we live) tells other processes whether
 * the owner is alive; the claims of a dead owner are adopted, one rename each, so no file is ever
 * run by two processes at once and none is stranded.
 */
export class Claims {
  readonly ownerDir: string;
  private seq = 0;
  private readonly knownDirs = new Set<string>();
  private readonly unsynced = new Set<string>();
  private releaseOwnerLock?: () => Promise<void>;

  constructor(
    private readonly paths: Paths,
    private readonly staleMs: number,
    private readonly warn: (message: string) => void = () => undefined,
  ) {
    this.ownerDir = path.join(paths.processing, claimOwnerDirName(process.pid, randomBytes(4).toString("hex")));
  }

  async open(): Promise<void> {
    await Promise.all([this.paths.inbox, this.paths.processing, this.paths.done, this.paths.failed].map(ensureDir));
    await ensureDir(this.ownerDir);
    await this.lockOwnerDir();
  }

  /**
   * The inbox (with .processing/, done/ and failed/ inside it) was removed while running: make the
   * folders again, and our claim folder with its lock, so claiming goes on.
   */
  async reopen(): Promise<void> {
    this.knownDirs.clear();
    if (this.releaseOwnerLock) await ignoreFailure(this.releaseOwnerLock(), "the folder is locked again below; a lock left behind goes stale");
    this.releaseOwnerLock = undefined;
    await this.open();
  }

  private async lockOwnerDir(): Promise<void> {
    this.releaseOwnerLock = await lockfile.lock(this.ownerDir, {
      realpath: false,
      stale: this.staleMs,
      update: Math.max(1000, Math.floor(this.staleMs / 2)),
      onCompromised: () => undefined,
    });
  }

  async close(): Promise<void> {
    // Leftover claims (abandoned at shutdown) stay for the next start; an empty folder goes.
    if (this.releaseOwnerLock) await ignoreFailure(this.releaseOwnerLock(), "shutting down: a lock left behind goes stale");
    await ignoreFailure(fs.rmdir(this.ownerDir), "a folder still holding claims stays for the next start");
  }

  private claimPath(name: string): string {
    this.seq += 1;
    return path.join(this.ownerDir, claimFileName(this.seq, name));
  }

  /** Atomic rename of inbox/<name> into our claim folder; null if someone else took it first. */
  async claim(name: string, arrivalMs: number): Promise<Claim | null> {
    const target = this.claimPath(name);
    const source = path.join(this.paths.inbox, name);
    try {
      // Synchronous: a ~10 us metadata call costs ~4x the CPU through the thread pool (see moveNoReplace).
      renameSync(source, target);
    } catch (err) {
      if (!isErrno(err, "ENOENT")) throw err;
      // Gone: another process took it. Unless it is still there and our claim folder is what is
      // missing (the inbox was removed and made again): make the folders again and take it.
      if (
        !(await fs.lstat(source).then(
          () => true,
          () => false,
        ))
      )
        return null;
      await this.reopen();
      try {
        renameSync(source, target);
      } catch (again) {
        if (isErrno(again, "ENOENT")) return null;
        throw again;
      }
    }
    return { path: target, name, arrivalMs, recovered: false };
  }

  /**
   * Claims of dead owners (and loose files in .processing/): moved into our folder to re-run. A
   * claim already finished (a crash between its link into done/ or failed/ and the unlink) is
   * removed, and `note` says so: no input goes without a trace.
   */
  async adoptOrphans(note: (message: string) => void = () => undefined): Promise<Claim[]> {
    const adopted: Claim[] = [];
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fs.readdir(this.paths.processing, { withFileTypes: true });
    } catch (err) {
      if (isErrno(err, "ENOENT")) return adopted;
      throw err;
    }
    for (const entry of entries) {
      const full = path.join(this.paths.processing, entry.name);
      if (full === this.ownerDir || isLockDir(entry.name)) continue;
      const ownerPid = entry.isDirectory() ? claimOwnerPid(entry.name) : null;
      if (ownerPid === null) {
        const claim = await this.adoptFile(full, entry.name, note);
        if (claim) adopted.push(claim);
        continue;
      }
      if (!(await this.ownerIsDead(full, ownerPid))) continue;
      for (const file of await fs.readdir(full).catch(() => [] as string[])) {
        const original = inboxNameOfClaim(file);
        const claim = await this.adoptFile(path.join(full, file), original, note);
        if (claim) adopted.push(claim);
      }
      await ignoreFailure(fs.rmdir(full), "a folder with files that could not be adopted stays for the next look");
      await ignoreFailure(fs.rm(lockDirOf(full), { recursive: true, force: true }), "the dead owner's lock folder: only tidiness");
    }
    return adopted;
  }

  private async ownerIsDead(dir: string, pid: number): Promise<boolean> {
    if (pid !== process.pid && !pidAlive(pid)) return true;
    // The pid may have been reused: a lock nobody refreshed for staleMs means its owner is gone.
    try {
      const stat = await fs.stat(lockDirOf(dir));
      return Date.now() - stat.mtimeMs > this.staleMs;
    } catch (err) {
      if (isErrno(err, "ENOENT")) {
        const stat = await fs.stat(dir).catch(() => null);
        return stat !== null && Date.now() - stat.mtimeMs > this.staleMs;
      }
      throw err;
    }
  }

  private async adoptFile(from: string, name: string, note: (message: string) => void): Promise<Claim | null> {
    const target = this.claimPath(name);
    try {
      const stat = await fs.lstat(from);
      const finished = stat.nlink > 1 ? await this.alreadyFinished(stat, name) : null;
      if (finished) {
        // A crash came between linking the input into done/ (or failed/) and unlinking the claim.
        await fs.unlink(from);
        note(`${name}: not run again, its run had finished (${path.relative(this.paths.inbox, finished)} is the same file)`);
        return null;
      }
      await fs.rename(from, target);
      return { path: target, name, arrivalMs: Math.round(stat.mtimeMs), recovered: true };
    } catch (err) {
      if (isErrno(err, "ENOENT")) return null;
      throw err;
    }
  }

  /**
   * Where done/ or failed/ (the latest days) already hold this very input: the same inode under its
   * own name (or its "name (n)"). A hard-linked twin dropped under another name shares the inode
   * but is an input of its own: it runs (and ends in done/ as a duplicate).
   */
  private async alreadyFinished(stat: import("node:fs").Stats, name: string): Promise<string | null> {
    for (const root of [this.paths.done, this.paths.failed]) {
      const days = (await fs.readdir(root).catch(() => [] as string[])).sort().slice(-3);
      for (const day of days) {
        for (const other of await fs.readdir(path.join(root, day)).catch(() => [] as string[])) {
          if (!isNameOf(other, name)) continue;
          const found = await fs.lstat(path.join(root, day, other)).catch(() => null);
          if (found && found.ino === stat.ino && found.dev === stat.dev) return path.join(root, day, other);
        }
      }
    }
    return null;
  }

  /**
   * The last step: the input goes to done/<day>/ only after its outputs are durable. The folder is
   * fsynced once per batch (`syncDone`), not once per file.
   */
  async finishDone(claim: Claim, nowMs = Date.now()): Promise<string> {
    const dir = path.join(this.paths.done, localDay(nowMs));
    if (!this.knownDirs.has(dir)) {
      await this.dayDir(dir, nowMs);
      this.knownDirs.add(dir);
    }
    this.unsynced.add(dir);
    try {
      return await moveNoReplace(claim.path, dir, claim.name);
    } catch (err) {
      if (!(await folderVanished(err, claim))) throw err;
      // The day folder was removed behind our back: make it again once.
      this.knownDirs.delete(dir);
      await this.dayDir(dir, nowMs);
      this.knownDirs.add(dir);
      return moveNoReplace(claim.path, dir, claim.name);
    }
  }

  /** A done/ or failed/ day folder, made real: a link in its place is renamed aside, never written through. */
  private async dayDir(dir: string, nowMs: number): Promise<void> {
    const aside = await ensureRealDir(dir, notAFolderName(path.basename(dir), nowMs));
    if (aside)
      this.warn(`${dir} was a link or a file, not a folder: renamed to ${path.basename(aside)} (nothing is written through it) and a real folder made`);
  }

  /** Makes the moves of this batch into done/ durable. */
  async syncDone(): Promise<void> {
    const dirs = [...this.unsynced];
    this.unsynced.clear();
    await Promise.all(dirs.map(fsyncDir));
  }

  /** failed/<day>/<name> with <name>.error.json beside it (written first). */
  async finishFailed(claim: Claim, report: FailureReport, nowMs = Date.now()): Promise<string> {
    try {
      return await this.writeFailed(claim, report, nowMs);
    } catch (err) {
      // `retry` removes a day folder it emptied: if that came between our mkdir and our writes, once more.
      if (!(await folderVanished(err, claim))) throw err;
      return this.writeFailed(claim, report, nowMs);
    }
  }

  private async writeFailed(claim: Claim, report: FailureReport, nowMs: number): Promise<string> {
    const dir = path.join(this.paths.failed, localDay(nowMs));
    await this.dayDir(dir, nowMs);
    const name = await freeName(dir, claim.name);
    const body = {
      file: claim.name,
      reason: report.reason,
      code: report.code,
      field_errors: report.fieldErrors,
      attempts: report.attempts,
      time: new Date(nowMs).toISOString(),
      version: report.version,
    };
    await writeFileAtomic(path.join(dir, errorReportName(name)), `${JSON.stringify(body, null, 2)}\n`);
    const target = await moveNoReplace(claim.path, dir, name);
    await fsyncDir(dir);
    return target;
  }

  /** Gives a claim back to the inbox (quota exhausted, shutting down): it simply waits there. */
  async release(claim: Claim): Promise<void> {
    await moveNoReplace(claim.path, this.paths.inbox, claim.name);
  }
}
