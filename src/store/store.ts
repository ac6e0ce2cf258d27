import { existsSync } from "node:fs";
import path from "node:path";
import type { Paths } from "./layout.js";
import type { BuyerDirectory } from "../core/buyers.js";
import type { StoredRecord } from "../core/record.js";
import { DedupeIndex, duplicateFlags } from "./dedupe.js";
import { appendWith, ensureDir } from "./fsutil.js";
import { listJsonlFiles, repairTornTail } from "./jsonl.js";
import { DEFAULT_LOCK_OPTIONS, withLock, type LockOptions } from "./locks.js";
import { errorMessage } from "../core/errors.js";
import type { CommittedCorrection, Sink } from "../core/sink.js";
import { CORRECTIONS_FILE, storeFile } from "./layout.js";
import { findUnsentCorrections } from "./correction-repair.js";
import { StoryIndex, withStory } from "./stories.js";
import { storedStamp } from "./versions.js";

export interface StoreItem {
  /** `commit` replaces it with the stored version, which carries its `story_id` (docs/stories.md). */
  record: StoredRecord;
  /** The input was re-run after a crash: its final_output block may be the part that is missing. */
  recovered?: boolean;
  /** The article's whole text, handed on to the sinks (the archive); not part of the record. */
  body?: string;
}

export type CommitStatus = "stored" | "duplicate";

export interface CommitResult {
  id: string;
  status: CommitStatus;
  /** Store file the record went to (or already was in), relative to the data folder. */
  target: string;
}

/**
 * The only writer of records. Appends happen under one cross-process lock per target file per
 * batch; each append is whole lines in one write followed by fsync. What follows a commit
 * (final_output.md, traces, events, webhooks) is the sinks' (src/sinks/), run by the session;
 * what follows a correction is the sinks' too, handed over here (`sendCorrectionsTo`).
 */
export class Store {
  readonly dedupe = new DedupeIndex();
  readonly stories: StoryIndex;
  private readonly knownDirs = new Set<string>();

  private correctionSinks: readonly Sink[] = [];
  /** Per sink, the stored corrections it could not take yet (handed to it again with the next one). */
  private readonly owedCorrections = new Map<Sink, CommittedCorrection[]>();

  constructor(
    private readonly paths: Paths,
    private readonly buyers: BuyerDirectory,
    private readonly lockOptions: LockOptions = DEFAULT_LOCK_OPTIONS,
    storyWindowDays?: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.stories = new StoryIndex(storyWindowDays);
  }

  /**
   * Stamps `stored_at` on a record about to be appended, under its file's lock: the commit order
   * that decides the current version (`versionTime`). Set on the caller's object, so the sinks
   * that follow see the version as stored.
   */
  private stamp(record: StoredRecord, after?: number): StoredRecord {
    record.stored_at = storedStamp(record, this.now(), after);
    return record;
  }

  private readonly displayName = (buyer: string) => this.buyers.displayName(buyer);

  /** Creates the folders, repairs torn last lines of the store files, loads the dedupe index. Returns what was repaired. */
  async open(): Promise<string[]> {
    await Promise.all([this.paths.ingest, this.paths.state].map(ensureDir));
    const repaired: string[] = [];
    for (const file of await listJsonlFiles(this.paths.ingest)) {
      const removed = await withLock(file, () => repairTornTail(file), this.lockOptions);
      if (removed > 0) repaired.push(`${path.relative(this.paths.data, file)} (a torn last line: ${removed} bytes cut)`);
    }
    await this.dedupe.load(this.paths.ingest);
    return repaired;
  }

  targetFile(record: Pick<StoredRecord, "company" | "quarter">): string {
    return storeFile(this.paths.ingest, this.buyers.folderName(record.company), record.quarter);
  }

  isKnown(id: string): boolean {
    return this.dedupe.has(id);
  }

  /**
   * Appends the records not stored yet, one locked append per target file, and says for each item
   * whether it was stored or a duplicate. Each stored record gets its story there, under the lock
   * (`assignStories`), and the item's record becomes that version. `onAppended` hears of each append as it is made: when a
   * later one fails, the caller knows which records did reach the store.
   */
  async commit(items: readonly StoreItem[], options: { onAppended?: (records: StoredRecord[]) => void } = {}): Promise<CommitResult[]> {
    const results = new Map<StoreItem, CommitResult>();
    const byTarget = new Map<string, StoreItem[]>();
    for (const item of items) {
      const target = this.targetFile(item.record);
      byTarget.set(target, [...(byTarget.get(target) ?? []), item]);
    }
    try {
      for (const [target, group] of byTarget) {
        await this.ensureDirOnce(path.dirname(target));
        await withLocks(
          [target, ...this.storyNeighbours(target, group)],
          () => this.appendToTarget(target, group, results, options.onAppended),
          this.lockOptions,
        );
      }
    } catch (err) {
      this.knownDirs.clear(); // a folder removed behind our back is made again on the retry
      throw err;
    }
    return items.map((item) => results.get(item)!);
  }

