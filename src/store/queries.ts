import type { BuyerConfig } from "../config/schema.js";
import type { StoredRecord } from "../core/record.js";
import { recordConcernsBuyer } from "../core/record.js";

/**
 * The review desk's questions to the store, as pure functions over current versions
 * (`StoreReader.all()`): which quarters hold records, a buyer's records of a quarter as the report
 * reads them, the review queue, full-text search.
 */

interface RecordFilter {
  quarter?: string;
  buyer?: Pick<BuyerConfig, "name" | "display">;
}

function matches(record: StoredRecord, filter: RecordFilter): boolean {
  return (!filter.quarter || record.quarter === filter.quarter) && (!filter.buyer || recordConcernsBuyer(record, filter.buyer));
}

/** Quarters that hold at least one record, newest first. */
export function quartersOf(records: readonly StoredRecord[]): string[] {
  return [...new Set(records.map((r) => r.quarter))].sort().reverse();
}

/** What the buyer's report of the quarter is made from: its records, excluded ones left out. */
export function reportRecords(records: readonly StoredRecord[], quarter: string, buyer: Pick<BuyerConfig, "name" | "display">): StoredRecord[] {
  return records.filter((r) => !r.excluded && matches(r, { quarter, buyer }));
}

/** Records with a review reason, not excluded, oldest first (by when they were processed). */
export function reviewQueue(records: readonly StoredRecord[], filter: RecordFilter = {}): StoredRecord[] {
  return records
    .filter((r) => r.review.length > 0 && !r.excluded && matches(r, filter))
    .sort((a, b) => (a.processed_at < b.processed_at ? -1 : a.processed_at > b.processed_at ? 1 : a.id.localeCompare(b.id)));
}

const searchText = new WeakMap<StoredRecord, string>();

function textOf(record: StoredRecord): string {
  let text = searchText.get(record);
  if (text === undefined) {
    text = [record.title, ...record.facts.flatMap((f) => [f.line, ...f.notes])].join("\n").toLowerCase();
    searchText.set(record, text);
  }
  return text;
}

/**
 * Records whose title, lines or notes hold every word of `query` (case-insensitive), newest
 * publication first; at most `limit`.
 */
export function searchRecords(records: readonly StoredRecord[], query: string, filter: RecordFilter = {}, limit = 200): StoredRecord[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const found = records.filter((r) => matches(r, filter) && words.every((w) => textOf(r).includes(w)));
  found.sort((a, b) => (a.published_at < b.published_at ? 1 : a.published_at > b.published_at ? -1 : a.title.localeCompare(b.title)));
  return found.slice(0, limit);
}
