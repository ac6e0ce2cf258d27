import { promises as fs } from "node:fs";
import path from "node:path";
import type { Paths } from "../config/load.js";
import type { BuyerDirectory } from "../core/buyers.js";
import { finalOutputBlock } from "../pipeline/process.js";
import type { StoredRecord } from "../pipeline/record.js";
import { DedupeIndex, duplicateFlags } from "./dedupe.js";
import { appendDurable, appendWith, ensureDir, isErrno } from "./fsutil.js";
import { cutTornFinalBlock, lastRecords } from "./final-output.js";
import { listJsonlFiles, repairTornTail } from "./jsonl.js";
import { DEFAULT_LOCK_OPTIONS, withLock, type LockOptions } from "./locks.js";
import { oneLine } from "../pipeline/text.js";
import type { TraceLine } from "./trace.js";
import type { Correction } from "./corrections.js";
import { CORRECTIONS_FILE, storeFile } from "./layout.js";

export interface StoreItem {
  record: StoredRecord;
  /** The input was re-run after a crash: its final_output block may be the part that is missing. */
  recovered?: boolean;
}

export type CommitStatus = "stored" | "duplicate";

export interface CommitResult {
  id: string;
  status: CommitStatus;
  /** Store file the record went to (or already was in), relative to the data folder. */
  target: string;
}

/**
 * The only writer of outputs. Appends happen under one cross-process lock per target file per
 * batch; each append is whole lines in one write followed by fsync.
 */
export class Store {
  readonly dedupe = new DedupeIndex();
  private readonly knownDirs = new Set<string>();
  /**
   * Ids this process appended to the store whose final_output block did not get written (the
   * append after it failed: disk full, lock timeout). The input is retried; its re-run finds the
   * record already stored and, like a crash re-run, adds the block if final_output lacks it.
   */
  private readonly blockless = new Set<string>();

  /** final_output blocks and corrections.jsonl lines of corrections whose version is stored but which could not be written yet. */
  private readonly pendingBlocks: string[] = [];
  private readonly pendingCorrections: string[] = [];

  constructor(
    private readonly paths: Paths,
    private readonly buyers: BuyerDirectory,
    private readonly lockOptions: LockOptions = DEFAULT_LOCK_OPTIONS,
  ) {}

  private readonly displayName = (buyer: string) => this.buyers.displayName(buyer);

  /** Creates the folders, repairs torn last lines and a torn last final_output block, loads the dedupe index. Returns what was repaired. */
  async open(): Promise<string[]> {
    await Promise.all([this.paths.ingest, this.paths.traces, this.paths.state].map(ensureDir));
    const repaired: string[] = [];
    const files = [...(await listJsonlFiles(this.paths.ingest)), ...(await listJsonlFiles(this.paths.traces))];
    for (const file of files) {
      const removed = await withLock(file, () => repairTornTail(file), this.lockOptions);
      if (removed > 0) repaired.push(`${path.relative(this.paths.data, file)} (a torn last line: ${removed} bytes cut)`);
    }
    await this.dedupe.load(this.paths.ingest);
    const block = await withLock(this.paths.finalOutput, () => this.repairFinalOutput(), this.lockOptions);
    if (block) repaired.push(block);
    return repaired;
  }

  /**
   * A torn last block of final_output.md is cut (`cutTornFinalBlock`), then the blocks of the most
   * recent records of every store file (their last 64 KB: where the batch being written when the
   * tear came is) that final_output.md lacks are written again from their records.
   */
  private async repairFinalOutput(): Promise<string | null> {
    const file = this.paths.finalOutput;
    const cut = cutTornFinalBlock(file);
    if (cut === 0) return null;
    const existing = await fs.readFile(file, "utf8");
    const missing = (await listJsonlFiles(this.paths.ingest))
      .flatMap((store) => lastRecords<StoredRecord>(store))
      .filter((record) => typeof record.url === "string" && !existing.includes(`\nURL: ${record.url}\n`))
      .sort((a, b) => String(a.processed_at).localeCompare(String(b.processed_at)));
    const unique = [...new Map(missing.map((record) => [record.url, record])).values()];
    if (unique.length > 0) await appendWith(file, (_fd, size) => (size > 0 ? "\n" : "") + unique.map((r) => finalOutputBlock(r)).join("\n"));
    return `${path.relative(this.paths.data, file)} (a torn last block: ${cut} bytes cut, ${unique.length} block(s) written again from the store)`;
  }

