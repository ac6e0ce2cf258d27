/** A failure worth retrying later (timeouts, 429, 5xx, lock timeouts, disk full). */
export class TransientError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "TransientError";
  }
}

/**
 * The provider will not answer for the rest of the run (e.g. OpenAI `insufficient_quota`): stop
 * calling it and leave the affected inputs waiting in the inbox.
 */
export class QuotaExhaustedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuotaExhaustedError";
  }
}

/** Bad input that will never succeed: the file goes to failed/ at once. */
export class PermanentError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Array<{ field: string; message: string }> = [],
  ) {
    super(message);
    this.name = "PermanentError";
  }
}
