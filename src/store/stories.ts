import path from "node:path";
import { quarterOf } from "../core/quarter.js";
import { storyIdOf, type StoredRecord, type StoredStoryReason } from "../core/record.js";
import { AppError } from "../core/errors.js";
import { decideStory, scorePair, storyFeatures, DEFAULT_STORY_WINDOW_DAYS, type StoryExample, type StoryFeatures } from "../pipeline/story.js";
import { readWithSize, scanLines } from "./dedupe.js";
import { storeFile } from "./layout.js";

/** What the store decides for a record it is about to append (docs/stories.md). */
export interface StoryAssignment {
  story_id: string;
  story_reason?: StoredStoryReason;
}

/** What the index reads of a stored record. */
interface StoryFields {
  id: string;
  title: string;
  lead?: string | undefined;
  published_at: string;
  category: string;
  story_id?: string | undefined;
  story_reason?: StoredStoryReason | undefined;
}

/** One stored record as the grouping sees it; its features are computed on first need. */
interface Entry {
  record: StoryFields;
  day: number;
  features?: StoryFeatures;
}

/** What the index holds of one store file: its records by id (latest version), by day, and the bytes read so far. */
interface FileEntries {
  offset: number;
  byId: Map<string, Entry>;
  byDay: Map<number, Set<string>>;
}

const DAY_MS = 86_400_000;

/**
 * How many records the index holds at most: past it, the store files used least recently are
 * let go (and read again when next needed). 50,000 records are about 100 MB of heap
 * (scripts/bench-stories.ts); a live daemon needs the few files of the current weeks.
 */
export const STORY_INDEX_MAX_RECORDS = 50_000;

