/** What went wrong with one run of a file, and the limits of config.retry. */
interface RetryQuestion {
  /** The attempt that just ran (1 for the first run). */
  attempt: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The engine asked to wait at least this long (HTTP Retry-After). */
  retryAfterMs?: number;
  /** The file is still being written: it is read again after `incompleteDelayMs`. */
  incomplete?: boolean;
  /** How long to wait before reading a file still being written again (watch.stabilityMs). */
  incompleteDelayMs?: number;
  /**
   * Whether the run uses up an attempt (default: unless incomplete). A record stored whose
   * final_output block was not is retried without using attempts, at maxDelayMs.
   */
  countsAsAttempt?: boolean;
}

type RetryAnswer =
  /** Stop: the file goes to failed/ after `attempts` attempts. */
  | { giveUp: true; attempts: number }
  /** Run it again in `delayMs`; `attempt` is the count to remember for the next run. */
  | { giveUp: false; delayMs: number; attempt: number };

/** The one backoff rule: exponential from baseDelayMs, capped at maxDelayMs, never below retryAfterMs. Pure. */
export function retryDecision(question: RetryQuestion): RetryAnswer {
  const { maxAttempts, baseDelayMs, maxDelayMs, retryAfterMs, incomplete = false } = question;
  const countsAsAttempt = question.countsAsAttempt ?? !incomplete;
  // A run that does not count leaves the attempt number where it was, and never reaches the limit.
  const attempt = countsAsAttempt ? question.attempt : Math.max(0, Math.min(question.attempt, maxAttempts - 1) - 1);
  if (attempt >= maxAttempts) return { giveUp: true, attempts: attempt };
  const delayMs = incomplete
    ? (question.incompleteDelayMs ?? maxDelayMs)
    : !countsAsAttempt
      ? maxDelayMs
      : Math.min(maxDelayMs, Math.max(retryAfterMs ?? 0, baseDelayMs * 2 ** (attempt - 1)));
  return { giveUp: false, delayMs, attempt };
}
