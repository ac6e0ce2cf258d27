import { describe, expect, it } from "vitest";
import { afterPoll, isDue, newFeedState, remember, spreadOf } from "../../src/feeds/policy.js";
import { maxAgeSeconds, retryAfterSeconds } from "../../src/feeds/fetch-feed.js";

const NOW = Date.parse("2025-06-10T12:00:00Z");
const MIN = 60_000;
const settings = { everyMinutes: 15, maxFailures: 3 };
const url = "https://trade.example/feed.xml";
const waitOf = (state: { next_poll_at: string | null }) => Date.parse(state.next_poll_at!) - NOW;

describe("when a feed is polled next", () => {
  it("a new feed is due at once; a good poll waits its interval plus a fixed spread of at most 10 %", () => {
    const fresh = newFeedState(url, null, NOW);
    expect(isDue(fresh, NOW)).toBe(true);
    const next = afterPoll(fresh, { ok: true, status: 200 }, settings, NOW);
    expect(waitOf(next)).toBe(15 * MIN + Math.round(15 * MIN * 0.1 * spreadOf(url)));
    expect(isDue(next, NOW + 14 * MIN)).toBe(false);
    expect(isDue(next, NOW + 17 * MIN)).toBe(true);
    // Per-feed interval.
    expect(waitOf(afterPoll(newFeedState(url, 60, NOW), { ok: true, status: 200 }, settings, NOW))).toBeGreaterThanOrEqual(60 * MIN);
    // Two feeds of one interval do not share the spread.
    expect(spreadOf(url)).not.toBe(spreadOf("https://trade.example/other.xml"));
  });

  it("honours the feed's TTL, Cache-Control max-age and Retry-After, never beyond a day", () => {
    const base = newFeedState(url, null, NOW);
    const spread = Math.round(15 * MIN * 0.1 * spreadOf(url));
    expect(waitOf(afterPoll(base, { ok: true, status: 200, ttlMinutes: 120 }, settings, NOW))).toBe(120 * MIN + spread);
    expect(waitOf(afterPoll(base, { ok: true, status: 304, maxAgeSeconds: 3600 }, settings, NOW))).toBe(60 * MIN + spread);
    expect(waitOf(afterPoll(base, { ok: true, status: 304, retryAfterSeconds: 1800 }, settings, NOW))).toBe(30 * MIN + spread);
    // A shorter TTL or max-age than the interval does not poll more often.
    expect(waitOf(afterPoll(base, { ok: true, status: 200, ttlMinutes: 1, maxAgeSeconds: 10 }, settings, NOW))).toBe(15 * MIN + spread);
    expect(waitOf(afterPoll(base, { ok: true, status: 200, ttlMinutes: 100_000 }, settings, NOW))).toBe(24 * 60 * MIN + spread);
  });

  it("backs off per failure in a row (at least Retry-After), pauses after maxFailures, and a good poll clears it", () => {
    const spread = Math.round(15 * MIN * 0.1 * spreadOf(url));
    let state = newFeedState(url, null, NOW);
    state = afterPoll(state, { ok: false, status: 500, error: "HTTP 500" }, settings, NOW);
    expect(state).toMatchObject({ failures: 1, paused: false, error: "HTTP 500", last_status: 500 });
    expect(waitOf(state)).toBe(15 * MIN + spread);
    state = afterPoll(state, { ok: false, status: 429, error: "HTTP 429", retryAfterSeconds: 7200 }, settings, NOW);
    expect(waitOf(state)).toBe(120 * MIN + spread);
    state = afterPoll(state, { ok: false, status: null, error: "timeout" }, settings, NOW);
    expect(state).toMatchObject({ failures: 3, paused: true, error: "timeout" });
    expect(isDue(state, NOW + 365 * 24 * 60 * MIN)).toBe(false);
    state = afterPoll(state, { ok: true, status: 200 }, settings, NOW);
    expect(state).toMatchObject({ failures: 0, paused: false, error: null });
  });

  it("keeps the newest seen keys", () => {
    expect(remember(["a", "b"], ["c", "d"], 3)).toEqual(["b", "c", "d"]);
    expect(remember([], ["a"], 3)).toEqual(["a"]);
  });
});

describe("what the server says about coming back", () => {
  it("reads max-age and Retry-After (seconds or a date)", () => {
    expect(maxAgeSeconds("public, max-age=600")).toBe(600);
    expect(maxAgeSeconds('max-age="90", must-revalidate')).toBe(90);
    expect(maxAgeSeconds("no-cache")).toBeNull();
    expect(maxAgeSeconds(null)).toBeNull();
    expect(retryAfterSeconds("120", NOW)).toBe(120);
    expect(retryAfterSeconds("Tue, 10 Jun 2025 13:00:00 GMT", NOW)).toBe(3600);
    expect(retryAfterSeconds("Tue, 10 Jun 2025 11:00:00 GMT", NOW)).toBe(0);
    expect(retryAfterSeconds("soon", NOW)).toBeNull();
  });
});
