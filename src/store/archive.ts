import { inflateRawSync } from "node:zlib";

/**
 * The lines of data/archive/articles.jsonl (written by the archive sink): `{id, at, z}`, `z` the
 * article's whole text deflated, in base64. The desk's full-text index (search-index.ts) reads
 * them, and so does `archive backfill` (which ids have a text already).
 */

/** Words as the index and the query see them: lower case, letters and digits, accents kept. */
export function words(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** One archive line's id and text, or null for a line that does not parse (a torn or foreign line). */
export function parseArchiveLine(line: string): { id: string; text: string } | null {
  try {
    const value = JSON.parse(line) as { id?: unknown; z?: unknown };
    if (typeof value.id !== "string" || typeof value.z !== "string") return null;
    return { id: value.id, text: inflateRawSync(Buffer.from(value.z, "base64")).toString("utf8") };
  } catch {
    return null;
  }
}

/** The id of an archive line without inflating its text (null when it does not parse). */
export function archiveLineId(line: string): string | null {
  try {
    const id = (JSON.parse(line) as { id?: unknown }).id;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}
