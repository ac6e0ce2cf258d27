import type { Category } from "./taxonomy.js";

export interface Article {
  title: string;
  url: string;
  canonical_url: string;
  content: string;
  source: string;
  /** YYYY-MM-DD as written by the publisher, when given. */
  published_at: string | null;
  /** ISO-8601 in UTC (`...+00:00`), when given. */
  published_datetime: string | null;
  overrides: { category?: Category; company?: string; quarter?: string };
  reprocess: boolean;
  extra: Record<string, unknown>;
  /** What a reviewer should know about the file itself (a misspelt field, an unreadable date alias). */
  intake_notes?: string[];
}