function dayOf(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? 0 : Math.round(ms / DAY_MS);
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function storyFields(value: unknown): StoryFields | null {
  if (typeof value !== "object" || value === null) return null;
  const r = value as Partial<Record<keyof StoryFields, unknown>>;
  if (typeof r.id !== "string" || typeof r.title !== "string" || typeof r.published_at !== "string" || typeof r.category !== "string") return null;
  return {
    id: r.id,
    title: r.title,
    lead: typeof r.lead === "string" ? r.lead : undefined,
    published_at: r.published_at,
    category: r.category,
    story_id: typeof r.story_id === "string" ? r.story_id : undefined,
    story_reason: typeof r.story_reason === "object" && r.story_reason !== null ? (r.story_reason as StoredStoryReason) : undefined,
  };
}

/**
 * The records each buyer stored recently enough to share a story with a new one, read from the
 * store files themselves (never a second source of truth: nothing is persisted, so there is
 * nothing to go corrupt). A store file is read on first need (the first record decided against
 * it), not at start-up, and kept current from the bytes appended since (`catchUp`, under the
 * file's lock, like the dedupe index).
 */
export class StoryIndex {
  private readonly files = new Map<string, FileEntries>();
  /** Features of the records just decided, by id, as they were before their story was set (see featuresOfDecided). */
  private readonly justDecided = new Map<string, { record: StoryFields; features: StoryFeatures }>();
  /** The held records whose story an analyst decided (split or joined): the grouping's examples, from every file read. */
  private readonly decided = new Set<Entry>();

  constructor(
    readonly windowDays: number = DEFAULT_STORY_WINDOW_DAYS,
    private readonly maxRecords: number = STORY_INDEX_MAX_RECORDS,
  ) {}

  /**
   * The store files of `target`'s buyer folder and of `otherFolders` (the record's other strong
   * buyers) whose quarter holds a day within the window of `published_at` (the target itself first).
   */
  private filesFor(target: string, published_at: string, otherFolders: readonly string[]): string[] {
    const day = dayOf(published_at);
    const ingest = path.dirname(path.dirname(target));
    const quarters = new Set([quarterOf(dateOf(day - this.windowDays)), quarterOf(dateOf(day)), quarterOf(dateOf(day + this.windowDays))]);
    const files = [target];
    for (const folder of [path.basename(path.dirname(target)), ...otherFolders]) {
      for (const quarter of quarters) {
        const file = storeFile(ingest, folder, quarter);
        if (!files.includes(file)) files.push(file);
      }
    }
    return files;
  }

  /**
   * The store files other than `target` that deciding `record` reads (the other quarters of the
   * window, the folders of `otherFolders`): the store locks them too, so a record another process
   * is appending there at the same moment is seen (docs/stories.md).
   */
  neighbourFiles(target: string, record: Pick<StoryFields, "published_at">, otherFolders: readonly string[] = []): string[] {
    return this.filesFor(target, record.published_at, otherFolders).slice(1);
  }

  /** `file`'s entries, made the most recently used. */
  private entriesOf(file: string): FileEntries {
    let entries = this.files.get(file);
    if (entries) this.files.delete(file);
    else entries = { offset: 0, byId: new Map(), byDay: new Map() };
    this.files.set(file, entries);
    return entries;
  }

  /** Lets go of the least recently used files (never those of `keep`) while the index holds too many records. */
  private evict(keep: readonly string[]): void {
    let held = this.size;
    for (const [file, entries] of this.files) {
      if (held <= this.maxRecords) return;
      if (keep.includes(file)) continue;
      held -= entries.byId.size;
      for (const entry of entries.byId.values()) this.decided.delete(entry);
      this.files.delete(file);
    }
  }

  private add(entries: FileEntries, record: StoryFields, features?: StoryFeatures): void {
    const old = entries.byId.get(record.id);
    if (old) {
      entries.byDay.get(old.day)?.delete(record.id);
      this.decided.delete(old);
    }
    const day = dayOf(record.published_at);
    const entry: Entry = features ? { record, day, features } : { record, day };
    entries.byId.set(record.id, entry);
    if (record.story_reason?.analyst) this.decided.add(entry);
    let ids = entries.byDay.get(day);
    if (!ids) entries.byDay.set(day, (ids = new Set()));
    ids.add(record.id);
  }

  /** Reads `file`'s whole lines from `offset` to `size` through `fd`. */
  private read(file: string, fd: number, size: number): void {
    const entries = this.entriesOf(file);
    if (size < entries.offset) {
      // The file was replaced or cut: read it again from the start.
      entries.offset = 0;
      for (const entry of entries.byId.values()) this.decided.delete(entry);
      entries.byId.clear();
      entries.byDay.clear();
    }
    entries.offset = scanLines(fd, entries.offset, size, (buf, start, end) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(buf.toString("utf8", start, end));
      } catch {
        return; // not a record line: skipped, as every reader of the store does
      }
      const record = storyFields(parsed);
      if (record) this.add(entries, record);
    });
  }

  /** Catches up with `file` through a descriptor the caller holds open under the file's lock. */
  catchUp(file: string, fd: number, size: number): void {
    this.read(file, fd, size);
  }

  /** Catches up with `file` without its lock (a neighbouring quarter's file, or a dry run): only whole lines count. */
  refresh(file: string): void {
    readWithSize(file, (fd, size) => this.read(file, fd, size));
  }

  /**
   * The story of `record`, bound for `target`, against what the index holds now (the caller
   * catches up with `target` first, under its lock). The other quarters' files in the window are
   * refreshed here, as are those of `otherFolders`: the folders of the record's other strong buyers
   * (a deal of Disney, NBC and Amazon is one story whichever company it was filed under); they are
   * read without their locks. `alsoStored` are records decided just before this one and bound for
   * the same append. An id stored before keeps the story its earlier version was given.
   */
  decide(record: StoryFields, target: string, alsoStored: readonly StoryFields[] = [], otherFolders: readonly string[] = []): StoryAssignment {
    const files = this.filesFor(target, record.published_at, otherFolders);
    for (const file of files.slice(1)) this.refresh(file);
    const day = dayOf(record.published_at);
    const candidates: StoryFeatures[] = [];
    const examples: StoryExample[] = [];
    for (const file of files) {
      const entries = this.files.get(file);
      if (!entries) continue;
      const earlier = entries.byId.get(record.id);
      if (earlier) return assignmentOf(earlier.record);
      for (let d = day - this.windowDays; d <= day + this.windowDays; d++) {
        for (const id of entries.byDay.get(d) ?? []) candidates.push(featuresOf(entries.byId.get(id)!));
      }
    }
    for (const entry of this.decided) {
      const example = this.exampleOf(entry);
      if (example) examples.push(example);
    }
    for (const other of alsoStored) {
      if (other.id === record.id) return assignmentOf(other);
      candidates.push(this.featuresOfDecided(other));
    }
    this.evict(files);
    const features = storyFeatures(record);
    if (this.justDecided.size >= JUST_DECIDED_MAX) this.justDecided.clear();
    this.justDecided.set(record.id, { record, features });
    const verdict = decideStory(features, candidates, this.windowDays, examples);
    return verdict.reason ? { story_id: verdict.story_id, story_reason: verdict.reason } : { story_id: verdict.story_id };
  }

  /**
   * The features of a record `decide` gave its story to, if known without computing them: from
   * `decide` itself (only the story id differs, and that is all `withStory` changed).
   */
  private knownFeatures(record: StoryFields): StoryFeatures | undefined {
    let features = decidedFeatures.get(record);
    if (features) return features;
    const before = this.justDecided.get(record.id);
    if (!before || !sameStoryInput(before.record, record)) return undefined;
    features = { ...before.features, story_id: record.story_id ?? record.id };
    decidedFeatures.set(record, features);
    return features;
  }

  private featuresOfDecided(record: StoryFields): StoryFeatures {
    const features = this.knownFeatures(record) ?? storyFeatures(record);
    decidedFeatures.set(record, features);
    return features;
  }

  /** An analyst's split or join (docs/stories.md) as an example, when the index holds the record it was decided against. */
  private exampleOf(entry: Entry): StoryExample | undefined {
    const reason = entry.record.story_reason;
    if (!reason?.analyst) return undefined;
    for (const entries of this.files.values()) {
      const other = entries.byId.get(reason.matched);
      if (other) return { record: featuresOf(entry), other: featuresOf(other), same: reason.analyst === "joined" };
    }
    return undefined;
  }

  /** Records what this process itself just appended to `file` (`bytes` long), when the index reads that file. */
  noteAppended(file: string, records: readonly StoryFields[], bytes: number): void {
    const entries = this.files.get(file);
    if (!entries) return;
    // Only the fields the grouping reads are held (not the whole record), with the features computed while deciding.
    for (const record of records) this.add(entries, storyFields(record) ?? record, this.knownFeatures(record));
    entries.offset += bytes;
  }

  /** Holds `record` as if stored in `file`, without moving the read offset (`process --dry-run`: what this run would store). */
  remember(file: string, record: StoryFields): void {
    this.add(this.entriesOf(file), record);
  }

  /** Stored records the index holds (for the benchmark and tests). */
  get size(): number {
    let n = 0;
    for (const entries of this.files.values()) n += entries.byId.size;
    return n;
  }
}