  targetFile(record: Pick<StoredRecord, "company" | "quarter">): string {
    return storeFile(this.paths.ingest, this.buyers.folderName(record.company), record.quarter);
  }

  /** The record was appended by this process but its final_output block could not be yet. */
  lacksBlock(id: string): boolean {
    return this.blockless.has(id);
  }

  isKnown(id: string): boolean {
    return this.dedupe.has(id);
  }

  async commit(items: readonly StoreItem[]): Promise<CommitResult[]> {
    const results = new Map<StoreItem, CommitResult>();
    const byTarget = new Map<string, StoreItem[]>();
    for (const item of items) {
      const target = this.targetFile(item.record);
      byTarget.set(target, [...(byTarget.get(target) ?? []), item]);
    }
    const blocks: string[] = [];
    const recoveredDuplicates: StoreItem[] = [];
    const appended: string[] = [];
    try {
      await this.appendStore(byTarget, results, blocks, recoveredDuplicates, appended);
      await this.appendFinalOutput(blocks, recoveredDuplicates);
    } catch (err) {
      this.knownDirs.clear(); // a folder removed behind our back is made again on the retry
      for (const id of appended) this.blockless.add(id);
      throw err;
    }
    for (const { record } of recoveredDuplicates) this.blockless.delete(record.id);
    return items.map((item) => results.get(item)!);
  }

  private async appendStore(
    byTarget: Map<string, StoreItem[]>,
    results: Map<StoreItem, CommitResult>,
    blocks: string[],
    recoveredDuplicates: StoreItem[],
    appended: string[],
  ): Promise<void> {
    for (const [target, group] of byTarget) {
      await this.ensureDirOnce(path.dirname(target));
      await withLock(target, () => this.appendToTarget(target, group, results, blocks, recoveredDuplicates, appended), this.lockOptions);
    }
  }

  /** Under the target's lock: catch up with other writers' lines, decide duplicates, append once. */
  private async appendToTarget(
    target: string,
    group: StoreItem[],
    results: Map<StoreItem, CommitResult>,
    blocks: string[],
    recoveredDuplicates: StoreItem[],
    appended: string[],
  ): Promise<void> {
    let fresh: StoreItem[] = [];
    let torn = false;
    const bytes = await appendWith(target, (fd, size) => {
      torn = !this.dedupe.catchUp(target, fd, size).complete;
      // Never glue a line to another writer's torn one: cut it first (below), then append.
      if (torn) return null;
      fresh = [];
      const duplicates = duplicateFlags(
        group.map((item) => item.record),
        (id) => this.dedupe.has(id),
      );
      group.forEach((item, i) => {
        const { id } = item.record;
        results.set(item, { id, status: duplicates[i] ? "duplicate" : "stored", target: path.relative(this.paths.data, target) });
        if (!duplicates[i]) fresh.push(item);
        else if (item.recovered || this.blockless.has(id)) recoveredDuplicates.push(item);
      });
      return fresh.length === 0 ? null : fresh.map((item) => `${JSON.stringify(item.record)}\n`).join("");
    });
    if (torn) {
      await repairTornTail(target);
      return this.appendToTarget(target, group, results, blocks, recoveredDuplicates, appended);
    }
    if (fresh.length === 0) return;
    this.dedupe.noteAppended(
      target,
      fresh.map((item) => item.record.id),
      bytes,
    );
    appended.push(...fresh.map((item) => item.record.id));
    blocks.push(...fresh.map((item) => finalOutputBlock(item.record, this.displayName)));
  }

  private async ensureDirOnce(dir: string): Promise<void> {
    if (this.knownDirs.has(dir)) return;
    await ensureDir(dir);
    this.knownDirs.add(dir);
  }

  /**
   * One write per batch; blocks separated by exactly one blank line. A crash between the store
   * append and this one is repaired when the input is re-run: its block is added if absent.
   */
  private async appendFinalOutput(blocks: string[], recoveredDuplicates: StoreItem[]): Promise<void> {
    if (blocks.length === 0 && recoveredDuplicates.length === 0) return;
    const file = this.paths.finalOutput;
    await this.ensureDirOnce(path.dirname(file));
    await withLock(
      file,
      async () => {
        const all = [...blocks];
        if (recoveredDuplicates.length > 0) {
          const existing = await fs.readFile(file, "utf8").catch((err: unknown) => {
            if (isErrno(err, "ENOENT")) return "";
            throw err;
          });
          for (const { record } of recoveredDuplicates) {
            if (!existing.includes(`\nURL: ${record.url}\n`)) all.push(finalOutputBlock(record, this.displayName));
          }
        }
        if (all.length === 0) return;
        await appendWith(file, (_fd, size) => (size > 0 ? "\n" : "") + all.join("\n"));
      },
      this.lockOptions,
    );
  }

