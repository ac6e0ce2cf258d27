// When a feed is polled next, and what a poll's outcome does to its record (pure: `now` is given).
export interface FeedState {
  url: string;
  /** Minutes between polls for this feed; null: feeds.everyMinutes. */
  every_minutes: number | null;
  added_at: string;
  title: string | null;
  etag: string | null;
  last_modified: string | null;
  last_poll_at: string | null;
  /** HTTP status of the last answer (null: no answer, e.g. a timeout or a refusal). */
  last_status: number | null;
  /** Why the last poll failed; null after a good poll. */
  error: string | null;
  /** Failed polls in a row. */
  failures: number;
  paused: boolean;
  /** Set when an analyst paused the feed (`feeds pause`, the desk): who and when. Polls skip it, --all too, until resumed. */
  paused_by?: string | null;
  /** Null: due now. */
  next_poll_at: string | null;
  items: number;
  stored: number;
  screened: number;
  /** Item keys (GUID, else canonical link) already handled, oldest first. */
  seen: string[];
  /** What the last poll that read items skipped and why (no link, private address); absent in older records. */
  note?: string | null;
}

export interface PolicySettings {
  everyMinutes: number;
  maxFailures: number;
}

const MINUTE = 60_000;
const MAX_WAIT_MS = 24 * 60 * MINUTE;

export function newFeedState(url: string, everyMinutes: number | null, now: number): FeedState {
  return {
    url,
    every_minutes: everyMinutes,
    added_at: new Date(now).toISOString(),
    title: null,
    etag: null,
    last_modified: null,
    last_poll_at: null,
    last_status: null,
    error: null,
    failures: 0,
    paused: false,
    next_poll_at: null,
    items: 0,
    stored: 0,
    screened: 0,
    seen: [],
  };
}

export function isDue(state: FeedState, now: number): boolean {
  return !state.paused && (state.next_poll_at === null || Date.parse(state.next_poll_at) <= now);
}

/** A fixed fraction in [0, 1) per URL: feeds of one interval do not all come due at the same moment. */
export function spreadOf(url: string): number {
  let h = 2166136261;
  for (let i = 0; i < url.length; i++) h = Math.imul(h ^ url.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

export interface PollOutcome {
  ok: boolean;
  status: number | null;
  error?: string;
  /** The feed's <ttl> in minutes, Cache-Control max-age and Retry-After in seconds. */
  ttlMinutes?: number | null;
  maxAgeSeconds?: number | null;
  retryAfterSeconds?: number | null;
}

/**
 * The record after a poll. A good poll waits the feed's interval, or longer when the feed's TTL
 * or the server's max-age asks for it (plus up to 10 % spread). A failed one backs off (the
 * interval doubled per failure in a row, at most a day, at least Retry-After); after
 * `maxFailures` in a row the feed is paused with its reason.
 */
export function afterPoll(state: FeedState, outcome: PollOutcome, settings: PolicySettings, now: number): FeedState {
  const every = (state.every_minutes ?? settings.everyMinutes) * MINUTE;
  const spread = Math.round(every * 0.1 * spreadOf(state.url));
  const retryAfter = (outcome.retryAfterSeconds ?? 0) * 1000;
  const next: FeedState = { ...state, last_poll_at: new Date(now).toISOString(), last_status: outcome.status };
  if (outcome.ok) {
    const wait = Math.min(MAX_WAIT_MS, Math.max(every, (outcome.ttlMinutes ?? 0) * MINUTE, (outcome.maxAgeSeconds ?? 0) * 1000, retryAfter));
    return { ...next, error: null, failures: 0, paused: false, next_poll_at: new Date(now + wait + spread).toISOString() };
  }
  const failures = state.failures + 1;
  const backoff = Math.min(MAX_WAIT_MS, Math.max(every * 2 ** (failures - 1), retryAfter));
  const paused = failures >= settings.maxFailures;
  return { ...next, error: outcome.error ?? "the poll failed", failures, paused, next_poll_at: new Date(now + backoff + spread).toISOString() };
}

/** Adds keys to the seen list, keeping the newest `max`. */
export function remember(seen: readonly string[], keys: readonly string[], max: number): string[] {
  const all = [...seen, ...keys];
  return all.length > max ? all.slice(all.length - max) : all;
}
