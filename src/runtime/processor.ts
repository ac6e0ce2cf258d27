import type { Engine } from "../core/engine.js";
import { errorCode, type ErrorCode, errorMessage, inboxOutcomeOf, isAppError } from "../core/errors.js";
import { parseArticle } from "../pipeline/article.js";
import { type FieldError } from "../core/errors.js";
import type { BuyerDirectory } from "../core/buyers.js";
import type { BuyerMatcher } from "../pipeline/buyers.js";
import { prepare, processArticle } from "../pipeline/process.js";
import type { StoredRecord } from "../core/record.js";
import type { IntakeItem, IntakeSettings } from "../core/format.js";
import { formatOf, readInput } from "../intake/registry.js";

/** One claimed input file to process. */
export interface InputTask {
  /** Where the file is now (inside .processing/, or the user's path for the CLI). */
  path: string;
  /** The name it had in the inbox. */
  name: string;
  arrivalMs: number;
  attempt: number;
  force?: boolean;
  recovered?: boolean;
  /** What the format's prefetch produced on the daemon's main thread (a link file's pages). */
  prefetched?: unknown;
}

export type ArticleOutcome =
  | { index: number; kind: "record"; record: StoredRecord; ms: number; body?: string }
  | { index: number; kind: "duplicate"; id: string; title: string; url: string }
  | { index: number; kind: "invalid"; errors: FieldError[] };

export type FileResult =
  | { kind: "articles"; task: InputTask; articles: ArticleOutcome[]; readMs: number; unit?: "article" | "link" }
  | { kind: "failed"; task: InputTask; reason: string; code: ErrorCode; fieldErrors: FieldError[] }
  | { kind: "retry"; task: InputTask; reason: string; retryAfterMs?: number; incomplete?: boolean }
  | { kind: "quota"; task: InputTask; reason: string };

export interface ProcessorDeps {
  engine: Engine;
  matcher: BuyerMatcher;
  buyers: BuyerDirectory;
  maxBytes: number;
  youngMs: number;
  /** An empty file is judged only once it stayed empty this long (input.emptyFileMs). */
  emptyMs: number;
  confidenceFloor: number;
  intake: IntakeSettings;
  /** Known record ids: a duplicate is answered without calling the engine. */
  isKnown?: (id: string) => boolean;
  now?: () => number;
}

function prefixErrors(errors: FieldError[], index: number, many: boolean): FieldError[] {
  return many ? errors.map((e) => ({ field: `[${index}].${e.field}`, message: e.message })) : errors;
}

/** Field errors of an article that came from a link: one error named by the link. */
function linkErrors(link: string, errors: FieldError[]): FieldError[] {
  return [{ field: link, message: errors.map((e) => `${e.field}: ${e.message}`).join("; ") }];
}

function failedResult(task: InputTask, err: unknown): FileResult {
  return { kind: "failed", task, reason: errorMessage(err), code: errorCode(err), fieldErrors: isAppError(err) ? err.fields : [] };
}

export async function processInput(input: InputTask, deps: ProcessorDeps): Promise<FileResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  // Prefetched pages (megabytes) are not sent back from the worker with the result.
  const { prefetched, ...task } = input;
  let items: IntakeItem[];
  try {
    const limits = { maxBytes: deps.maxBytes, youngMs: deps.youngMs, emptyMs: deps.emptyMs, nowMs: started };
    items = await readInput(task, { limits, intake: deps.intake, prefetched });
  } catch (err) {
    if (inboxOutcomeOf(err) === "failed") return failedResult(task, err);
    if (isAppError(err, "input_incomplete")) return { kind: "retry", task, reason: err.message, incomplete: true };
    return { kind: "retry", task, reason: `cannot read the file: ${errorMessage(err)}` };
  }
  const readMs = now() - started;
  const many = items.length > 1;
  const articles: ArticleOutcome[] = [];
  try {
    for (const [index, item] of items.entries()) {
      if ("failure" in item) {
        articles.push({ index, kind: "invalid", errors: [{ field: item.link, message: item.failure }] });
        continue;
      }
      const parsed = parseArticle(item.value, deps.buyers.resolveCompany);
      if (!parsed.ok) {
        const errors = item.link ? linkErrors(item.link, parsed.errors) : prefixErrors(parsed.errors, index, many);
        articles.push({ index, kind: "invalid", errors });
        continue;
      }
      const article = parsed.article;
      const force = Boolean(task.force || article.reprocess);
      if (!force && deps.isKnown) {
        const { id } = prepare(article, { matcher: deps.matcher, arrivalMs: task.arrivalMs });
        if (deps.isKnown(id)) {
          articles.push({ index, kind: "duplicate", id, title: article.title, url: article.url });
          continue;
        }
      }
      const t0 = now();
      const record = await processArticle(article, deps.engine, {
        matcher: deps.matcher,
        confidenceFloor: deps.confidenceFloor,
        arrivalMs: task.arrivalMs,
        processedAt: new Date(now()).toISOString(),
        inputFile: task.name,
        force,
      });
      articles.push({ index, kind: "record", record, ms: now() - t0, body: article.content });
    }
  } catch (err) {
    const outcome = inboxOutcomeOf(err);
    if (outcome === "quota") return { kind: "quota", task, reason: errorMessage(err) };
    if (outcome === "failed") return failedResult(task, err);
    const retryAfterMs = isAppError(err) ? err.retryAfterMs : undefined;
    return { kind: "retry", task, reason: errorMessage(err), retryAfterMs };
  }
  return { kind: "articles", task, articles, readMs, unit: formatOf(task.name)?.unit ?? "article" };
}
