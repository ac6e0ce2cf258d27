// Line writer (placeholder until the rule-aided writer lands): the headline as the line.
import type { Classification, EngineInput, FactDraft } from "../engine.js";

export function writeLines(input: EngineInput, classification: Classification): { facts: FactDraft[]; review: string[] } {
  return { facts: [{ category: classification.category, line: input.article.title, notes: [] }], review: [] };
}
