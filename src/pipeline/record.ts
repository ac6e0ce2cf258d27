import { z } from "zod";
import { CATEGORIES } from "./taxonomy.js";

export const SCHEMA_VERSION = 1;

const CategorySchema = z.enum(CATEGORIES);

export const FactSchema = z.strictObject({
  fact_id: z.string().min(1),
  category: CategorySchema,
  section: z.string().min(1),
  subheading: z.string(),
  line: z.string().min(1),
  notes: z.array(z.string()),
});

export const UsageSchema = z.strictObject({
  input_tokens: z.number().int().nonnegative(),
  cached_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cost_usd: z.number().nonnegative(),
  calls: z.number().int().nonnegative(),
});

/** One stored article: a line of data/ingest/<Company>/<YYYY Q#>.jsonl (spec §6). */
export const RecordSchema = z
  .strictObject({
    id: z.string().regex(/^[0-9a-f]{64}$/).describe("sha256 of the canonical URL: the dedupe key"),
    company: z.string().min(1).describe('primary buyer name, or "Unknown"'),
    quarter: z.string().regex(/^\d{4} Q[1-4]$/),
    quarter_source: z.enum(["override", "published_at", "url", "arrival"]),
    title: z.string().min(1),
    source: z.string(),
    url: z.string().url(),
    published_at: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe("the date the coverage line shows"),
    published_datetime: z.string().nullable().describe("publisher's time in UTC when the article gave one"),
    buyers: z.strictObject({ strong: z.array(z.string()), weak: z.array(z.string()) }),
    category: CategorySchema,
    confidence: z.number().min(0).max(1),
    alternatives: z.array(z.strictObject({ category: CategorySchema, confidence: z.number().min(0).max(1) })),
    facts: z.array(FactSchema).min(1),
    markdown: z.string(),
    provider: z.enum(["offline", "openai"]),
    model: z.string(),
    usage: UsageSchema.nullable(),
    review: z.array(z.string()),
    supersedes: z.boolean().describe("true when written by --force or reprocess: replaces earlier versions in reports"),
    extra: z.record(z.string(), z.unknown()),
    input_file: z.string(),
    processed_at: z.string(),
    schema_version: z.literal(SCHEMA_VERSION),
  })
  .describe("news-coverage stored record");

export type StoredRecord = z.infer<typeof RecordSchema>;
export type StoredFact = z.infer<typeof FactSchema>;
