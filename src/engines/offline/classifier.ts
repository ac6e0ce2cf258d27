// Run-time classification: article -> category path, calibrated confidence, alternatives.

import type { Alternative, Classification, EngineInput } from "../engine.js";
import { isCategory, type Category } from "../../pipeline/taxonomy.js";
import type { FeatureDoc } from "./features.js";
import { loadModel, predict, type LoadedModel } from "./model.js";

export const MAX_ALTERNATIVES = 3;
/** Alternatives below this probability are not worth showing. */
const MIN_ALTERNATIVE = 0.01;

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** What the classifier reads from an engine input: the headline and the cleaned body. */
export function docFromInput(input: Pick<EngineInput, "article">): FeatureDoc {
  return { title: input.article.title, body: input.article.content };
}

export function classifyDoc(doc: FeatureDoc, model: LoadedModel = loadModel()): Classification {
  const ranked = predict(model, doc).filter((r) => isCategory(r.category));
  const best = ranked[0];
  if (!best) return { category: "Strategy & Miscellaneous News -> Misc.", confidence: 0, alternatives: [] };
  const alternatives: Alternative[] = ranked
    .slice(1, 1 + MAX_ALTERNATIVES)
    .filter((r) => r.probability >= MIN_ALTERNATIVE)
    .map((r) => ({ category: r.category as Category, confidence: round(r.probability) }));
  return { category: best.category as Category, confidence: Math.min(1, Math.max(0, round(best.probability))), alternatives };
}
