import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import type { ChatCompletion, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { z } from "zod";
import type { Config } from "../../config/schema.js";
import { toCategory, type Category } from "../../core/taxonomy.js";
import {
  addUsage,
  MAX_ALTERNATIVES,
  ZERO_USAGE,
  type Alternative,
  type Classification,
  type Engine,
  type EngineInput,
  type EngineStep,
  type FactDraft,
  type Usage,
} from "../../core/engine.js";
import { AppError, isAppError } from "../../core/errors.js";
import { createOpenAIClient, redactKey } from "./client.js";
import { findPrice, usageOf, type Price } from "./cost.js";
import { FaithfulnessChecker } from "./faithfulness.js";
import { classifyMessages, factsMessages, MAX_CLASSIFY_TOKENS, MAX_FACTS_TOKENS, retryMessages } from "./prompts.js";
import { backoffMs, DEFAULT_BACKOFF, describeFailure, type BackoffOptions, type Failure } from "./retry.js";
import { CategoryLabel, ClassificationAnswer, FactsAnswer, LegacyClassificationAnswer, LegacyOrCategoryLabel } from "./schemas.js";
import { Semaphore } from "../../core/semaphore.js";

export type OpenAISettings = Config["openai"];

export interface OpenAIEngineOptions {
  settings: OpenAISettings;
  apiKey: string;
  /** Only when set; otherwise the SDK's own OPENAI_BASE_URL / api.openai.com applies. */
  baseURL?: string;
  /** The offline engine, required when `settings.fallback` is "offline". */
  fallback?: Engine;
  /** Backoff tuning (tests use small values). */
  backoff?: Partial<BackoffOptions>;
  random?: () => number;
}

/** Counters for tests, benchmarks and health; they never hold article text or the key. */
interface OpenAIEngineStats {
  /** HTTP requests sent. */
  requests: number;
  /** Completions received and billed. */
  completions: number;
  /** Requests repeated after a 429/5xx/timeout/connection failure. */
  retries: number;
  /** Answers rejected (schema or faithfulness) and asked again. */
  rejectedAnswers: number;
  /** Steps answered by the offline engine instead. */
  fallbacks: number;
}

type Verdict<T> = { ok: true; value: T } | { ok: false; reason: string };
type Outcome<T> = { ok: true; value: T; usage: Usage } | { ok: false; reason: string; usage: Usage };

const TITLE_LIST = /-> (?:Development|Greenlights|Pickups|Dating|Renewals|Cancellations)(?: -> (?:Film|TV))?$/;
const MAX_NOTES = 3;
const SDK_TIMEOUT_MARGIN_MS = 1000;
/** Confidence given to a fine-tuned classifier that answers a bare label instead of JSON. */
const BARE_LABEL_CONFIDENCE = 0.5;

/** Models that only accept the default temperature (reasoning families). */
function fixedTemperature(model: string): boolean {
  const base = model.startsWith("ft:") ? (model.slice(3).split(":")[0] ?? model) : model;
  return /^(o\d|gpt-5)/.test(base);
}

function zodReason(error: z.ZodError): string {
  return error.issues
    .slice(0, 4)
    .map((issue) => `${issue.path.join(".") || "(answer)"}: ${issue.message}`)
    .join("; ");
}

function isCompletion(value: unknown): value is ChatCompletion {
  return typeof value === "object" && value !== null && Array.isArray((value as { choices?: unknown }).choices);
}

/**
 * The OpenAI engine: two structured-output calls per article at most (classify, write facts) over
 * the Chat Completions API, each with its own deadline, retries with backoff that honour
 * retry-after, a concurrency cap across the instance, and a run-wide stop on quota errors.
 * Construction makes no request.
 */
export class OpenAIEngine implements Engine {
  readonly provider = "openai" as const;
  readonly stats: OpenAIEngineStats = { requests: 0, completions: 0, retries: 0, rejectedAnswers: 0, fallbacks: 0 };

  private readonly settings: OpenAISettings;
  private readonly apiKey: string;
  private readonly client: OpenAI;
  private readonly slots: Semaphore;
  private readonly closing = new AbortController();
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private readonly offline: Engine | undefined;
  private readonly prices = new Map<string, Price>();
  private fatal: AppError | null = null;

  private readonly classifyFormat = zodResponseFormat(ClassificationAnswer, "classification", { schemaDefinitions: { category: CategoryLabel } });
  private readonly legacyClassifyFormat = zodResponseFormat(LegacyClassificationAnswer, "classification", {
    schemaDefinitions: { category: LegacyOrCategoryLabel },
  });
  private readonly factsFormat = zodResponseFormat(FactsAnswer, "facts");

  constructor(options: OpenAIEngineOptions) {
    const { settings } = options;
    if (!options.apiKey) throw new Error("the OpenAI engine needs an API key (OPENAI_API_KEY)");
    if (settings.fallback === "offline" && !options.fallback) {
      throw new Error('openai.fallback is "offline" but no offline engine was given to the OpenAI engine');
    }
    for (const model of [this.classifyModelOf(settings), settings.factsModel]) {
      const price = findPrice(settings.prices, model);
      if (!price) {
        throw new Error(
          `openai.prices has no entry for model "${model}": add one (USD per 1M tokens: input, cachedInput, output; 0 for a free local server) so cost can be recorded`,
        );
      }
      this.prices.set(model, price);
    }
    this.settings = settings;
    this.apiKey = options.apiKey;
    this.offline = settings.fallback === "offline" ? options.fallback : undefined;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.random = options.random ?? Math.random;
    this.slots = new Semaphore(settings.concurrency);
    // Every open request and every call backing off listens to the shutdown signal: as many as
    // there are articles in flight, legitimately more than Node's default warning threshold of 10.
    setMaxListeners(0, this.closing.signal);
    this.client = createOpenAIClient({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      timeoutMs: settings.timeoutMs + SDK_TIMEOUT_MARGIN_MS,
    });
  }

  /** Highest number of requests that were open at the same time. */
  get maxConcurrentRequests(): number {
    return this.slots.maxActive;
  }

  private classifyModelOf(settings: OpenAISettings): string {
    return settings.fineTunedClassifier ?? settings.classifyModel;
  }

  async classify(input: EngineInput): Promise<EngineStep<Classification>> {
    this.assertOpen();
    const legacy = this.settings.fineTunedClassifier !== null;
    const model = this.classifyModelOf(this.settings);
    const run = () =>
      this.structured({
        model,
        messages: classifyMessages(input),
        format: legacy ? this.legacyClassifyFormat : this.classifyFormat,
        maxTokens: MAX_CLASSIFY_TOKENS,
        validate: (content) => this.parseClassification(content, legacy),
      });
    return this.withFallback("classify", model, run, () => this.offline!.classify(input));
  }

  async writeFacts(input: EngineInput, classification: Classification): Promise<EngineStep<FactDraft[]>> {
    this.assertOpen();
    const model = this.settings.factsModel;
    const knownNames = [...input.buyers.strong, ...input.buyers.weak, input.article.source];
    if (input.company !== "Unknown") knownNames.push(input.company);
    const checker = new FaithfulnessChecker({ title: input.article.title, content: input.article.content, knownNames });
    const run = () =>
      this.structured({
        model,
        messages: factsMessages(input, classification),
        format: this.factsFormat,
        maxTokens: MAX_FACTS_TOKENS,
        validate: (content) => this.parseFacts(content, checker),
      });
    return this.withFallback("writeFacts", model, run, () => this.offline!.writeFacts(input, classification));
  }

  async close(): Promise<void> {
    if (!this.closing.signal.aborted) this.closing.abort();
    await this.offline?.close?.();
  }

  // --- steps -------------------------------------------------------------------------------

  /**
   * Runs a step; a twice-rejected answer (or, with fallback "offline", an unreachable or refusing
   * OpenAI) goes to the offline engine with a review reason, or throws a `transient` error so the
   * article waits. Quota and key errors always throw `quota_exhausted`.
   */
  private async withFallback<T>(
    step: "classify" | "writeFacts",
    model: string,
    run: () => Promise<Outcome<T>>,
    offline: () => Promise<EngineStep<T>>,
  ): Promise<EngineStep<T>> {
    let outcome: Outcome<T>;
    try {
      outcome = await run();
    } catch (err) {
      const recoverable = isAppError(err, "transient", "engine_rejected");
      if (!recoverable || !this.offline || this.closing.signal.aborted) throw err;
      return this.viaOffline(step, `OpenAI failed (${err.message})`, ZERO_USAGE, offline);
    }
    if (outcome.ok) return { value: outcome.value, model, usage: outcome.usage };
    const reason = `OpenAI ${step} answer rejected twice: ${outcome.reason}`;
    if (!this.offline) throw new AppError("transient", reason);
    return this.viaOffline(step, reason, outcome.usage, offline);
  }

  private async viaOffline<T>(step: string, reason: string, spent: Usage, offline: () => Promise<EngineStep<T>>): Promise<EngineStep<T>> {
    this.stats.fallbacks++;
    const result = await offline();
    const usage = spent.calls > 0 ? addUsage(spent, result.usage) : result.usage;
    return {
      ...result,
      ...(usage ? { usage } : {}),
      review: [...(result.review ?? []), `${step} by the offline engine: ${reason}`],
    };
  }

  /** One structured answer, asked again once with the reason when it fails validation. */
  private async structured<T>(request: {
    model: string;
    messages: ChatCompletionMessageParam[];
    format: ReturnType<typeof zodResponseFormat>;
    maxTokens: number;
    validate: (content: string) => Verdict<T>;
  }): Promise<Outcome<T>> {
    const price = this.prices.get(request.model)!;
    let messages = request.messages;
    let usage: Usage = ZERO_USAGE;
    let reason = "";
    for (let round = 0; round < 2; round++) {
      const completion = await this.request(request.model, messages, request.format, request.maxTokens);
      usage = addUsage(usage, usageOf(completion.usage, price))!;
      const choice = completion.choices[0];
      const content = choice?.message?.content ?? null;
      let verdict: Verdict<T>;
      if (content === null || content.trim() === "") {
        const refusal = choice?.message?.refusal;
        verdict = {
          ok: false,
          reason: refusal
            ? `the model refused: ${refusal}`
            : choice?.finish_reason === "length"
              ? "the answer was cut off at the token limit"
              : "the answer was empty",
        };
      } else {
        verdict = request.validate(content);
      }
      if (verdict.ok) return { ok: true, value: verdict.value, usage };
      reason = verdict.reason;
      if (round === 0) {
        this.stats.rejectedAnswers++;
        messages = retryMessages(messages, content, reason);
      }
    }
    return { ok: false, reason, usage };
  }

  private parseClassification(content: string, legacy: boolean): Verdict<Classification> {
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      // A fine-tuned classifier may answer a bare label.
      const bare = legacy ? toCategory(content.trim().replace(/^"|"$/g, "")) : null;
      if (bare) return { ok: true, value: { category: bare, confidence: BARE_LABEL_CONFIDENCE, alternatives: [] } };
      return { ok: false, reason: "the answer is not valid JSON" };
    }
    const parsed = (legacy ? LegacyClassificationAnswer : ClassificationAnswer).safeParse(json);
    if (!parsed.success) return { ok: false, reason: zodReason(parsed.error) };
    const category = toCategory(parsed.data.category);
    if (!category) return { ok: false, reason: `category "${parsed.data.category}" is not in the taxonomy` };
    const alternatives: Alternative[] = [];
    for (const alt of parsed.data.alternatives) {
      const mapped = toCategory(alt.category);
      if (!mapped || mapped === category || alternatives.some((a) => a.category === mapped)) continue;
      alternatives.push({ category: mapped, confidence: alt.confidence });
    }
    alternatives.sort((a, b) => b.confidence - a.confidence);
    return {
      ok: true,
      value: { category, confidence: parsed.data.confidence, alternatives: alternatives.slice(0, MAX_ALTERNATIVES) },
    };
  }

  private parseFacts(content: string, checker: FaithfulnessChecker): Verdict<FactDraft[]> {
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      return { ok: false, reason: "the answer is not valid JSON" };
    }
    const parsed = FactsAnswer.safeParse(json);
    if (!parsed.success) return { ok: false, reason: zodReason(parsed.error) };
    const problems: string[] = [];
    const facts: FactDraft[] = parsed.data.facts.map((fact, index) => {
      const category = fact.category as Category;
      const line = fact.line.replace(/\s+/g, " ").trim();
      const notes = fact.notes
        .map((n) => n.replace(/\s+/g, " ").trim())
        .filter(Boolean)
        .slice(0, MAX_NOTES);
      const missing = checker.unsupported(line, { titleList: TITLE_LIST.test(category) });
      if (missing.length) problems.push(`fact ${index + 1} line "${line}" names ${missing.map((m) => `"${m}"`).join(", ")}, not in the article`);
      notes.forEach((note, n) => {
        const gone = checker.unsupported(note);
        if (gone.length) problems.push(`fact ${index + 1} note ${n + 1} names ${gone.map((m) => `"${m}"`).join(", ")}, not in the article`);
      });
      return { category, line, notes };
    });
    if (problems.length) return { ok: false, reason: problems.join("; ") };
    return { ok: true, value: facts };
  }

  // --- transport -------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.fatal) throw this.fatal;
    if (this.closing.signal.aborted) throw new AppError("transient", "the OpenAI engine is closed");
  }

  /**
   * One completion, with retries. Each attempt holds a concurrency slot only while its request is
   * open (not while backing off) and has its own deadline covering headers and body alike.
   */
  private async request(
    model: string,
    messages: ChatCompletionMessageParam[],
    format: ReturnType<typeof zodResponseFormat>,
    maxTokens: number,
  ): Promise<ChatCompletion> {
    const body = {
      model,
      messages,
      response_format: format,
      max_completion_tokens: maxTokens,
      ...(fixedTemperature(model) ? {} : { temperature: 0 }),
    };
    for (let attempt = 0; ; attempt++) {
      this.assertOpen();
      const release = await this.slots.acquire();
      let failure: Failure;
      const deadline = AbortSignal.timeout(this.settings.timeoutMs);
      const controller = new AbortController();
      const abort = () => controller.abort();
      deadline.addEventListener("abort", abort, { once: true });
      this.closing.signal.addEventListener("abort", abort, { once: true });
      try {
        this.assertOpen(); // the quota may have run out while this call waited for a slot
        this.stats.requests++;
        const completion: unknown = await this.client.chat.completions.create(body, {
          signal: controller.signal,
          maxRetries: 0,
          // Our deadline (the signal) covers headers and body; the SDK's own timer, which stops
          // at the headers, is only a backstop set a little later so ours is the one that fires.
          timeout: this.settings.timeoutMs + SDK_TIMEOUT_MARGIN_MS,
        });
        if (isCompletion(completion)) {
          this.stats.completions++;
          return completion;
        }
        failure = { kind: "retry", message: "OpenAI sent a response that is not a chat completion" };
      } catch (err) {
        if (isAppError(err, "quota_exhausted", "transient")) throw err;
        failure = describeFailure(err, { deadline, closing: this.closing.signal, timeoutMs: this.settings.timeoutMs });
      } finally {
        deadline.removeEventListener("abort", abort);
        this.closing.signal.removeEventListener("abort", abort);
        release();
      }

      const message = redactKey(failure.message, this.apiKey);
      if (failure.kind === "fatal") {
        this.fatal ??= new AppError("quota_exhausted", message);
        throw this.fatal;
      }
      if (failure.kind === "permanent") throw new AppError("engine_rejected", message);
      if (failure.kind === "closed") throw new AppError("transient", message);
      if (attempt >= this.settings.maxRetries) {
        throw new AppError("transient", `${message} (gave up after ${attempt + 1} attempts)`, { retryAfterMs: failure.retryAfterMs });
      }
      const wait = failure.retryAfterMs ?? backoffMs(attempt, this.backoff, this.random);
      if (wait > this.backoff.maxRetryAfterMs) {
        throw new AppError("transient", `${message} (OpenAI asked to wait ${Math.round(wait / 1000)} s)`, { retryAfterMs: wait });
      }
      this.stats.retries++;
      try {
        await sleep(wait, undefined, { signal: this.closing.signal });
      } catch {
        throw new AppError("transient", "the OpenAI engine was closed while waiting to retry");
      }
    }
  }
}
