import { describe, expect, it } from "vitest";
import { AppError } from "../../src/core/errors.js";
import { toHttpError } from "../../src/server/errors.js";

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: something`), { code });
}

describe("toHttpError", () => {
  it("bad input: its status with the fields named", () => {
    expect(toHttpError(new AppError("input_invalid", "invalid article", { fields: [{ field: "url", message: "is required" }] }))).toEqual({
      statusCode: 400,
      body: { error: "invalid article", code: "input_invalid", fields: [{ field: "url", message: "is required" }] },
    });
    expect(toHttpError(new AppError("too_large", "too many")).statusCode).toBe(413);
  });

  it("temporary trouble (disk full, lock timeout): 503 with Retry-After", () => {
    for (const code of ["ENOSPC", "ELOCKED", "EDQUOT"]) {
      const mapped = toHttpError(errno(code));
      expect(mapped.statusCode, code).toBe(503);
      expect(mapped.headers?.["retry-after"], code).toBe("5");
      expect(mapped.body.error, code).toContain(code);
    }
    expect(toHttpError(errno("ENOSPC")).body.code).toBe("disk_full");
    expect(toHttpError(errno("ELOCKED")).body.code).toBe("lock_timeout");
    expect(toHttpError(new AppError("lock_timeout", "busy", { retryAfterMs: 9000 }))).toMatchObject({
      statusCode: 503,
      body: { error: "busy", code: "lock_timeout" },
      headers: { "retry-after": "9" },
    });
  });

  it("fastify's own client errors keep their status with a message that says the fix", () => {
    expect(toHttpError(Object.assign(new Error("too large"), { code: "FST_ERR_CTP_BODY_TOO_LARGE", statusCode: 413 })).statusCode).toBe(413);
    expect(
      toHttpError(Object.assign(new Error("Unsupported Media Type: text/csv"), { code: "FST_ERR_CTP_INVALID_MEDIA_TYPE", statusCode: 415 })).body.error,
    ).toMatch(/text\/csv.*application\/json/);
    expect(toHttpError(Object.assign(new Error("Rate limit exceeded, retry in 1 minute"), { statusCode: 429 }))).toMatchObject({ statusCode: 429 });
  });

  it("anything else: 500 without the stack or message, flagged for the log", () => {
    const mapped = toHttpError(new TypeError("secret internals at /work/x.ts:12"));
    expect(mapped).toEqual({ statusCode: 500, body: { error: "internal error; see the daemon's log", code: "internal" }, unexpected: true });
  });
});
