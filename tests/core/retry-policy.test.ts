import { describe, expect, it } from "vitest";
import { retryDecision } from "../../src/core/retry-policy.js";

const limits = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

describe("retryDecision", () => {
  it("backs off exponentially from the base, capped, and gives up at maxAttempts", () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDecision({ ...limits, maxAttempts: 10, attempt }))).toEqual([
      { giveUp: false, delayMs: 100, attempt: 1 },
      { giveUp: false, delayMs: 200, attempt: 2 },
      { giveUp: false, delayMs: 400, attempt: 3 },
      { giveUp: false, delayMs: 800, attempt: 4 },
      { giveUp: false, delayMs: 1000, attempt: 5 },
    ]);
    expect(retryDecision({ ...limits, attempt: 4 })).toEqual({ giveUp: true, attempts: 4 });
  });

  it("waits at least what the engine asked for, never more than maxDelayMs", () => {
    expect(retryDecision({ ...limits, attempt: 1, retryAfterMs: 700 })).toMatchObject({ delayMs: 700 });
    expect(retryDecision({ ...limits, attempt: 1, retryAfterMs: 5000 })).toMatchObject({ delayMs: 1000 });
  });

  it("a file still being written uses no attempt and is read again after the stability wait", () => {
    expect(retryDecision({ ...limits, attempt: 1, incomplete: true, incompleteDelayMs: 30 })).toEqual({ giveUp: false, delayMs: 30, attempt: 0 });
    // However often: never given up on for being incomplete.
    expect(retryDecision({ ...limits, attempt: 9, incomplete: true, incompleteDelayMs: 30 })).toEqual({ giveUp: false, delayMs: 30, attempt: 2 });
  });

  it("a record whose final_output block is owed is retried at maxDelayMs without using attempts", () => {
    expect(retryDecision({ ...limits, attempt: 4, countsAsAttempt: false })).toEqual({ giveUp: false, delayMs: 1000, attempt: 2 });
  });

  it("webhook deliveries never give up (no attempt limit)", () => {
    expect(retryDecision({ ...limits, maxAttempts: Infinity, attempt: 50 })).toEqual({ giveUp: false, delayMs: 1000, attempt: 50 });
  });
});
