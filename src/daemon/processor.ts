import type { Engine } from "../engines/engine.js";
import { PermanentError, QuotaExhaustedError, TransientError } from "../engines/errors.js";
import { parseArticle, type FieldError } from "../pipeline/article.js";
import type { BuyerDirectory } from "../core/buyers.js";
import type { BuyerMatcher } from "../pipeline/buyers.js";
import { prepare, processArticle } from "../pipeline/process.js";
import type { StoredRecord } from "../pipeline/record.js";
import type { FetchedPage } from "../intake/fetch-page.js";
import { inputFormat, unsupportedReason } from "../intake/formats.js";
import { readLinkFile, readSavedPage, type IntakeItem, type IntakeSettings } from "../intake/read-intake.js";
import { IncompleteInputError, readInputJson, splitArticles } from "./read-input.js";

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
  /** Pages of a link file already fetched (by the daemon's main thread), by link. */
  pages?: FetchedPage[];
}

export type ArticleOutcome =
  | { index: number; kind: "record"; record: StoredRecord; ms: number }
  | { index: number; kind: "duplicate"; id: string; title: string; url: string }
  | { index: number; kind: "invalid"; errors: FieldError[] };

export type FileResult =
  | { kind: "articles"; task: InputTask; articles: ArticleOutcome[]; readMs: number; unit?: "article" | "link" }
  | { kind: "failed"; task: InputTask; reason: string; fieldErrors: FieldError[] }
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

/** The articles a file holds: JSON as written; a saved page or a link file through intake. */
async function readItems(task: InputTask, pages: FetchedPage[] | undefined, deps: ProcessorDeps, nowMs: number): Promise<IntakeItem[]> {
  const options = { maxBytes: deps.maxBytes, youngMs: deps.youngMs, emptyMs: deps.emptyMs, nowMs };
  switch (inputFormat(task.name)) {
    case "json":
      return splitArticles(await readInputJson(task.path, options)).map((value) => ({ value }));
    case "page":
      return readSavedPage(task.path, options);
    case "links":
      return readLinkFile(task.path, task.name, deps.intake, options, pages);
    case "unsupported":
      throw new PermanentError(unsupportedReason(task.name));
  }
}

/** Field errors of an article that came from a link: one error named by the link. */
function linkErrors(link: string, errors: FieldError[]): FieldError[] {
  return [{ field: link, message: errors.map((e) => `${e.field}: ${e.message}`).join("; ") }];
}

export async function processInput(input: InputTask, deps: ProcessorDeps): Promise<FileResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  // Fetched pages (megabytes) are not sent back from the worker with the result.
  const { pages, ...task } = input;
  let items: IntakeItem[];
  try {
    items = await readItems(task, pages, deps, started);
  } catch (err) {
    if (err instanceof PermanentError) return { kind: "failed", task, reason: err.message, fieldErrors: err.fieldErrors };
    if (err instanceof IncompleteInputError) return { kind: "retry", task, reason: err.message, incomplete: true };
    return { kind: "retry", task, reason: `cannot read the file: ${(err as Error).message}` };
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
      articles.push({ index, kind: "record", record, ms: now() - t0 });
    }
  } catch (err) {
    if (err instanceof QuotaExhaustedError) return { kind: "quota", task, reason: err.message };
    if (err instanceof PermanentError) return { kind: "failed", task, reason: err.message, fieldErrors: err.fieldErrors };
    const retryAfterMs = err instanceof TransientError ? err.retryAfterMs : undefined;
    return { kind: "retry", task, reason: (err as Error).message, retryAfterMs };
  }
  return { kind: "articles", task, articles, readMs, unit: inputFormat(task.name) === "links" ? "link" : "article" };
}
