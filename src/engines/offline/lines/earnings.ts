// Earnings: the sentence with the most headline figures, other figures as whole-sentence notes.

import type { FactDraft } from "../../../core/engine.js";
import type { Category } from "../../../core/taxonomy.js";
import { rewriteLine } from "./rewrite.js";
import { wholeNote, type Text } from "./text.js";

/** Headline figures of an earnings story, and the words that name them. */
const FIGURE_TERMS: ReadonlyArray<[string, RegExp]> = [
  ["revenue", /\b(?:revenue|sales)\b/i],
  ["profit", /\b(?:net income|net loss|profit|operating income|adjusted (?:oi|ebitda)|ebitda|earnings per share|per share|loss)\b/i],
  ["subscribers", /\b(?:subscribers|subscriptions|paid memberships|members|subs)\b/i],
  ["guidance", /\b(?:guidance|outlook|forecast|expects|projected)\b/i],
];
const FIGURE_RE = /[$€£]\s?\d|\b\d[\d,.]*\s?(?:%|percent|million|billion|bn|m)\b/i;

/** The figures a sentence states (a term with a number in the same sentence). */
function figuresIn(sentence: string): string[] {
  if (!FIGURE_RE.test(sentence)) return [];
  return FIGURE_TERMS.filter(([, re]) => re.test(sentence)).map(([name]) => name);
}

/**
 * Earnings: the line is the sentence with the most headline figures (revenue, profit, subscribers,
 * guidance) among the first ten, not whatever detail opens the story; other figures follow as notes.
 */
export function earningsFact(text: Text, category: Category): FactDraft | null {
  const ranked = text.sentences
    .slice(0, 10)
    .map((s, i) => ({ s, i, figures: figuresIn(s) }))
    .filter((x) => x.figures.length > 0 && !/^[“"]/.test(x.s) && !/\?$/.test(x.s))
    .sort((a, b) => b.figures.length - a.figures.length || a.i - b.i);
  const best = ranked[0];
  if (!best) return null;
  // The figures are the line: shortened less than a headline line, in the same present tense.
  const line = rewriteLine(best.s, 120, 160);
  const covered = new Set(best.figures);
  const notes: string[] = [];
  for (const other of ranked.slice(1).sort((a, b) => a.i - b.i)) {
    if (notes.length >= 2 || other.figures.every((f) => covered.has(f))) continue;
    const note = wholeNote(other.s);
    if (!note) continue;
    other.figures.forEach((f) => covered.add(f));
    notes.push(note);
  }
  return { category, line, notes };
}
