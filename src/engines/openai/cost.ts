import type { Usage } from "../../core/engine.js";

/** USD per 1M tokens, as in config `openai.prices`. */
export interface Price {
  input: number;
  cachedInput: number;
  output: number;
}

type PriceTable = Readonly<Record<string, Price>>;

/** Token counts as the Chat Completions API reports them (`usage`). */
interface CompletionUsageLike {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
}

/**
 * Candidate price-table keys for a model id, most specific first:
 * `ft:gpt-4o-mini-2024-07-18:acme::abc` -> itself, `gpt-4o-mini-2024-07-18`, `gpt-4o-mini`.
 * A fine-tune is billed at its own (higher) rate by OpenAI: give its id its own entry to be exact.
 */
export function priceKeys(model: string): string[] {
  const keys = [model];
  let base = model;
  if (base.startsWith("ft:")) {
    base = base.slice(3).split(":")[0] ?? base;
    keys.push(base);
  }
  const undated = base.replace(/-\d{4}-\d{2}-\d{2}$/, "");
  if (undated !== base) keys.push(undated);
  return keys;
}

export function findPrice(prices: PriceTable, model: string): Price | null {
  for (const key of priceKeys(model)) {
    const price = prices[key];
    if (price) return price;
  }
  return null;
}

/** Usage of one completion, priced: cached input tokens are billed at the cached rate. */
export function usageOf(raw: CompletionUsageLike | undefined | null, price: Price): Usage {
  const input = Math.max(0, raw?.prompt_tokens ?? 0);
  const cached = Math.min(input, Math.max(0, raw?.prompt_tokens_details?.cached_tokens ?? 0));
  const output = Math.max(0, raw?.completion_tokens ?? 0);
  return {
    input_tokens: input,
    cached_tokens: cached,
    output_tokens: output,
    cost_usd: costUsd({ input, cached, output }, price),
    calls: 1,
  };
}

function costUsd(tokens: { input: number; cached: number; output: number }, price: Price): number {
  const uncached = tokens.input - tokens.cached;
  const micro = uncached * price.input + tokens.cached * price.cachedInput + tokens.output * price.output;
  // micro is USD x 1e6; round to a nano-dollar so sums in traces stay readable.
  return Math.round(micro * 1000) / 1e9;
}
