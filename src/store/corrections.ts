import { z } from "zod";
import { CATEGORIES } from "../pipeline/taxonomy.js";

/**
 * One line of data/corrections.jsonl: what an analyst changed on a record in the review desk
 * (or a record stored with a `category` override). The review desk writes it; the classifier
 * (`news-coverage train`) and the buyer matcher learn from it. Fields absent from `changes`
 * were not changed; "accept" is a correction with empty `changes` and `accepted: true`.
 */
export const CorrectionSchema = z.strictObject({
  at: z.string().describe("ISO-8601 time of the correction"),
  id: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe("record id (sha256 of the canonical URL)"),
  url: z.string(),
  source: z.string().describe("publication, as stored on the record"),
  origin: z.enum(["desk", "override"]).describe("review desk, or a category override in an input file"),
  accepted: z.boolean().describe("the analyst cleared the review flags"),
  /** What the classifier needs to learn without the store: the text it saw. */
  text: z.strictObject({ title: z.string(), lead: z.string().describe("first ~1,500 characters of the body") }),
  changes: z.strictObject({
    category: z.strictObject({ from: z.enum(CATEGORIES), to: z.enum(CATEGORIES) }).optional(),
    buyers: z
      .strictObject({
        from: z.strictObject({ strong: z.array(z.string()), weak: z.array(z.string()) }),
        to: z.strictObject({ strong: z.array(z.string()), weak: z.array(z.string()) }),
      })
      .optional(),
    company: z.strictObject({ from: z.string(), to: z.string() }).optional(),
    quarter: z.strictObject({ from: z.string(), to: z.string() }).optional(),
    published_at: z.strictObject({ from: z.string(), to: z.string() }).optional(),
    facts: z.strictObject({ from: z.array(z.unknown()), to: z.array(z.unknown()) }).optional(),
    excluded: z.strictObject({ from: z.boolean(), to: z.boolean() }).optional(),
  }),
  review: z.array(z.string()).optional().describe("the review reasons the record had before the correction (absent for overrides)"),
});

export type Correction = z.infer<typeof CorrectionSchema>;
