import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Classification, Engine, EngineStep, FactDraft } from "../../../src/core/engine.js";
import { AppError } from "../../../src/core/errors.js";
import { OpenAIEngine, type OpenAIEngineOptions } from "../../../src/engines/openai/index.js";
import { CLASSIFY_SYSTEM, FACTS_SYSTEM } from "../../../src/engines/openai/prompts.js";
import {
  chatCompletion,
  formatName,
  lastUserMessage,
  quotaExhausted,
  rateLimited,
  serverError,
  smartResponder,
  startFakeOpenAI,
  type FakeOpenAIServer,
} from "../../helpers/fake-openai-server.js";
import { FAST_BACKOFF, inputFor, LEAVY, nthInput, settings } from "./fixtures.js";

const KEY = "sk-test-0123456789abcdefSECRET";
const EXIT_LINE = "Exit: David Leavy, Chief Corporate Affairs Officer at Warner Bros. Discovery";
const CLASSIFIED: Classification = { category: "Org -> Exec Changes", confidence: 0.9, alternatives: [] };

let server: FakeOpenAIServer;
const engines: Engine[] = [];

beforeEach(async () => {
  server = await startFakeOpenAI();
});
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close?.()));
  await server.close();
});

function engine(options: Partial<OpenAIEngineOptions> = {}): OpenAIEngine {
  const created = new OpenAIEngine({
    settings: settings(),
    apiKey: KEY,
    baseURL: server.baseURL,
    backoff: FAST_BACKOFF,
    random: () => 0,
    ...options,
  });
  engines.push(created);
  return created;
}

/** Stand-in for the offline engine: deterministic, counts its calls. */
class FakeOffline implements Engine {
  readonly provider = "offline" as const;
  calls = 0;
  async classify(): Promise<EngineStep<Classification>> {
    this.calls++;
    return { value: { category: "Strategy & Miscellaneous News -> Misc.", confidence: 0.3, alternatives: [] }, model: "offline-test" };
  }
  async writeFacts(): Promise<EngineStep<FactDraft[]>> {
    this.calls++;
    return { value: [{ category: "Org -> Exec Changes", line: LEAVY.title, notes: [] }], model: "offline-test" };
  }
}