/**
 * Features of records decided in this process, by record object: a record of a batch is a
 * candidate for each later record of the same append (`alsoStored`) and, once appended, for later
 * batches; without this every later record of a 64-file batch computed them again.
 */
const decidedFeatures = new WeakMap<StoryFields, StoryFeatures>();

/** The fields `storyFeatures` reads, story id apart, are the same (a forced new version of an id may differ). */
function sameStoryInput(a: StoryFields, b: StoryFields): boolean {
  return a.title === b.title && a.lead === b.lead && a.published_at === b.published_at && a.category === b.category;
}

/** Records decided and not yet appended that the index remembers the features of (a few batches' worth). */
const JUST_DECIDED_MAX = 1024;

function featuresOf(entry: Entry): StoryFeatures {
  entry.features ??= storyFeatures(entry.record);
  return entry.features;
}

function assignmentOf(record: StoryFields): StoryAssignment {
  const story_id = record.story_id ?? record.id;
  return record.story_reason ? { story_id, story_reason: record.story_reason } : { story_id };
}

/** `record` with its story: the fields go last, so the line still starts with the id. */
export function withStory<T extends StoredRecord>(record: T, story: StoryAssignment): T {
  const { story_id: _id, story_reason: _reason, ...rest } = record;
  return { ...rest, ...story } as T;
}

/**
 * The story an analyst asks for in the desk (`story_id` of a correction, docs/stories.md): the
 * record's own id splits it out of its story ("Not the same story"), another stored record's id
 * joins it to that record's story ("Same story as…"). The reason keeps the pair's score and the
 * record it was decided against, so the grouping can learn from it (`StoryIndex`).
 */
export function analystStory(
  current: StoredRecord,
  asked: string,
  get: (id: string) => StoredRecord | undefined,
): { story_id: string; story_reason: StoredStoryReason } {
  const refuse = (message: string) => new AppError("input_unprocessable", `story_id: ${message}`, { fields: [{ field: "story_id", message }] });
  const story = storyIdOf(current);
  const score = (other: StoredRecord) => {
    const { similarity, shared_titles, shared_people, shared_numbers, days_apart } = scorePair(storyFeatures(current), storyFeatures(other));
    return { matched: other.id, similarity, shared_titles, shared_people, shared_numbers, days_apart };
  };
  if (asked === current.id) {
    if (story === current.id) throw refuse("this record already starts its own story");
    const other = get(current.story_reason?.matched ?? story) ?? get(story);
    if (!other) throw refuse("the record it was grouped with is not in the store");
    return { story_id: current.id, story_reason: { ...score(other), analyst: "split" } };
  }
  const target = get(asked);
  if (!target) throw refuse(`no stored record with id ${asked}`);
  if (storyIdOf(target) === story) throw refuse("this record is in that story already");
  return { story_id: storyIdOf(target), story_reason: { ...score(target), analyst: "joined" } };
}