  /** Under the target's lock: catch up with other writers' lines, decide duplicates, append once. */
  private async appendToTarget(
    target: string,
    group: StoreItem[],
    results: Map<StoreItem, CommitResult>,
    onAppended?: (records: StoredRecord[]) => void,
  ): Promise<void> {
    let fresh: StoreItem[] = [];
    let torn = false;
    const bytes = await appendWith(target, (fd, size) => {
      torn = !this.dedupe.catchUp(target, fd, size).complete;
      // Never glue a line to another writer's torn one: cut it first (below), then append.
      if (torn) return null;
      const duplicates = duplicateFlags(
        group.map((item) => item.record),
        (id) => this.dedupe.has(id),
      );
      fresh = group.filter((_, i) => !duplicates[i]);
      this.assignStories(target, fd, size, fresh);
      group.forEach((item, i) => {
        results.set(item, { id: item.record.id, status: duplicates[i] ? "duplicate" : "stored", target: path.relative(this.paths.data, target) });
      });
      return fresh.length === 0 ? null : fresh.map((item) => `${JSON.stringify(this.stamp(item.record))}\n`).join("");
    });
    if (torn) {
      await repairTornTail(target);
      return this.appendToTarget(target, group, results, onAppended);
    }
    if (fresh.length === 0) return;
    this.dedupe.noteAppended(
      target,
      fresh.map((item) => item.record.id),
      bytes,
    );
    this.stories.noteAppended(
      target,
      fresh.map((item) => item.record),
      bytes,
    );
    onAppended?.(fresh.map((item) => item.record));
  }

  /**
   * Under `target`'s lock (`fd` open on it, `size` bytes long): the story of each record about to
   * be appended, against the buyer's stored records in the window and the group's earlier ones.
   */
  private assignStories(target: string, fd: number, size: number, fresh: readonly StoreItem[]): void {
    this.stories.catchUp(target, fd, size);
    const earlier: StoredRecord[] = [];
    for (const item of fresh) {
      item.record = withStory(item.record, this.stories.decide(item.record, target, earlier, this.otherBuyerFolders(item.record)));
      earlier.push(item.record);
    }
  }

  /**
   * The other store files the group's story decisions read, in folders that exist (a folder made
   * by another process after this look is the one race left: docs/stories.md).
   */
  private storyNeighbours(target: string, group: readonly StoreItem[]): string[] {
    const files = new Set<string>();
    for (const { record } of group) for (const file of this.stories.neighbourFiles(target, record, this.otherBuyerFolders(record))) files.add(file);
    return [...files].filter((file) => existsSync(path.dirname(file)));
  }

  /** Store folders of the record's strong buyers other than its company's: where else its story may have started. */
  private otherBuyerFolders(record: StoredRecord): string[] {
    const own = this.buyers.folderName(record.company);
    return [...new Set(record.buyers.strong.map((buyer) => this.buyers.folderName(buyer)))].filter((folder) => folder !== own);
  }

  /**
   * `commit`'s story verdicts without the lock or the write (`process --dry-run`): each item's
   * record gets the story it would be given, against the store files as they are now and the
   * items previewed before it.
   */
  previewStories(items: readonly StoreItem[]): void {
    for (const item of items) {
      const target = this.targetFile(item.record);
      this.stories.refresh(target);
      item.record = withStory(item.record, this.stories.decide(item.record, target, [], this.otherBuyerFolders(item.record)));
      this.stories.remember(target, item.record);
    }
  }

  private async ensureDirOnce(dir: string): Promise<void> {
    if (this.knownDirs.has(dir)) return;
    await ensureDir(dir);
    this.knownDirs.add(dir);
  }

  /**
   * The outputs that follow a correction (src/sinks/index.ts `createCorrectionSinks`), in order;
   * a store without them stores the versions only.
   */
  sendCorrectionsTo(sinks: readonly Sink[]): void {
    this.correctionSinks = sinks.filter((sink) => sink.corrected);
    this.owedCorrections.clear();
  }

