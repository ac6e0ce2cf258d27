import { summarizeRecord, type OutcomeEvent, type RecordSummary } from "../sinks/events.js";
import type { CommitResult } from "../store/store.js";
import type { Disposition } from "./outcomes.js";
import type { FileResult } from "./processor.js";

/**
 * The final outcome of each settled file of a batch (done or failed; retries are not final), for
 * the HTTP API and its live events. `dispositions[i]` belongs to `results[i]` (see settle). Pure.
 */
export function outcomeEvents(
  results: readonly FileResult[],
  items: ReadonlyArray<{ fileIndex: number; index: number }>,
  commits: readonly CommitResult[],
  dispositions: readonly Disposition[],
  at: string,
): OutcomeEvent[] {
  const commitOf = new Map<string, CommitResult>();
  items.forEach((item, i) => commitOf.set(`${item.fileIndex}:${item.index}`, commits[i]!));
  const events: OutcomeEvent[] = [];
  results.forEach((result, fileIndex) => {
    const disposition = dispositions[fileIndex];
    if (!disposition || (disposition.action !== "done" && disposition.action !== "failed")) return;
    const records: RecordSummary[] = [];
    let duplicateOf: string | undefined;
    if (result.kind === "articles") {
      for (const article of result.articles) {
        if (article.kind === "duplicate") duplicateOf ??= article.id;
        if (article.kind !== "record") continue;
        const commit = commitOf.get(`${fileIndex}:${article.index}`);
        if (commit?.status === "duplicate") duplicateOf ??= article.record.id;
        else records.push(summarizeRecord(article.record));
      }
    }
    const base = { type: "outcome" as const, file: result.task.name, at, records, ...(duplicateOf ? { duplicate_of: duplicateOf } : {}) };
    if (disposition.action === "failed") {
      events.push({ ...base, outcome: "failed", reason: disposition.reason, ...(disposition.fieldErrors.length ? { fields: disposition.fieldErrors } : {}) });
    } else {
      events.push({ ...base, outcome: records.length > 0 ? "stored" : "duplicate" });
    }
  });
  return events;
}
