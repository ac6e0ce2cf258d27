import { APIConnectionError, APIUserAbortError, RateLimitError, InternalServerError, BadRequestError } from "openai";
import { describe, expect, it } from "vitest";
import { findPrice, priceKeys, usageOf } from "../../../src/engines/openai/cost.js";
import { redactKey } from "../../../src/engines/openai/client.js";
import { backoffMs, describeFailure, retryAfterMs } from "../../../src/engines/openai/retry.js";
import { Semaphore } from "../../../src/core/semaphore.js";

describe("retryAfterMs", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("prefers retry-after-ms, then retry-after seconds or date", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "9" }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "2" }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after": "0.5" }), now)).toBe(500);
    expect(retryAfterMs(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:03 GMT" }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({}), now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe("backoffMs", () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 60_000 };
  it("doubles per attempt with up to 25% jitter, capped", () => {
    expect(backoffMs(0, options, () => 0)).toBe(100);
    expect(backoffMs(2, options, () => 0)).toBe(400);
    expect(backoffMs(2, options, () => 1)).toBe(300);
    expect(backoffMs(10, options, () => 0)).toBe(1000);
  });
});

describe("describeFailure", () => {
  const open = () => ({ deadline: new AbortController().signal, closing: new AbortController().signal, timeoutMs: 100 });
  const headers = (h: Record<string, string>) => new Headers(h);
  it("sorts SDK errors", () => {
    expect(
      describeFailure(new RateLimitError(429, { code: "rate_limit_exceeded", message: "slow down" }, undefined, headers({ "retry-after-ms": "40" })), open()),
    ).toMatchObject({ kind: "retry", retryAfterMs: 40 });
    expect(
      describeFailure(new RateLimitError(429, { code: "insufficient_quota", type: "insufficient_quota", message: "quota" }, undefined, headers({})), open()),
    ).toMatchObject({ kind: "fatal" });
    expect(describeFailure(new InternalServerError(503, { message: "busy" }, undefined, headers({})), open())).toMatchObject({ kind: "retry" });
    expect(describeFailure(new BadRequestError(400, { message: "too long", code: "context_length_exceeded" }, undefined, headers({})), open())).toMatchObject({
      kind: "permanent",
    });
    expect(describeFailure(new APIConnectionError({ message: "refused" }), open())).toMatchObject({ kind: "retry" });
    expect(describeFailure(new SyntaxError("Unexpected end of JSON input"), open())).toMatchObject({ kind: "retry" });
  });
  it("tells its own deadline and shutdown apart", () => {
    const deadline = new AbortController();
    deadline.abort();
    expect(describeFailure(new APIUserAbortError(), { ...open(), deadline: deadline.signal })).toMatchObject({
      kind: "retry",
      message: expect.stringMatching(/100 ms deadline/),
    });
    const closing = new AbortController();
    closing.abort();
    expect(describeFailure(new APIUserAbortError(), { ...open(), closing: closing.signal })).toMatchObject({ kind: "closed" });
  });
});

describe("cost", () => {
  const prices = { "gpt-4o-mini": { input: 0.15, cachedInput: 0.075, output: 0.6 }, "gpt-4.1-mini": { input: 0.4, cachedInput: 0.1, output: 1.6 } };
  it("finds a price for dated and fine-tuned ids", () => {
    expect(priceKeys("ft:gpt-4o-mini-2024-07-18:acme::x1")).toEqual(["ft:gpt-4o-mini-2024-07-18:acme::x1", "gpt-4o-mini-2024-07-18", "gpt-4o-mini"]);
    expect(findPrice(prices, "gpt-4.1-mini-2025-04-14")).toBe(prices["gpt-4.1-mini"]);
    expect(findPrice(prices, "llama3")).toBeNull();
  });
  it("bills cached input at the cached rate", () => {
    const usage = usageOf(
      { prompt_tokens: 1_000_000, completion_tokens: 1_000_000, prompt_tokens_details: { cached_tokens: 500_000 } },
      prices["gpt-4.1-mini"],
    );
    expect(usage).toEqual({ input_tokens: 1_000_000, cached_tokens: 500_000, output_tokens: 1_000_000, cost_usd: 0.2 + 0.05 + 1.6, calls: 1 });
    expect(usageOf(undefined, prices["gpt-4.1-mini"])).toMatchObject({ input_tokens: 0, cost_usd: 0, calls: 1 });
  });
});

describe("redactKey", () => {
  it("removes the key and anything like one", () => {
    expect(redactKey("bad key sk-abc123XYZ456 and sk-proj-****wxyz", "sk-abc123XYZ456")).toBe("bad key *** and sk-***");
  });
});

describe("Semaphore", () => {
  it("caps holders and serves waiters in order", async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    const waiting = [3, 4].map((n) => s.acquire().then((release) => (order.push(n), release)));
    expect(s.waiting).toBe(2);
    r1();
    r1(); // idempotent
    const r3 = await waiting[0]!;
    expect(s.inUse).toBe(2);
    r2();
    const r4 = await waiting[1]!;
    r3();
    r4();
    expect(order).toEqual([3, 4]);
    expect(s.inUse).toBe(0);
    expect(s.maxActive).toBe(2);
  });
});
