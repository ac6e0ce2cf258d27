import { readFileSync } from "node:fs";
import type { BuyerConfig, Config } from "../../../src/config/schema.js";
import type { EngineInput } from "../../../src/core/engine.js";
import type { OpenAISettings } from "../../../src/engines/openai/index.js";
import { parseArticle } from "../../../src/pipeline/article.js";
import { createBuyerDirectory } from "../../../src/pipeline/buyer-directory.js";
import { createBuyerMatcher } from "../../../src/pipeline/buyers.js";

const defaults = JSON.parse(readFileSync(new URL("../../../config/default.json", import.meta.url), "utf8")) as {
  buyers: BuyerConfig[];
  openai: Config["openai"];
};

export const matcher = createBuyerMatcher(defaults.buyers);
const directory = createBuyerDirectory(defaults.buyers);

/** Test settings: small deadline, fast backoff is passed separately to the engine. */
export function settings(overrides: Partial<OpenAISettings> = {}): OpenAISettings {
  return { ...defaults.openai, timeoutMs: 2000, maxRetries: 2, concurrency: 4, fallback: "wait", ...overrides };
}

export const FAST_BACKOFF = { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2000 };

export const LEAVY = {
  title: "Longtime Zaslav aide David Leavy leaving WBD",
  source: "Deadline",
  url: "https://deadline.com/2025/12/david-leavy-wbd-exit-zaslav-cnn-1236652941/",
  content:
    "Warner Bros. Discovery Chief Corporate Affairs Officer David Leavy is leaving the company at year end after 25 years, according to a staff memo from CEO David Zaslav. Leavy oversaw communications, public policy and CNN's corporate relations. His duties will be split among the senior team, the memo said.",
  published_at: "2025-12-18",
};

export function inputFor(raw: Record<string, unknown> = LEAVY): EngineInput {
  const parsed = parseArticle(raw, directory.resolveCompany);
  if (!parsed.ok) throw new Error(`bad fixture: ${JSON.stringify(parsed.errors)}`);
  const article = parsed.article;
  const buyers = matcher.match({ title: article.title, content: article.content, url: article.url });
  return { article, buyers, company: buyers.primary, date: article.published_at ?? "2025-12-18" };
}

/** The n-th distinct article (for bursts). */
export function nthInput(n: number): EngineInput {
  return inputFor({
    ...LEAVY,
    url: `https://deadline.com/2025/12/story-${n}/`,
    title: `Sony strikes deal number ${n} with Tubi`,
    content: `Sony Pictures Television strikes deal number ${n} with the AVOD streamer Tubi in the UK.`,
  });
}
