import { APIError, APIUserAbortError } from "openai";

/** How the engine reacts to one failed request. */
export type Failure =
  /** Worth another try (429, 5xx, 408/409, timeouts, dropped connections, a garbled body). */
  | { kind: "retry"; message: string; retryAfterMs?: number }
  /** OpenAI will not answer for the rest of the run (quota, key, model id): stop calling. */
  | { kind: "fatal"; message: string }
  /** This request will never succeed as sent (e.g. the article is over the context window). */
  | { kind: "permanent"; message: string }
  /** The engine is closing. */
  | { kind: "closed"; message: string };

export interface BackoffOptions {
  /** First backoff without a retry-after hint, doubled per attempt. */
  baseDelayMs: number;
  /** Cap for the computed backoff. */
  maxDelayMs: number;
  /**
   * A server that asks for a longer pause than this is not waited for inside the call: the call
   * fails with a `transient` error carrying the hint, so the daemon re-queues the article instead.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };

/**
 * The server's pause hint: `retry-after-ms` (milliseconds, OpenAI's own) wins over `retry-after`
 * (seconds, or an HTTP date). Undefined when there is none or it is garbled.
 */
export function retryAfterMs(headers: Headers | undefined | null, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") {
    const value = Number(ms.trim());
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get("retry-after");
  if (after !== null && after.trim() !== "") {
    const seconds = Number(after.trim());
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return undefined;
}

/** Exponential backoff with jitter in [75%, 100%] of base * 2^attempt, capped. attempt counts from 0. */
export function backoffMs(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const raw = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round(raw * (1 - random() * 0.25));
}

function apiMessage(err: APIError): string {
  const status = err.status ?? "no status";
  const code = err.code ? ` ${err.code}` : "";
  const detail = err.message.replace(/^\d{3}\s*/, "").trim();
  return `OpenAI answered ${status}${code}${detail ? `: ${detail}` : ""}`;
}

/**
 * Sorts a thrown error into a Failure. `deadline` is this request's own timer, `closing` the
 * engine's shutdown signal; an abort by either shows up from the SDK as a user abort (before the
 * headers) or as an AbortError while the body is read (a stalled body).
 */
export function describeFailure(err: unknown, signals: { deadline: AbortSignal; closing: AbortSignal; timeoutMs: number }): Failure {
  if (signals.closing.aborted) return { kind: "closed", message: "the OpenAI engine was closed while the request was in flight" };
  if (signals.deadline.aborted) {
    return { kind: "retry", message: `OpenAI did not answer within the ${signals.timeoutMs} ms deadline` };
  }
  if (err instanceof APIUserAbortError) return { kind: "retry", message: "the OpenAI request was aborted" };
  if (err instanceof APIError && err.status !== undefined) {
    const status = err.status;
    if (status === 429 && (err.code === "insufficient_quota" || err.type === "insufficient_quota")) {
      return { kind: "fatal", message: `${apiMessage(err)} (quota exhausted: no further OpenAI calls this run; add credit and restart)` };
    }
    if (status === 401 || status === 403) {
      return { kind: "fatal", message: `${apiMessage(err)} (the API key was refused: no further OpenAI calls this run)` };
    }
    if (status === 404) {
      return { kind: "fatal", message: `${apiMessage(err)} (check the model ids in config openai.*Model / fineTunedClassifier)` };
    }
    const header = err.headers?.get?.("x-should-retry");
    if (header === "false") return { kind: "permanent", message: apiMessage(err) };
    if (status === 408 || status === 409 || status === 429 || status >= 500 || header === "true") {
      const hint = retryAfterMs(err.headers);
      return hint === undefined ? { kind: "retry", message: apiMessage(err) } : { kind: "retry", message: apiMessage(err), retryAfterMs: hint };
    }
    // 400/422 and the rest: this request as sent will not succeed (too long, refused input...).
    return { kind: "permanent", message: apiMessage(err) };
  }
  if (err instanceof APIError) {
    // APIConnectionError / APIConnectionTimeoutError: refused, reset, DNS, the SDK's own timer.
    return { kind: "retry", message: `cannot reach OpenAI: ${err.message}` };
  }
  if (err instanceof SyntaxError) return { kind: "retry", message: `OpenAI sent a body that is not JSON: ${err.message}` };
  const e = err as { name?: string; message?: string } | undefined;
  if (e?.name === "AbortError" || e?.name === "TimeoutError") return { kind: "retry", message: "the OpenAI response was cut off" };
  if (e && (e.name === "TypeError" || /terminated|socket|ECONN|EPIPE|other side closed/i.test(String(e.message)))) {
    // undici reports a connection dropped mid-body as "TypeError: terminated".
    return { kind: "retry", message: `the connection to OpenAI failed: ${e.message ?? String(err)}` };
  }
  return { kind: "permanent", message: `unexpected error calling OpenAI: ${e?.message ?? String(err)}` };
}
