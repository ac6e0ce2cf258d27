// Run-time classification: article -> category path, calibrated confidence, alternatives.

import type { Alternative, Classification, EngineInput } from "../engine.js";
import { isCategory, type Category } from "../../pipeline/taxonomy.js";
import { splitTitleFromText, type FeatureDoc } from "./features.js";
import { STOPWORDS, tokenize } from "./tokenize.js";
import { loadModel, predict, type LoadedModel } from "./model.js";

export const MAX_ALTERNATIVES = 3;
/** Alternatives below this probability are not worth showing. */
const MIN_ALTERNATIVE = 0.01;

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** What the classifier reads from an engine input: the headline and the cleaned body. */
export function docFromInput(input: Pick<EngineInput, "article">): FeatureDoc {
  return headlineAndBody(input.article.title, input.article.content);
}

/** Words of a text that can carry meaning (what a headline shares with its story). */
function contentWords(text: string): Set<string> {
  return new Set(tokenize(text).filter((t) => t.length > 2 && !STOPWORDS.has(t) && !t.startsWith("#")));
}

/** How far into the body a real headline's words are looked for. */
const HEADLINE_CHECK_CHARS = 2000;

/**
 * The headline and body the model should read, as training read its texts. The corpus articles have no
 * headline, so the model learnt with the first sentence standing in for it; inputs often arrive the same
 * way: a body that begins with its own title (a scraped page, the first sentence or first N characters
 * copied into `title`), or a title that is only a label ("Article 17", a file name) sharing no word with
 * the story. Those are read like a corpus text; a real headline is kept as it is.
 */
export function headlineAndBody(title: string, content: string): FeatureDoc {
  const head = title.trim();
  const body = content.trim();
  if (!body) return { title: head, body };
  // The title as a prefix of the body, whitespace and case aside.
  const words = head.split(/\s+/).filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const prefix = words.length > 0 ? new RegExp(`^${words.join("\\s+")}`, "i").exec(body) : null;
  if (prefix) {
    const rest = body.slice(prefix[0].length);
    // A whole headline line or sentence stays the headline; a title cut mid-sentence is re-split.
    if (/[.!?:"”’)]$/.test(head) || /^[ \t]*(\n|$)/.test(rest)) return { title: head, body: rest.trim() };
    return splitTitleFromText(body);
  }
  const headWords = contentWords(head);
  const bodyWords = contentWords(body.slice(0, HEADLINE_CHECK_CHARS));
  if ([...headWords].every((w) => !bodyWords.has(w))) return splitTitleFromText(body);
  return { title: head, body };
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