  /**
   * Stores an analyst's correction: the new version (`supersedes: true`) is appended to the file of
   * its own buyer and quarter, which may differ from the old version's, under that file's lock
   * like every other write (catching up with other writers first, so this process's dedupe index
   * stays right). `check` runs under the lock before the append (the caller's "still the version
   * the analyst saw"); if it throws, nothing is written. Then the correction goes to the sinks
   * (final_output.md's block, data/corrections.jsonl, webhooks). Old lines are never rewritten.
   *
   * Once the version is stored the correction has happened: a sink's failure is not thrown but
   * returned in `deferred` ("<sink>: <why>"), and that sink gets the correction again, before the
   * next correction's, with the next correction.
   */
  async appendCorrection(input: {
    record: StoredRecord;
    changed: readonly string[];
    correction: unknown;
    check?: () => Promise<void> | void;
    /** `versionTime` of the version it replaces: the new one is stored strictly after it. */
    after?: number;
  }): Promise<{ target: string; deferred: string[] }> {
    const { record } = input;
    const file = this.targetFile(record);
    await this.ensureDirOnce(path.dirname(file));
    await withLock(
      file,
      async () => {
        await input.check?.();
        await this.appendOwnLine(file, record, input.after);
      },
      this.lockOptions,
    ).catch((err: unknown) => {
      this.knownDirs.clear();
      throw err;
    });
    const target = path.relative(this.paths.data, file);
    const correction = { record, changed: input.changed, correction: input.correction, target };
    const deferred = await this.toCorrectionSinks(() => [correction]);
    return { target, deferred };
  }

  /**
   * Hands the correction sinks what they never got from the corrections stored so far (a crash
   * between a version and its sinks): the corrections.jsonl lines and final_output.md blocks
   * missing for the desk versions among `histories` (every version of each id), oldest first
   * (src/store/correction-repair.ts). Returns how many were written again and what could not be
   * (those stay owed, as for a correction). Webhooks are not sent again.
   */
  async repairCorrections(histories: Iterable<readonly StoredRecord[]>): Promise<{ repaired: number; deferred: string[] }> {
    const unsent = await findUnsentCorrections(
      { corrections: path.join(this.paths.data, CORRECTIONS_FILE), finalOutput: this.paths.finalOutput },
      histories,
      (record) => path.relative(this.paths.data, this.targetFile(record)),
    );
    const forSink = (sink: Sink) =>
      sink.name === CORRECTIONS_FILE ? unsent.log : sink.name === path.basename(this.paths.finalOutput) ? unsent.finalOutput : [];
    const repaired = this.correctionSinks.reduce((n, sink) => n + forSink(sink).length, 0);
    return { repaired, deferred: repaired === 0 ? [] : await this.toCorrectionSinks(forSink) };
  }

  /** Side by side (each sink its own file and lock: one fsync wait instead of several); what failed waits for the next correction. */
  private async toCorrectionSinks(next: (sink: Sink) => readonly CommittedCorrection[]): Promise<string[]> {
    const sinks = this.correctionSinks.filter((sink) => (this.owedCorrections.get(sink)?.length ?? 0) + next(sink).length > 0);
    const batches = sinks.map((sink) => [...(this.owedCorrections.get(sink) ?? []), ...next(sink)]);
    const outcomes = await Promise.allSettled(sinks.map((sink, i) => sink.corrected!(batches[i]!)));
    const deferred: string[] = [];
    outcomes.forEach((outcome, i) => {
      const sink = sinks[i]!;
      if (outcome.status === "fulfilled") this.owedCorrections.delete(sink);
      else {
        this.owedCorrections.set(sink, batches[i]!);
        deferred.push(`${sink.name}: ${errorMessage(outcome.reason)}`);
      }
    });
    return deferred;
  }

  /** Under `target`'s lock: catch up with other writers' lines, then append one record line. */
  private async appendOwnLine(target: string, record: StoredRecord, after?: number): Promise<void> {
    let torn = false;
    const bytes = await appendWith(target, (fd, size) => {
      torn = !this.dedupe.catchUp(target, fd, size).complete;
      return torn ? null : `${JSON.stringify(this.stamp(record, after))}\n`;
    });
    if (torn) {
      await repairTornTail(target);
      return this.appendOwnLine(target, record, after);
    }
    this.dedupe.noteAppended(target, [record.id], bytes);
  }
}

/**
 * Runs `fn` holding the locks of all `files`, taken one by one in sorted order: every process
 * takes them in the same order, so two commits that need each other's files wait, never deadlock.
 */
function withLocks<T>(files: readonly string[], fn: () => Promise<T>, options: LockOptions): Promise<T> {
  const [first, ...rest] = [...new Set(files)].sort();
  if (first === undefined) return fn();
  return withLock(first, () => withLocks(rest, fn, options), options);
}
