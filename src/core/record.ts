import { z } from "zod";
import { CATEGORIES } from "./taxonomy.js";
import { QUARTER_EXAMPLE, QUARTER_PATTERN } from "./quarter.js";

export const SCHEMA_VERSION = 1;

const CategorySchema = z.enum(CATEGORIES);

export const FactSchema = z
  .strictObject({
    fact_id: z.string().min(1).describe("unique within the record: <first 12 hex of id>-<n>"),
    category: CategorySchema.describe("the fact's own category; may differ from the article's"),
    section: z.string().min(1).describe('top-level report section of the category, e.g. "Org"'),
    subheading: z.string().describe('second level of the category, e.g. "Exec Changes", "TV"; empty when none'),
    line: z.string().min(1).describe("the report entry without its date"),
    notes: z.array(z.string()).describe("short follow-on sentences"),
  })
  .describe("one coverage entry");

const UsageSchema = z
  .strictObject({
    input_tokens: z.number().int().nonnegative(),
    cached_tokens: z.number().int().nonnegative(),
    output_tokens: z.number().int().nonnegative(),
    cost_usd: z.number().nonnegative(),
    calls: z.number().int().nonnegative(),
  })
  .describe("model tokens and cost summed over the engine calls for this article (null when the engine reports none)");

const StoryReasonSchema = z
  .strictObject({
    matched: z.string().describe("id of the stored record this one was matched to (the story's first record, or another member)"),
    similarity: z.number().describe("cosine similarity of the two records' headline + lead words, 0 to 1"),
    shared_titles: z.array(z.string()).describe("quoted titles both records name, lower-case"),
    shared_people: z.array(z.string()).describe("people both records name, lower-case"),
    shared_numbers: z.array(z.string()).describe("figures both records give (amounts, counts)"),
    days_apart: z.number().int().nonnegative().describe("days between the two records' published_at"),
    analyst: z
      .enum(["split", "joined"])
      .optional()
      .describe("an analyst decided in the desk: split the record out of the story of `matched` (it starts its own), or joined it to `matched`'s story"),
    example: z.string().optional().describe("id of a record an analyst joined whose pair is like this one: the grouping followed that decision"),
  })
  .describe("why a record joined a story, or an analyst's decision about it (docs/stories.md)");

/** One stored article: a line of data/ingest/<Company>/<YYYY Q#>.jsonl (spec §6). */
export const RecordSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe("sha256 of the canonical URL: the dedupe key"),
    company: z.string().min(1).describe('primary buyer name, or "Unknown"'),
    quarter: z.string().regex(QUARTER_PATTERN).describe(`calendar quarter, e.g. "${QUARTER_EXAMPLE}"`),
    quarter_source: z.enum(["override", "published_at", "url", "arrival"]).describe("where the quarter came from; url and arrival are flagged for review"),
    title: z.string().min(1).describe("cleaned headline"),
    lead: z.string().optional().describe("first ~600 characters of the cleaned body, for review and learning (absent in records written before it existed)"),
    source: z.string().describe("publication, given or derived from the URL host"),
    url: z.string().url().describe("the article URL as given (its canonical form is hashed into id)"),
    published_at: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .describe("the date the coverage line shows"),
    published_datetime: z.string().nullable().describe("publisher's time in UTC when the article gave one"),
    buyers: z
      .strictObject({ strong: z.array(z.string()), weak: z.array(z.string()) })
      .describe("buyers named in title/lead/URL host (strong) or only further down the body (weak), in priority order"),
    category: CategorySchema.describe("the article's primary category"),
    confidence: z.number().min(0).max(1).describe("confidence in the category; 1 for an analyst override"),
    alternatives: z.array(z.strictObject({ category: CategorySchema, confidence: z.number().min(0).max(1) })).describe("next best categories, best first"),
    facts: z.array(FactSchema).min(1).describe("coverage entries, in the engine's order; never empty"),
    markdown: z.string().describe("the Markdown result (Title/Category/Content lines)"),
    provider: z.enum(["offline", "openai"]).describe("engine that produced the record"),
    model: z.string().describe('model id(s), joined by "+" when classify and facts used different ones'),
    usage: UsageSchema.nullable(),
    review: z.array(z.string()).describe("reasons a human should look; empty when none"),
    story_id: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional()
      .describe(
        "the story the record reports (docs/stories.md): its own id when it starts one, else the story's first record's id; absent in records written before stories (their own story)",
      ),
    story_reason: StoryReasonSchema.optional().describe("why the record joined its story; absent when it starts one, unless an analyst split it out"),
    excluded: z.boolean().optional().describe("an analyst excluded the record from reports (review desk); absent means false"),
    highlight: z
      .boolean()
      .optional()
      .describe("an analyst marked the story as a highlight of its quarter (report section 0, besides its own section); absent means false"),
    deleted: z
      .boolean()
      .optional()
      .describe("tombstone: an analyst deleted the record (it leaves every view, report and digest; undo brings it back); absent means false"),
    reviewed: z
      .strictObject({
        at: z.string(),
        changes: z.array(z.string()).describe('what changed, e.g. "category", "buyers"; empty for an accept'),
        by: z.string().optional().describe('who: the analyst\'s desk login, or "API token"; absent in versions written before names existed'),
      })
      .optional()
      .describe("set on a version written by an analyst's correction in the review desk"),
    supersedes: z.boolean().describe("true when written by --force or reprocess: replaces earlier versions in reports"),
    extra: z.record(z.string(), z.unknown()).describe("small unknown fields of the input file, kept as given"),
    input_file: z.string().describe("name of the inbox file the article came from"),
    processed_at: z.string().describe("ISO-8601 time the record was made"),
    stored_at: z
      .string()
      .optional()
      .describe(
        "ISO-8601 time the store appended this version, taken under the target file's lock: orders the versions of an id (absent in records written before it existed)",
      ),
    schema_version: z.literal(SCHEMA_VERSION).describe("version of this record layout"),
  })
  .describe("news-coverage stored record");

export type StoredRecord = z.infer<typeof RecordSchema>;
export type StoredFact = z.infer<typeof FactSchema>;
export type StoredStoryReason = z.infer<typeof StoryReasonSchema>;

/** The story a record reports: its `story_id`, or its own id for a record written before stories. */
export function storyIdOf(record: Pick<StoredRecord, "id" | "story_id">): string {
  return record.story_id ?? record.id;
}

/** Whether a record belongs in `buyer`'s report: its primary company or any strong match. */
export function recordConcernsBuyer(record: StoredRecord, buyer: { name: string; display: string }): boolean {
  const names = new Set([buyer.name.toLowerCase(), buyer.display.toLowerCase()]);
  if (names.has(record.company.toLowerCase())) return true;
  return record.buyers.strong.some((name) => names.has(name.toLowerCase()));
}
