import type { Article } from "./article.js";
import type { BuyerMatch } from "./buyer-match.js";
import type { Category } from "./taxonomy.js";

/** What an engine sees of an article: cleaned text plus what the pure pipeline already decided. */
export interface EngineInput {
  article: Article;
  buyers: BuyerMatch;
  /** Primary company (buyer name or "Unknown"). */
  company: string;
  /** Display date of the coverage line, YYYY-MM-DD. */
  date: string;
}

export interface Alternative {
  category: Category;
  confidence: number;
}

export interface Classification {
  category: Category;
  /** Calibrated probability-like score in 0..1. */
  confidence: number;
  /** Next best categories, best first, without the chosen one; MAX_ALTERNATIVES at most. */
  alternatives: Alternative[];
}

/** How many next-best categories an engine gives with its choice. */
export const MAX_ALTERNATIVES = 3;

/** A coverage entry without its date: `line` is the report text, `notes` its follow-on sentences. */
export interface FactDraft {
  category: Category;
  line: string;
  notes: string[];
}

export interface Usage {
  input_tokens: number;
  cached_tokens: number;
  output_tokens: number;
  cost_usd: number;
  calls: number;
}

export interface EngineStep<T> {
  value: T;
  /** Model id that produced it ("offline-nb-v1", "gpt-4.1-mini", a fine-tune id...). */
  model: string;
  usage?: Usage;
  /** Reasons for a human to look, e.g. a fallback was used, a close call between two categories. */
  review?: string[];
  /** Remarks that are no doubt about the record (a line writer's fallback to the headline): never review reasons. */
  notes?: string[];
}

/**
 * One engine per provider. The pipeline calls `classify` (skipped when the analyst set a category)
 * then `writeFacts`; at most these two calls per article.
 */
export interface Engine {
  readonly provider: "offline" | "openai";
  classify(input: EngineInput): Promise<EngineStep<Classification>>;
  writeFacts(input: EngineInput, classification: Classification): Promise<EngineStep<FactDraft[]>>;
  close?(): Promise<void>;
}

export const ZERO_USAGE: Usage = { input_tokens: 0, cached_tokens: 0, output_tokens: 0, cost_usd: 0, calls: 0 };

export function addUsage(a: Usage | undefined, b: Usage | undefined): Usage | undefined {
  if (!a) return b;
  if (!b) return a;
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    cached_tokens: a.cached_tokens + b.cached_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    // Rounded to a millionth of a cent: sums of float prices otherwise show noise (0.0038783999999999997).
    cost_usd: Math.round((a.cost_usd + b.cost_usd) * 1e8) / 1e8,
    calls: a.calls + b.calls,
  };
}
