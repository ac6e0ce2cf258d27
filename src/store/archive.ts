import { open } from "node:fs/promises";
import { inflateRawSync } from "node:zlib";
import { readLinesFrom } from "./jsonl.js";
import { queueTail } from "../core/errors.js";

/**
 * Reads data/archive/articles.jsonl (written by the archive sink) for the review desk: each
 * article's whole text on demand, and a word index over all of them for search across quarters.
 * The index is derived, never stored: built in memory from the archive at the first search and
 * brought up to date by reading only the lines appended since (a replaced, shorter file is read
 * again from the start). Never writes.
 */

interface Place {
  offset: number;
  length: number;
}

/** Words as the index and the query see them: lower case, letters and digits, accents kept. */
export function words(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Intersection of ascending lists. */
function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! === b[j]!) {
      out.push(a[i]!);
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return out;
}

export class ArchiveIndex {
  private offset = 0;
  private readonly places = new Map<string, Place>();
  /** doc number -> record id (a doc is one archive line). */
  private readonly docs: string[] = [];
  private readonly postings = new Map<string, number[]>();
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  get size(): number {
    return this.places.size;
  }

  /** Reads what was appended since the last call (one pass at a time). */
  refresh(): Promise<void> {
    const run = this.running.then(() => this.readNew());
    this.running = queueTail(run);
    return run;
  }

  private async readNew(): Promise<void> {
    const { lines, next } = await readLinesFrom(this.file, this.offset);
    if (next < this.offset) this.reset();
    let at = next < this.offset ? 0 : this.offset;
    for (const line of lines) {
      const length = Buffer.byteLength(line) + 1;
      this.take(line, { offset: at, length: length - 1 });
      at += length;
    }
    this.offset = next;
  }

  private reset(): void {
    this.places.clear();
    this.docs.length = 0;
    this.postings.clear();
  }

  /** Adds one archive line to the index (a line that does not parse is skipped). */
  add(line: string, place: Place): void {
    this.take(line, place);
  }

  private take(line: string, place: Place): void {
    const entry = parse(line);
    if (!entry) return;
    const doc = this.docs.length;
    this.docs.push(entry.id);
    this.places.set(entry.id, place);
    for (const word of new Set(words(entry.text))) {
      const list = this.postings.get(word);
      if (list) list.push(doc);
      else this.postings.set(word, [doc]);
    }
  }

  /** Ids of the articles whose text holds every word of the query. */
  search(query: string): Set<string> {
    const wanted = [...new Set(words(query))];
    if (wanted.length === 0) return new Set();
    const lists = wanted.map((w) => this.postings.get(w) ?? []).sort((a, b) => a.length - b.length);
    let docs = lists[0]!;
    for (const list of lists.slice(1)) docs = intersect(docs, list);
    return new Set(docs.map((d) => this.docs[d]!));
  }

  /** The article's whole text, or null when the archive has none for it. */
  async text(id: string): Promise<string | null> {
    const place = this.places.get(id);
    if (!place) return null;
    const handle = await open(this.file, "r");
    try {
      const buf = Buffer.alloc(place.length);
      await handle.read(buf, 0, place.length, place.offset);
      return parse(buf.toString("utf8"))?.text ?? null;
    } finally {
      await handle.close();
    }
  }
}

function parse(line: string): { id: string; text: string } | null {
  try {
    const value = JSON.parse(line) as { id?: unknown; z?: unknown };
    if (typeof value.id !== "string" || typeof value.z !== "string") return null;
    return { id: value.id, text: inflateRawSync(Buffer.from(value.z, "base64")).toString("utf8") };
  } catch {
    return null;
  }
}
