import { errorMessage, isAppError, type ErrorCode, type FieldError } from "../core/errors.js";
import type { StoreItem, CommitResult } from "../store/store.js";
import type { TraceLine } from "../store/trace.js";
import type { FileResult, InputTask } from "./processor.js";

export type Disposition =
  | { action: "done"; task: InputTask; stored: number; duplicates: number }
  | { action: "failed"; task: InputTask; reason: string; code: ErrorCode; fieldErrors: FieldError[]; stored: number; duplicates: number }
  | { action: "retry"; task: InputTask; reason: string; retryAfterMs?: number; incomplete?: boolean }
  | { action: "quota"; task: InputTask; reason: string };

export interface Settled {
  dispositions: Disposition[];
  traces: TraceLine[];
  /** One readable summary per file, for the info log. */
  summaries: Array<{ task: InputTask; text: string }>;
}

/** The records a batch wants stored, in order, each tagged with its file. */
export function storeItems(results: readonly FileResult[]): Array<StoreItem & { fileIndex: number; index: number }> {
  const items: Array<StoreItem & { fileIndex: number; index: number }> = [];
  results.forEach((result, fileIndex) => {
    if (result.kind !== "articles") return;
    for (const article of result.articles) {
      if (article.kind === "record")
        items.push({ record: article.record, recovered: result.task.recovered, body: article.body, fileIndex, index: article.index });
    }
  });
  return items;
}

function describeInvalid(errors: FieldError[], invalidCount: number, total: number, unit: "article" | "link"): string {
  const first = errors
    .slice(0, 3)
    .map((e) => `${e.field}: ${e.message}`)
    .join("; ");
  const more = errors.length > 3 ? ` (+${errors.length - 3} more)` : "";
  const what = unit === "link" ? "links failed" : "articles invalid";
  return total > 1 ? `${invalidCount} of ${total} ${what}: ${first}${more}` : `${first}${more}`;
}

/**
 * Decides what happens to each file of a batch once the store has answered: done, failed (with
 * the field errors), retry later or wait for quota. Pure: the caller performs the moves.
 */
export function settle(
  results: readonly FileResult[],
  items: ReadonlyArray<{ fileIndex: number; index: number }>,
  commits: readonly CommitResult[],
  nowIso: string,
  durationMs: (task: InputTask) => number,
  /** Buyer name -> the display name the store folders and reports use (one name per buyer in logs too). */
  displayName: (buyer: string) => string = (buyer) => buyer,
): Settled {
  const commitByArticle = new Map<string, CommitResult>();
  items.forEach((item, i) => commitByArticle.set(`${item.fileIndex}:${item.index}`, commits[i]!));
  const dispositions: Disposition[] = [];
  const traces: TraceLine[] = [];
  const summaries: Settled["summaries"] = [];

  results.forEach((result, fileIndex) => {
    const { task } = result;
    const base = { time: nowIso, file: task.name, attempts: task.attempt, duration_ms: durationMs(task), steps: [] as TraceLine["steps"] };
    if (result.kind === "failed") {
      dispositions.push({ action: "failed", task, reason: result.reason, code: result.code, fieldErrors: result.fieldErrors, stored: 0, duplicates: 0 });
      traces.push({ ...base, outcome: "failed", reason: result.reason });
      summaries.push({ task, text: `failed ${task.name}: ${result.reason}` });
      return;
    }
    if (result.kind === "retry" || result.kind === "quota") {
      dispositions.push({ ...result, action: result.kind });
      // A file still being written is only waited for: no attempt, no retry in the digest.
      if (!(result.kind === "retry" && result.incomplete)) traces.push({ ...base, outcome: "retry", reason: result.reason });
      return;
    }
    let stored = 0;
    let duplicates = 0;
    const invalid: FieldError[] = [];
    let invalidCount = 0;
    const parts: string[] = [];
    const many = result.articles.length > 1;
    for (const article of result.articles) {
      const at = many ? { index: article.index } : {};
      if (article.kind === "invalid") {
        invalid.push(...article.errors);
        invalidCount += 1;
        continue;
      }
      if (article.kind === "duplicate") {
        duplicates += 1;
        traces.push({ ...base, ...at, outcome: "duplicate", record_id: article.id, title: article.title, url: article.url });
        parts.push("duplicate");
        continue;
      }
      const record = article.record;
      const commit = commitByArticle.get(`${fileIndex}:${article.index}`);
      const isDuplicate = commit?.status === "duplicate";
      if (isDuplicate) duplicates += 1;
      else stored += 1;
      traces.push({
        ...base,
        ...at,
        outcome: isDuplicate ? "duplicate" : "stored",
        record_id: record.id,
        company: displayName(record.company),
        quarter: record.quarter,
        category: record.category,
        title: record.title,
        url: record.url,
        steps: [
          { name: "read", ms: result.readMs },
          { name: "pipeline", ms: article.ms },
        ],
        provider: record.provider,
        model: record.model,
        usage: record.usage,
        review: record.review,
      });
      parts.push(`${displayName(record.company)}/${record.quarter} [${record.category}]${isDuplicate ? " duplicate" : ""}`);
    }
    if (invalidCount > 0) {
      const reason = describeInvalid(invalid, invalidCount, result.articles.length, result.unit ?? "article");
      dispositions.push({ action: "failed", task, reason, code: "input_invalid", fieldErrors: invalid, stored, duplicates });
      traces.push({ ...base, outcome: "failed", reason });
      summaries.push({ task, text: `failed ${task.name}: ${reason}` });
    } else {
      dispositions.push({ action: "done", task, stored, duplicates });
      summaries.push({ task, text: `processed ${task.name} -> ${parts.join(", ")} ${durationMs(task)} ms` });
    }
  });
  return { dispositions, traces, summaries };
}

/** Whether an error (or one it was caused by) says the disk is full: ENOSPC, EDQUOT, or the `disk_full` code. */
export function isDiskFull(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (isAppError(e, "disk_full")) return true;
    const code = (e as { code?: unknown }).code;
    if (code === "ENOSPC" || code === "EDQUOT") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * What a batch whose store commit failed does (pure): every file runs again. While the cause is a
 * full disk the files wait without using up attempts (they would otherwise all land in failed/
 * after retry.maxAttempts, needing a manual retry once space is freed); so does a file whose record
 * reached the store while its final_output block did not (`owing`). Other causes use attempts.
 */
export function storeFailure(error: unknown): { reason: string; diskFull: boolean; countsAsAttempt: (owing: boolean) => boolean } {
  const diskFull = isDiskFull(error);
  const reason = diskFull
    ? `the disk is full (${errorMessage(error)}): the files wait in .processing/, without using up attempts, until there is room`
    : `store not writable: ${errorMessage(error)}`;
  return { reason, diskFull, countsAsAttempt: (owing) => !diskFull && !owing };
}