  /**
   * Stores an analyst's correction: the new version (`supersedes: true`) is appended to the file of
   * its own buyer and quarter, which may differ from the old version's, under that file's lock
   * like every other write (catching up with other writers first, so this process's dedupe index
   * stays right). `check` runs under the lock before the append (the caller's "still the version
   * the analyst saw"); if it throws, nothing is written. Then the correction's final_output block
   * (if any) and its data/corrections.jsonl line. Old lines are never rewritten.
   *
   * Once the version is stored the correction has happened: a failure of the two later appends is
   * not thrown but returned in `deferred`, and those lines are written before the next correction's.
   */
  async appendCorrection(input: {
    record: StoredRecord;
    block: string | null;
    correction: Correction;
    check?: () => Promise<void> | void;
  }): Promise<{ target: string; deferred: string[] }> {
    const { record } = input;
    const target = this.targetFile(record);
    await this.ensureDirOnce(path.dirname(target));
    await withLock(
      target,
      async () => {
        await input.check?.();
        await this.appendOwnLine(target, record);
      },
      this.lockOptions,
    ).catch((err: unknown) => {
      this.knownDirs.clear();
      throw err;
    });
    if (input.block) this.pendingBlocks.push(input.block);
    this.pendingCorrections.push(`${JSON.stringify(input.correction)}\n`);
    const deferred: string[] = [];
    const corrections = path.join(this.paths.data, CORRECTIONS_FILE);
    // Two files, two locks: written side by side, one fsync wait instead of two.
    const blocks = [...this.pendingBlocks];
    const lines = this.pendingCorrections.join("");
    const [block, line] = await Promise.allSettled([
      this.appendFinalOutput(blocks, []),
      withLock(corrections, () => appendDurable(corrections, lines), this.lockOptions),
    ]);
    if (block.status === "fulfilled") this.pendingBlocks.splice(0, blocks.length);
    else deferred.push(`final_output.md: ${(block.reason as Error).message}`);
    if (line.status === "fulfilled") this.pendingCorrections.length = 0;
    else deferred.push(`${CORRECTIONS_FILE}: ${(line.reason as Error).message}`);
    return { target: path.relative(this.paths.data, target), deferred };
  }

  /** Under `target`'s lock: catch up with other writers' lines, then append one record line. */
  private async appendOwnLine(target: string, record: StoredRecord): Promise<void> {
    let torn = false;
    const bytes = await appendWith(target, (fd, size) => {
      torn = !this.dedupe.catchUp(target, fd, size).complete;
      return torn ? null : `${JSON.stringify(record)}\n`;
    });
    if (torn) {
      await repairTornTail(target);
      return this.appendOwnLine(target, record);
    }
    this.dedupe.noteAppended(target, [record.id], bytes);
  }

  async appendTraces(lines: readonly TraceLine[]): Promise<void> {
    const byDay = new Map<string, TraceLine[]>();
    for (const line of lines.map(cleanTrace)) {
      const day = line.time.slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), line]);
    }
    for (const [day, group] of byDay) {
      const file = path.join(this.paths.traces, `${day}.jsonl`);
      await this.ensureDirOnce(this.paths.traces);
      await withLock(file, () => appendDurable(file, group.map((l) => `${JSON.stringify(l)}\n`).join("")), this.lockOptions);
    }
  }
}

/** Trace texts are read back into Markdown (the digest): file names, titles and reasons as clean single lines. */
function cleanTrace(line: TraceLine): TraceLine {
  const clean: TraceLine = { ...line, file: oneLine(line.file) };
  if (line.title !== undefined) clean.title = oneLine(line.title);
  if (line.reason !== undefined) clean.reason = oneLine(line.reason);
  if (line.url !== undefined) clean.url = oneLine(line.url);
  if (line.review !== undefined) clean.review = line.review.map(oneLine);
  return clean;
}