describe("OpenAIEngine: normal run", () => {
  it("classifies and writes facts in two calls with structured outputs, usage and cost", async () => {
    server.script(
      chatCompletion(
        {
          category: "Org -> Exec Changes",
          confidence: 0.93,
          alternatives: [
            { category: "Org -> Org", confidence: 0.05 },
            { category: "Org -> Exec Changes", confidence: 0.9 },
          ],
        },
        { usage: { prompt_tokens: 2000, completion_tokens: 40, cached_tokens: 1536 } },
      ),
      chatCompletion(
        { facts: [{ category: "Org -> Exec Changes", line: EXIT_LINE, notes: ["Leavy leaves at year end after 25 years"] }] },
        { usage: { prompt_tokens: 1800, completion_tokens: 60, cached_tokens: 0 } },
      ),
    );
    const e = engine();
    const input = inputFor();
    const classified = await e.classify(input);
    expect(classified.value).toEqual({
      category: "Org -> Exec Changes",
      confidence: 0.93,
      alternatives: [{ category: "Org -> Org", confidence: 0.05 }],
    });
    expect(classified.model).toBe("gpt-4.1-mini");
    // gpt-4.1-mini: 0.4 input, 0.1 cached, 1.6 output per 1M.
    expect(classified.usage).toMatchObject({ input_tokens: 2000, cached_tokens: 1536, output_tokens: 40, calls: 1 });
    expect(classified.usage!.cost_usd).toBeCloseTo((464 * 0.4 + 1536 * 0.1 + 40 * 1.6) / 1e6, 12);
    const facts = await e.writeFacts(input, classified.value);
    expect(facts.value).toEqual([{ category: "Org -> Exec Changes", line: EXIT_LINE, notes: ["Leavy leaves at year end after 25 years"] }]);
    expect(facts.usage?.cost_usd).toBeCloseTo((1800 * 0.4 + 60 * 1.6) / 1e6, 12);
    expect(server.count).toBe(2);

    const [first, second] = server.requests;
    expect(first!.path).toBe("/v1/chat/completions");
    expect(first!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(formatName(first!)).toBe("classification");
    expect(first!.body.response_format.json_schema.strict).toBe(true);
    expect(formatName(second!)).toBe("facts");
    // Static instructions and taxonomy first, the article last (prompt caching).
    expect(first!.body.messages[0]).toEqual({ role: "system", content: CLASSIFY_SYSTEM });
    expect(second!.body.messages[0]).toEqual({ role: "system", content: FACTS_SYSTEM });
    expect(CLASSIFY_SYSTEM).toContain("Investor Relations -> Quarterly Earnings -> News Coverage");
    expect(lastUserMessage(first!).endsWith(inputFor().article.content)).toBe(true);
    expect(first!.body.temperature).toBe(0);
    expect(first!.body.max_completion_tokens).toBeGreaterThan(0);
  });

  it("sends the same system prefix for every article", async () => {
    const e = engine();
    await e.classify(nthInput(1));
    await e.classify(nthInput(2));
    const [a, b] = server.requests;
    expect(a!.body.messages[0]).toEqual(b!.body.messages[0]);
    expect(JSON.stringify(a!.body.response_format)).toBe(JSON.stringify(b!.body.response_format));
    expect(lastUserMessage(a!)).not.toBe(lastUserMessage(b!));
  });

  it("makes no request at construction, nor before classify/writeFacts is called", async () => {
    const e = engine();
    await new Promise((r) => setTimeout(r, 30));
    expect(server.count).toBe(0);
    expect(e.stats.requests).toBe(0);
    await e.classify(inputFor());
    expect(server.count).toBe(1);
  });

  it("maps a fine-tuned classifier's legacy labels to the taxonomy", async () => {
    const ft = "ft:gpt-4o-mini-2024-07-18:acme::abc123";
    server.script(
      chatCompletion({
        category: "Strategy & Miscellaneous News -> General News & Strategy -> Strategy",
        confidence: 0.7,
        alternatives: [{ category: "Content, Deals & Distribution -> Deals -> General News & Strategy", confidence: 0.2 }],
      }),
      chatCompletion("Investor Relations -> General News & Strategy -> Quarterly Earnings"),
    );
    const e = engine({ settings: settings({ fineTunedClassifier: ft }) });
    const first = await e.classify(inputFor());
    expect(first.model).toBe(ft);
    expect(first.value.category).toBe("Strategy & Miscellaneous News -> Strategy");
    expect(first.value.alternatives).toEqual([{ category: "Content, Deals & Distribution -> Deals", confidence: 0.2 }]);
    expect(server.requests[0]!.body.model).toBe(ft);
    // The legacy labels are allowed by the schema sent to the fine-tune.
    expect(JSON.stringify(server.requests[0]!.body.response_format)).toContain("General News & Strategy -> Strategy");
    // A bare label (no JSON) is mapped too.
    const bare = await e.classify(inputFor());
    expect(bare.value.category).toBe("Investor Relations -> Quarterly Earnings -> News Coverage");
    // The fine-tune's price falls back to its base model's entry.
    expect(first.usage?.cost_usd).toBeGreaterThan(0);
  });

  it("refuses to start without a price for a configured model", () => {
    expect(() => engine({ settings: settings({ factsModel: "llama3" }) })).toThrow(/openai.prices has no entry for model "llama3"/);
  });
});

describe("OpenAIEngine: retries", () => {
  it("honours retry-after-ms on a 429", async () => {
    server.script(rateLimited({ retryAfterMs: 120 }));
    const e = engine();
    const step = await e.classify(inputFor());
    expect(step.value.category).toBeDefined();
    expect(server.count).toBe(2);
    const gap = server.requests[1]!.startedAt - server.requests[0]!.startedAt;
    expect(gap).toBeGreaterThanOrEqual(110);
    expect(e.stats.retries).toBe(1);
  });

  it("honours retry-after in seconds", async () => {
    server.script(rateLimited({ retryAfterSeconds: 0.15 }));
    const e = engine();
    await e.classify(inputFor());
    expect(server.requests[1]!.startedAt - server.requests[0]!.startedAt).toBeGreaterThanOrEqual(140);
  });

  it("retries a 500 and succeeds", async () => {
    server.script(serverError(500));
    const e = engine();
    const step = await e.classify(inputFor());
    expect(step.value.category).toBe("Strategy & Miscellaneous News -> Strategy");
    expect(server.count).toBe(2);
    // Only the billed completion counts as a call.
    expect(step.usage?.calls).toBe(1);
  });

  it("throws a transient error once retries are exhausted on 5xx", async () => {
    server.script(serverError(503), serverError(502), serverError(500));
    const e = engine({ settings: settings({ maxRetries: 2 }) });
    await expect(e.classify(inputFor())).rejects.toMatchObject({ code: "transient" });
    expect(server.count).toBe(3);
  });

  it("passes a long retry-after on to the daemon instead of sleeping on it", async () => {
    server.script(rateLimited({ retryAfterSeconds: 30 }));
    const e = engine();
    const started = Date.now();
    const err = await e.classify(inputFor()).catch((x: unknown) => x);
    expect(err).toMatchObject({ code: "transient" });
    expect((err as AppError).retryAfterMs).toBe(30_000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.count).toBe(1);
  });

  it("gives up on a stalled body at the per-call deadline, then retries", async () => {
    server.script({ ...chatCompletion({ category: "Org -> Org", confidence: 1, alternatives: [] }), stall: "body" });
    const e = engine({ settings: settings({ timeoutMs: 150 }) });
    const started = Date.now();
    const step = await e.classify(inputFor());
    const elapsed = Date.now() - started;
    expect(step.value.category).toBe("Strategy & Miscellaneous News -> Strategy");
    expect(server.count).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1500);
  });

  it("throws a transient error when every attempt stalls", async () => {
    server.script({ ...chatCompletion("{}"), stall: "body" }, { ...chatCompletion("{}"), stall: "headers" });
    const e = engine({ settings: settings({ timeoutMs: 100, maxRetries: 1 }) });
    const started = Date.now();
    const err = await e.classify(inputFor()).catch((x: unknown) => x);
    expect(err).toMatchObject({ code: "transient" });
    expect((err as Error).message).toMatch(/deadline/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("retries a body that is not JSON", async () => {
    server.script({ raw: '{"id": "chatcmpl-1", "choices": [' });
    const e = engine();
    const step = await e.classify(inputFor());
    expect(step.value.category).toBeDefined();
    expect(server.count).toBe(2);
  });
});

describe("OpenAIEngine: quota", () => {
  it("stops all calls for the run on insufficient_quota, with one error", async () => {
    server.script(quotaExhausted());
    const e = engine();
    const err = await e.classify(inputFor()).catch((x: unknown) => x);
    expect(err).toMatchObject({ code: "quota_exhausted" });
    expect((err as Error).message).toMatch(/quota/);
    expect(server.count).toBe(1);
    // Every later call throws at once without a request.
    await expect(e.classify(inputFor())).rejects.toBe(err);
    await expect(e.writeFacts(inputFor(), CLASSIFIED)).rejects.toBe(err);
    expect(server.count).toBe(1);
  });

  it("also stops calls that were queued behind the concurrency cap", async () => {
    server.setDefault(() => ({ ...quotaExhausted(), latencyMs: 20 }));
    const e = engine({ settings: settings({ concurrency: 2 }) });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => e.classify(nthInput(i))));
    expect(results.every((r) => r.status === "rejected" && r.reason instanceof AppError && r.reason.code === "quota_exhausted")).toBe(true);
    expect(server.count).toBeLessThanOrEqual(2);
  });

  it("is not downgraded to offline even with fallback offline", async () => {
    server.script(quotaExhausted());
    const offline = new FakeOffline();
    const e = engine({ settings: settings({ fallback: "offline" }), fallback: offline });
    await expect(e.classify(inputFor())).rejects.toMatchObject({ code: "quota_exhausted" });
    expect(offline.calls).toBe(0);
  });

  it("never puts the API key into an error", async () => {
    server.script({
      status: 401,
      json: {
        error: { message: `Incorrect API key provided: ${KEY}. You can find your API key at ...`, type: "invalid_request_error", code: "invalid_api_key" },
      },
    });
    const e = engine();
    const err = (await e.classify(inputFor()).catch((x: unknown) => x)) as Error;
    expect(err).toMatchObject({ code: "quota_exhausted" });
    expect(err.message).toMatch(/401/);
    expect(err.message).not.toContain(KEY);
    expect(err.message).not.toContain("0123456789abcdef");
    expect(String(err.stack)).not.toContain(KEY);
  });

  it("fails one article permanently on a 400", async () => {
    server.script({
      status: 400,
      json: { error: { message: "maximum context length exceeded", type: "invalid_request_error", code: "context_length_exceeded" } },
    });
    const e = engine();
    await expect(e.classify(inputFor())).rejects.toMatchObject({ code: "engine_rejected" });
    expect(server.count).toBe(1);
  });
});

describe("OpenAIEngine: answers that fail the schema or the article", () => {
  it("asks again once with the reason after a malformed answer", async () => {
    server.script(
      chatCompletion('{"category": "Org -> Exec Changes", "confidence": "high"'),
      chatCompletion({ category: "Org -> Exec Changes", confidence: 0.8, alternatives: [] }),
    );
    const e = engine();
    const step = await e.classify(inputFor());
    expect(step.value.category).toBe("Org -> Exec Changes");
    expect(server.count).toBe(2);
    const retry = server.requests[1]!.body.messages;
    expect(retry.at(-2).role).toBe("assistant");
    expect(retry.at(-1).content).toMatch(/rejected: the answer is not valid JSON/);
    // The rejected answer's tokens are still counted.
    expect(step.usage?.calls).toBe(2);
  });

  it("rejects a category outside the taxonomy and a confidence outside 0..1", async () => {
    server.script(
      chatCompletion({ category: "Content, Deals & Distribution -> Games", confidence: 0.8, alternatives: [] }),
      chatCompletion({ category: "Org -> Org", confidence: 1.7, alternatives: [] }),
    );
    const e = engine();
    const err = (await e.classify(inputFor()).catch((x: unknown) => x)) as Error;
    expect(err).toMatchObject({ code: "transient" });
    expect(err.message).toMatch(/confidence must be a number in 0\.\.1/);
    expect(server.requests[1]!.body.messages.at(-1).content).toMatch(/category/);
  });

  it("rejects a line that names something the article does not contain, then accepts the fix", async () => {
    server.script(
      chatCompletion({
        facts: [
          {
            category: "Org -> Exec Changes",
            line: "Exit: David Leavy, Chief Corporate Affairs Officer at Warner Bros. Discovery after 30 years",
            notes: ["He joins Netflix"],
          },
        ],
      }),
      chatCompletion({ facts: [{ category: "Org -> Exec Changes", line: EXIT_LINE, notes: [] }] }),
    );
    const e = engine();
    const step = await e.writeFacts(inputFor(), CLASSIFIED);
    expect(step.value[0]!.line).toBe(EXIT_LINE);
    const reason = server.requests[1]!.body.messages.at(-1).content as string;
    expect(reason).toContain('"30"');
    expect(reason).toContain('"Netflix"');
  });

  it('waits (a transient error) after two bad answers with fallback "wait"', async () => {
    server.script(chatCompletion("not json"), chatCompletion({ facts: [] }));
    const e = engine();
    const err = (await e.writeFacts(inputFor(), CLASSIFIED).catch((x: unknown) => x)) as Error;
    expect(err).toMatchObject({ code: "transient" });
    expect(err.message).toMatch(/rejected twice.*at least one fact/);
    expect(server.count).toBe(2);
  });

  it('uses the offline engine with a review reason after two bad answers with fallback "offline"', async () => {
    server.script(
      chatCompletion({ facts: [{ category: "Org -> Exec Changes", line: "Exit: John Smith, CFO at Paramount", notes: [] }] }),
      chatCompletion({ facts: [{ category: "Org -> Exec Changes", line: "Exit: John Smith, CFO at Paramount", notes: [] }] }),
    );
    const offline = new FakeOffline();
    const e = engine({ settings: settings({ fallback: "offline" }), fallback: offline });
    const step = await e.writeFacts(inputFor(), CLASSIFIED);
    expect(offline.calls).toBe(1);
    expect(step.model).toBe("offline-test");
    expect(step.value[0]!.line).toBe(LEAVY.title);
    expect(step.review?.[0]).toMatch(/offline engine.*"John".*"Smith"/);
    // The OpenAI tokens spent on the rejected answers are still recorded.
    expect(step.usage?.calls).toBe(2);
  });

  it("does not store a refusal as an answer", async () => {
    server.script(chatCompletion(null, { refusal: "I can't help with that." }), chatCompletion({ category: "Org -> Org", confidence: 0.6, alternatives: [] }));
    const e = engine();
    const step = await e.classify(inputFor());
    expect(step.value.category).toBe("Org -> Org");
    expect(server.requests[1]!.body.messages.at(-1).content).toMatch(/refused/);
  });

  it('falls back to offline when OpenAI stays unreachable and fallback is "offline"', async () => {
    server.script(serverError(500), serverError(500), serverError(500));
    const offline = new FakeOffline();
    const e = engine({ settings: settings({ fallback: "offline", maxRetries: 2 }), fallback: offline });
    const step = await e.classify(inputFor());
    expect(step.model).toBe("offline-test");
    expect(step.review?.[0]).toMatch(/OpenAI failed/);
  });
});

describe("OpenAIEngine: concurrency", () => {
  it("never opens more requests than openai.concurrency, across classify and writeFacts", async () => {
    server.setDefault(smartResponder({ latencyMs: 15 }));
    const e = engine({ settings: settings({ concurrency: 3 }) });
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const input = nthInput(i);
        const c = await e.classify(input);
        await e.writeFacts(input, c.value);
      }),
    );
    expect(server.count).toBe(80);
    expect(server.maxConcurrent).toBe(3);
    expect(e.maxConcurrentRequests).toBe(3);
  });

  it("does not hold a slot while backing off", async () => {
    // The first request is rate limited for 300 ms; with one slot, the second article's request
    // goes out while the first waits, not after its retry.
    server.script(rateLimited({ retryAfterMs: 300 }));
    server.setDefault(smartResponder({ latencyMs: 5 }));
    const e = engine({ settings: settings({ concurrency: 1 }) });
    const slow = e.classify(nthInput(0));
    await server.waitForRequests(1);
    await e.classify(nthInput(1));
    await slow;
    const order = server.requests.map((r) => /Title: .*number (\d+)/.exec(lastUserMessage(r))?.[1]);
    expect(order).toEqual(["0", "1", "0"]);
  });
});

describe("OpenAIEngine: close", () => {
  it("aborts in-flight calls and refuses new ones", async () => {
    server.script({ ...chatCompletion("{}"), stall: "headers" });
    const e = engine({ settings: settings({ timeoutMs: 5000 }) });
    const pending = e.classify(inputFor()).catch((x: unknown) => x);
    await server.waitForRequests(1);
    await e.close();
    expect(await pending).toMatchObject({ code: "transient" });
    await expect(e.classify(inputFor())).rejects.toMatchObject({ code: "transient" });
  });
});
