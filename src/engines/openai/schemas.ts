import { z } from "zod";
import { CATEGORIES, LEGACY_LABELS } from "../../pipeline/taxonomy.js";

/**
 * Wire schemas for structured outputs. They become strict JSON Schemas (via openai's
 * `zodResponseFormat`), so the model can only name a category from the taxonomy. Range rules
 * are zod refinements: they are checked on the answer but not sent, because not every model or
 * compatible server accepts `minimum`/`maximum` in a strict schema.
 */

const Confidence = z
  .number()
  .describe("probability in 0..1 that this category is right")
  .refine((v) => v >= 0 && v <= 1, "confidence must be a number in 0..1");

function classificationSchema<const L extends readonly [string, ...string[]]>(labels: L) {
  const label = z.enum(labels);
  return z.object({
    category: label.describe("the one primary category: an exact path from the taxonomy"),
    confidence: Confidence,
    alternatives: z
      .array(z.object({ category: label, confidence: Confidence }))
      .describe("up to 3 next best categories, best first, without the chosen one"),
  });
}

/** Classify answer for the general models: canonical taxonomy paths only. */
export const ClassificationAnswer = classificationSchema(CATEGORIES);
export type ClassificationAnswer = z.infer<typeof ClassificationAnswer>;

/**
 * Classify answer for a fine-tuned classifier that was trained on the legacy labels: it may answer
 * either spelling; `toCategory` maps legacy labels to canonical paths afterwards.
 */
export const LEGACY_AND_CANONICAL = [...CATEGORIES, ...Object.keys(LEGACY_LABELS)] as unknown as readonly [string, ...string[]];
export const LegacyClassificationAnswer = classificationSchema(LEGACY_AND_CANONICAL);
export type LegacyClassificationAnswer = z.infer<typeof LegacyClassificationAnswer>;

export const FactAnswer = z.object({
  category: z.enum(CATEGORIES).describe("this fact's category path from the taxonomy (may differ from the article's)"),
  line: z.string().describe("the report line without a date, in the format for its kind"),
  notes: z.array(z.string()).describe("at most 3 short follow-on sentences; often none"),
});

export const FactsAnswer = z.object({
  facts: z
    .array(FactAnswer)
    .describe("one or more facts, most important first")
    .refine((facts) => facts.length > 0, "facts must hold at least one fact")
    .refine((facts) => facts.every((f) => f.line.trim() !== ""), "every fact needs a non-empty line"),
});
export type FactsAnswer = z.infer<typeof FactsAnswer>;
