// Run-time classification: article -> category path, calibrated confidence, alternatives.

import { MAX_ALTERNATIVES, type Alternative, type Classification, type EngineInput } from "../../core/engine.js";
import { isCategory, type Category } from "../../core/taxonomy.js";
import { splitTitleFromText, type FeatureDoc } from "./features.js";
import { normalizeText, splitSentences, STOPWORDS, tokenize } from "./tokenize.js";
import { loadModel, predict, type LoadedModel } from "./model.js";

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
function contentWords(text: string): string[] {
  return tokenize(text).filter((t) => t.length > 2 && !STOPWORDS.has(t) && !t.startsWith("#"));
}

/** How far into the body a real headline's words are looked for. */
const HEADLINE_CHECK_CHARS = 2000;
/** Longer titles are headlines, whatever words they share with the body. */
const LABEL_MAX_WORDS = 3;

/** Where `head` ends at the start of `body`, whitespace runs and case aside; -1 if the body does not start with it. */
function prefixEnd(body: string, head: string): number {
  let i = 0;
  let j = 0;
  const space = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\u00a0";
  while (j < head.length) {
    if (space(head[j])) {
      if (!space(body[i])) return -1;
      while (space(head[j])) j++;
      while (space(body[i])) i++;
      continue;
    }
    if (i >= body.length || body[i]!.toLowerCase() !== head[j]!.toLowerCase()) return -1;
    i++;
    j++;
  }
  return i;
}

/**
 * The headline and body the model should read, as training read its texts. The corpus articles have no
 * headline, so the model learnt with the first sentence standing in for it; inputs often arrive the same
 * way: a body that begins with its own title (a scraped page, the first sentence or first N characters
 * copied into `title`), or a title that is only a short label ("Article 17", a file name) sharing no word
 * with the story. Those are read like a corpus text; a real headline is kept as it is.
 */
export function headlineAndBody(title: string, content: string): FeatureDoc {
  const head = title.trim();
  const body = content.trim();
  if (!body) return { title: head, body };
  const end = head ? prefixEnd(body, head) : -1;
  if (end >= 0) {
    const rest = body.slice(end).trim();
    // A whole headline line or sentence stays the headline; a title cut mid-sentence, or one that is
    // several sentences (the whole text copied into it), is re-split.
    const whole = /[.!?:"”’)]$/.test(head) || /^[ \t]*\n/.test(body.slice(end));
    if (whole && rest && splitSentences(head).length === 1) return { title: head, body: rest };
    return splitTitleFromText(body);
  }
  // A label ("Article 17", a file name) is short and shares no word with the story's start; a short
  // headline of a short story may share none either, so only titles of up to three words are checked.
  if (head.split(/\s+/).length > LABEL_MAX_WORDS) return { title: head, body };
  const start = normalizeText(body.slice(0, HEADLINE_CHECK_CHARS));
  if (contentWords(head).some((w) => start.includes(w))) return { title: head, body };
  return splitTitleFromText(body);
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
