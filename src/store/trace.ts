import type { Usage } from "../core/engine.js";

export type TraceOutcome = "stored" | "duplicate" | "failed" | "retry" | "dry-run";

/** One audit line per processed input in data/traces/YYYY-MM-DD.jsonl (never holds the API key). */
export interface TraceLine {
  /** ISO time the outcome was reached. */
  time: string;
  /** Input file name as dropped into the inbox (base name). */
  file: string;
  outcome: TraceOutcome;
  /** Position of the article inside a JSON array file, when the file held several. */
  index?: number;
  record_id?: string;
  company?: string;
  quarter?: string;
  category?: string;
  title?: string;
  url?: string;
  /** Why it failed or will be retried, in plain words. */
  reason?: string;
  attempts: number;
  duration_ms: number;
  steps: Array<{ name: string; ms: number }>;
  provider?: string;
  model?: string;
  usage?: Usage | null;
  review?: string[];
}
