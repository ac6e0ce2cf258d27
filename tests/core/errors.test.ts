import { describe, expect, it } from "vitest";
import { AppError, ERROR_CODES, errorCode, errorMessage, httpStatusOf, ignoreFailure, inboxOutcomeOf, isAppError, queueTail } from "../../src/core/errors.js";

describe("the error model", () => {
  it("gives each code one HTTP status and one fate for an inbox file", () => {
    expect(httpStatusOf("input_invalid")).toBe(400);
    expect(httpStatusOf("conflict")).toBe(409);
    expect(httpStatusOf("lock_timeout")).toBe(503);
    expect(inboxOutcomeOf(new AppError("input_invalid", "bad"))).toBe("failed");
    expect(inboxOutcomeOf(new AppError("transient", "busy"))).toBe("retry");
    expect(inboxOutcomeOf(new AppError("quota_exhausted", "no quota"))).toBe("quota");
    // Anything uncoded is a surprise: the file is tried again rather than given up.
    expect(inboxOutcomeOf(new TypeError("bug"))).toBe("retry");
    for (const [code, rule] of Object.entries(ERROR_CODES)) {
      expect(rule.status, code).toBeGreaterThanOrEqual(400);
      expect(["failed", "retry", "quota"], code).toContain(rule.inbox);
    }
  });

  it("an error carries its code, fields, retry hint and context; retryable follows the table", () => {
    const err = new AppError("conflict", "changed", { fields: [{ field: "base", message: "old" }], context: { id: 7 } });
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: "conflict", message: "changed", fields: [{ field: "base", message: "old" }], context: { id: 7 } });
    expect(err.retryable).toBe(false);
    expect(new AppError("rate_limited", "slow down", { retryAfterMs: 1500 })).toMatchObject({ retryable: true, retryAfterMs: 1500, fields: [] });
    expect(isAppError(err, "conflict")).toBe(true);
    expect(isAppError(err, "not_found", "transient")).toBe(false);
    expect(errorCode(new Error("plain"))).toBe("internal");
  });

  it("errorMessage reads anything thrown", () => {
    expect(errorMessage(new Error("disk on fire"))).toBe("disk on fire");
    expect(errorMessage("a string")).toBe("a string");
    expect(errorMessage(undefined)).toBe("undefined");
  });

  it("ignoreFailure and queueTail settle either way", async () => {
    await expect(ignoreFailure(Promise.reject(new Error("gone")), "test: nothing to lose")).resolves.toBeUndefined();
    await expect(queueTail(Promise.resolve(3))).resolves.toBeUndefined();
    await expect(queueTail(Promise.reject(new Error("x")))).resolves.toBeUndefined();
  });
});
