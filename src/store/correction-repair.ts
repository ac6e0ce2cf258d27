// After a crash (kill -9) between a correction's stored version and its sinks, the version is in the
// store (the correction has happened) but data/corrections.jsonl may lack its line and
// final_output.md its block, so training never sees it. This finds such versions by comparing the
// store's desk versions with the log's (id, at) pairs and the blocks' "Reviewed: <at>" lines, and
// rebuilds what each sink missed from the version and the one before it.

import { readFile } from "node:fs/promises";
import type { CommittedCorrection } from "../core/sink.js";
import type { StoredRecord } from "../core/record.js";
import { CorrectionSchema, correctionBlock, type Correction } from "../pipeline/correction.js";
import { isErrno } from "./fsutil.js";
import { versionTime } from "./versions.js";

/** The file's text, "" when it does not exist, null when it cannot be read (its repair waits for a later start). */
async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    return isErrno(err, "ENOENT") ? "" : null;
  }
}

const key = (id: string, at: string) => `${id} ${at}`;

/** The (id, at) of every whole line of data/corrections.jsonl (a torn or foreign line is skipped). */
export async function loggedCorrections(file: string): Promise<Set<string> | null> {
  const text = await readText(file);
  if (text === null) return null;
  const keys = new Set<string>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const parsed = JSON.parse(line) as { id?: unknown; at?: unknown };
      if (typeof parsed.id === "string" && typeof parsed.at === "string") keys.add(key(parsed.id, parsed.at));
    } catch {
      // a torn line: the version it belonged to is found missing and written again
    }
  }
  return keys;
}

/** The correction line a desk version was stored with, rebuilt from it and the version it replaced (as `correctRecord` makes it). */
function rebuiltCorrection(previous: StoredRecord, version: StoredRecord): Correction {
  const changes: Correction["changes"] = {};
  const changed = new Set(version.reviewed!.changes);
  if (changed.has("category")) changes.category = { from: previous.category, to: version.category };
  if (changed.has("facts")) changes.facts = { from: previous.facts, to: version.facts };
  if (changed.has("buyers")) changes.buyers = { from: previous.buyers, to: version.buyers };
  if (changed.has("company")) changes.company = { from: previous.company, to: version.company };
  if (changed.has("published_at")) changes.published_at = { from: previous.published_at, to: version.published_at };
  if (changed.has("quarter")) changes.quarter = { from: previous.quarter, to: version.quarter };
  if (changed.has("excluded")) changes.excluded = { from: previous.excluded ?? false, to: version.excluded ?? false };
  return CorrectionSchema.parse({
    at: version.reviewed!.at,
    id: version.id,
    url: previous.url,
    source: previous.source,
    origin: "desk",
    // Whether the analyst pressed accept is not kept in the version: an accept is the correction that changed nothing.
    accepted: changed.size === 0,
    text: { title: previous.title, lead: previous.lead ?? "" },
    changes,
    review: previous.review,
  });
}

interface UnsentCorrections {
  /** Desk versions without a corrections.jsonl line. */
  log: CommittedCorrection[];
  /** Desk versions that changed something and have no final_output.md block. */
  finalOutput: CommittedCorrection[];
}

/**
 * The desk versions among `histories` (every version of each id) that a correction sink never got,
 * oldest first. `logged`: the (id, at) pairs of corrections.jsonl; `finalText`: final_output.md
 * (null: unreadable, nothing is owed to it now).
 */
export function unsentCorrections(
  histories: Iterable<readonly StoredRecord[]>,
  logged: ReadonlySet<string> | null,
  finalText: string | null,
  targetOf: (record: StoredRecord) => string,
): UnsentCorrections {
  const found: Array<{ at: number; correction: CommittedCorrection; inLog: boolean; inFinal: boolean }> = [];
  for (const history of histories) {
    const ordered = [...history].sort((a, b) => versionTime(a) - versionTime(b));
    ordered.forEach((version, i) => {
      if (!version.reviewed || i === 0) return;
      const { at, changes } = version.reviewed;
      const inLog = logged === null || logged.has(key(version.id, at));
      const block = finalText === null ? null : correctionBlock({ record: version, changed: changes });
      const inFinal = block === null || `\n${finalText}`.includes(`\nReviewed: ${at} (${changes.join(", ")})\n`);
      if (inLog && inFinal) return;
      const correction = { record: version, changed: changes, correction: rebuiltCorrection(ordered[i - 1]!, version), target: targetOf(version) };
      found.push({ at: versionTime(version), correction, inLog, inFinal });
    });
  }
  found.sort((a, b) => a.at - b.at);
  return { log: found.filter((f) => !f.inLog).map((f) => f.correction), finalOutput: found.filter((f) => !f.inFinal).map((f) => f.correction) };
}

/** `unsentCorrections` over the files as they are now. */
export async function findUnsentCorrections(
  files: { corrections: string; finalOutput: string },
  histories: Iterable<readonly StoredRecord[]>,
  targetOf: (record: StoredRecord) => string,
): Promise<UnsentCorrections> {
  const [logged, finalText] = await Promise.all([loggedCorrections(files.corrections), readText(files.finalOutput)]);
  return unsentCorrections(histories, logged, finalText, targetOf);
}
