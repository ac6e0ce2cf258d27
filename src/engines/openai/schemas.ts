import { z } from "zod";
import { CATEGORIES, LEGACY_LABELS } from "../../core/taxonomy.js";

/**
 * Wire schemas for structured outputs. They become strict JSON Schemas (via openai's
 * `zodResponseFormat`), so the model can only name a category from the taxonomy. Range rules
 * are zod refinements: they are checked on the answer but not sent, because not every model or
 * compatible server accepts `minimum`/`maximum` in a strict schema.
 */

const Confidence = z
  .number()
  .refine((v) => v >= 0 && v <= 1, "confidence must be a number in 0..1")
  .describe("probability in 0..1 that this category is right");

function classificationSchema<const L extends readonly [string, ...string[]]>(label: z.ZodEnum<{ [K in L[number]]: K }>) {
  return z.object({
    category: label,
    confidence: Confidence,
    alternatives: z.array(z.object({ category: label, confidence: Confidence })).describe("up to 3 next best categories, best first, without the chosen one"),
  });
}

/**
 * The taxonomy as an enum. One instance, so `zodResponseFormat(..., { schemaDefinitions })` can
 * send it once as a definition instead of once per use (it is ~1,000 tokens).
 */
export const CategoryLabel = z.enum(CATEGORIES);
export const LegacyOrCategoryLabel = z.enum([...CATEGORIES, ...Object.keys(LEGACY_LABELS)] as unknown as readonly [string, ...string[]]);

/** Classify answer for the general models: canonical taxonomy paths only. */
export const ClassificationAnswer = classificationSchema(CategoryLabel);
export type ClassificationAnswer = z.infer<typeof ClassificationAnswer>;

/**
 * Classify answer for a fine-tuned classifier that was trained on the legacy labels: it may answer
 * either spelling; `toCategory` maps legacy labels to canonical paths afterwards.
 */
export const LegacyClassificationAnswer = classificationSchema(LegacyOrCategoryLabel);
export type LegacyClassificationAnswer = z.infer<typeof LegacyClassificationAnswer>;

const FactAnswer = z.object({
  category: CategoryLabel,
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
