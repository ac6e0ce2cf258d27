// The one error model: every failure the product names has a code; the table below is the only
// place that says what a code means for an HTTP answer and for the inbox file it happened to.

/** One field-level problem, phrased for the person who wrote the file or the request. */
export interface FieldError {
  field: string;
  message: string;
}

/** What becomes of an inbox file whose processing failed with the error. */
type InboxOutcome =
  /** Moved to failed/ at once: it will never succeed as it is. */
  | "failed"
  /** Claimed again after a backoff. */
  | "retry"
  /** Left waiting in the inbox until the engine's quota is back. */
  | "quota";

interface CodeRule {
  /** The HTTP status a request failing with this code is answered with. */
  status: number;
  inbox: InboxOutcome;
}

export const ERROR_CODES = {
  /** A file or request that is not what it should be (bad JSON, a missing field, a symlink...). */
  input_invalid: { status: 400, inbox: "failed" },
  /** A file still being written (empty, or JSON cut short while young). */
  input_incomplete: { status: 400, inbox: "retry" },
  /** Well-formed, but asks for something that cannot be done (a correction naming no buyer...). */
  input_unprocessable: { status: 422, inbox: "failed" },
  too_large: { status: 413, inbox: "failed" },
  unsupported_media_type: { status: 415, inbox: "failed" },
  not_found: { status: 404, inbox: "failed" },
  /** The thing changed after the client read it. */
  conflict: { status: 409, inbox: "failed" },
  unauthorized: { status: 401, inbox: "failed" },
  forbidden: { status: 403, inbox: "failed" },
  /** A request for a host name this server does not serve (DNS rebinding): 421 Misdirected Request. */
  misdirected: { status: 421, inbox: "failed" },
  rate_limited: { status: 429, inbox: "retry" },
  /** Timeouts, 5xx, a closed engine: worth trying again later. */
  transient: { status: 503, inbox: "retry" },
  lock_timeout: { status: 503, inbox: "retry" },
  disk_full: { status: 503, inbox: "retry" },
  /** The provider will not answer for the rest of the run (OpenAI `insufficient_quota`, a bad key). */
  quota_exhausted: { status: 503, inbox: "quota" },
  /** The engine refused the article for good (e.g. OpenAI answered 400). */
  engine_rejected: { status: 502, inbox: "failed" },
  config_invalid: { status: 500, inbox: "failed" },
  /** A link the intake will not or could not fetch (private host, too big, not a page). */
  fetch_refused: { status: 422, inbox: "failed" },
  /** A file that kept failing with retryable errors until retry.maxAttempts. */
  retries_exhausted: { status: 503, inbox: "failed" },
  /** Anything not foreseen: a bug or an unknown failure; the inbox tries again. */
  internal: { status: 500, inbox: "retry" },
} as const satisfies Record<string, CodeRule>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Seconds a client is asked to wait (Retry-After) when an error names no time of its own. */
export const DEFAULT_RETRY_AFTER_MS = 5000;

interface AppErrorOptions<Context> {
  fields?: FieldError[];
  /** How long to wait before trying again, when the failure said so (an HTTP retry-after). */
  retryAfterMs?: number;
  /** What a caller may need to act on the error (e.g. the current record of a conflict). */
  context?: Context;
  cause?: unknown;
}

export class AppError<Context = undefined> extends Error {
  readonly fields: FieldError[];
  readonly retryAfterMs?: number;
  readonly context?: Context;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions<Context> = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.fields = options.fields ?? [];
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.context !== undefined) this.context = options.context;
  }

  /** Whether the same work may succeed later without anyone changing the input. */
  get retryable(): boolean {
    return ERROR_CODES[this.code].inbox !== "failed";
  }
}

/**
 * Codes that end in failed/ yet may pass when the same file is simply tried again later, so
 * `news-coverage retry` moves them back by default: gave up after transient trouble, a link that
 * could not be fetched (offline, a server down), a configuration since mended.
 */
const FAILED_BUT_WORTH_RETRYING: ReadonlySet<string> = new Set<ErrorCode>(["retries_exhausted", "fetch_refused", "config_invalid"]);

/**
 * Whether moving a failed input back into the inbox, unchanged, may give another outcome: the
 * retryable codes, those above, and a code this version does not know (a report from another
 * version, or none). The others (`input_invalid`, `too_large`...) fail again the same way.
 */
export function retryCanHelp(code: unknown): boolean {
  if (typeof code !== "string" || !Object.hasOwn(ERROR_CODES, code)) return true;
  return ERROR_CODES[code as ErrorCode].inbox !== "failed" || FAILED_BUT_WORTH_RETRYING.has(code);
}

export function isAppError(err: unknown, ...codes: ErrorCode[]): err is AppError<unknown> {
  return err instanceof AppError && (codes.length === 0 || codes.includes(err.code));
}

/** The code of any thrown value: uncoded errors are `internal`. */
export function errorCode(err: unknown): ErrorCode {
  return err instanceof AppError ? err.code : "internal";
}

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

export function inboxOutcomeOf(err: unknown): InboxOutcome {
  return ERROR_CODES[errorCode(err)].inbox;
}

/** The message of anything thrown (libraries sometimes throw strings or plain objects). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Lets a promise fail without a trace, for work whose failure loses nothing (best-effort clean-up
 * of a temporary file, closing what is closed anyway). `why` says why losing it is fine; it is
 * there for the reader, and it is what to log if that ever stops being true.
 */
export function ignoreFailure(promise: Promise<unknown>, why: string): Promise<void> {
  void why;
  return promise.then(
    () => undefined,
    () => undefined,
  );
}

/** The tail of a serial queue: the next task waits for `run`, whatever its outcome; the caller gets `run`'s failure from `run` itself. */
export function queueTail(run: Promise<unknown>): Promise<void> {
  return ignoreFailure(run, "the caller of run sees its failure; the queue only waits for it");
}
