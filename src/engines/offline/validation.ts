// Honest validation helpers: near-duplicate grouping (the same story from two outlets must not sit in
// both a training and a test fold) and grouped, label-stratified fold assignment.

import { STOPWORDS, tokenize } from "./tokenize.js";
import { rng, shuffled, type CvFigure } from "./train.js";

/** Unit tf-idf vectors (sublinear tf) of each text's content words. */
function unitVectors(texts: readonly string[]): Array<Map<string, number>> {
  const counts = texts.map((text) => {
    const m = new Map<string, number>();
    for (const t of tokenize(text)) if (t.length > 2 && !STOPWORDS.has(t)) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  });
  const df = new Map<string, number>();
  for (const m of counts) for (const k of m.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  return counts.map((m) => {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [k, c] of m) {
      const x = (1 + Math.log(c)) * Math.log((texts.length + 1) / df.get(k)!);
      v.set(k, x);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [k, x] of v) v.set(k, x / norm);
    return v;
  });
}

function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [k, x] of small) s += x * (large.get(k) ?? 0);
  return s;
}

/**
 * Group id per text: texts whose tf-idf cosine is at least `threshold` are one story (the same
 * story retold by two outlets, or a press release and its write-up), transitively (union-find).
 * On articles-train.jsonl the closest pair of different stories is at 0.28; a press release and
 * its write-up at 0.34.
 */
export function nearDuplicateGroups(texts: readonly string[], threshold = 0.3): number[] {
  const vectors = unitVectors(texts);
  const parent = texts.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) if (cosine(vectors[i]!, vectors[j]!) >= threshold) parent[find(j)] = find(i);
  }
  return texts.map((_, i) => find(i));
}

/**
 * Folds that keep each group whole, stratified by label as far as groups allow: groups are ordered
 * by their first member's label (seeded shuffle within a label) and dealt round-robin.
 */
export function assignGroupedFolds(items: ReadonlyArray<{ label: string }>, groups: readonly number[], k: number, seed: number): number[] {
  const members = new Map<number, number[]>();
  groups.forEach((g, i) => members.set(g, [...(members.get(g) ?? []), i]));
  const ids = shuffled([...members.keys()], rng(seed)).sort((a, b) => {
    const la = items[members.get(a)![0]!]!.label;
    const lb = items[members.get(b)![0]!]!.label;
    return la < lb ? -1 : la > lb ? 1 : 0;
  });
  const folds = new Array<number>(items.length).fill(0);
  ids.forEach((g, n) => {
    for (const i of members.get(g)!) folds[i] = n % k;
  });
  return folds;
}

/**
 * For each article, the report entries that tell its own story (the report line was written from
 * it): an entry with at least `minWords` content words, `containment` of whose idf mass occurs in
 * the article. Such entries must leave training when their article is tested, or CV is inflated.
 */
export function storyEntries(articleTexts: readonly string[], entryTexts: readonly string[], containment = 0.8, minWords = 8): number[][] {
  const bags = [...articleTexts, ...entryTexts].map((text) => {
    const words = new Set<string>();
    for (const t of tokenize(text)) if (t.length > 2 && !STOPWORDS.has(t) && !t.startsWith("#")) words.add(t);
    return words;
  });
  const df = new Map<string, number>();
  for (const b of bags) for (const w of b) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (w: string) => Math.log(bags.length / df.get(w)!);
  return articleTexts.map((_, i) => {
    const article = bags[i]!;
    const out: number[] = [];
    entryTexts.forEach((_, j) => {
      const entry = bags[articleTexts.length + j]!;
      if (entry.size < minWords) return;
      let total = 0;
      let inside = 0;
      for (const w of entry) {
        const x = idf(w);
        total += x;
        if (article.has(w)) inside += x;
      }
      if (total > 0 && inside / total >= containment) out.push(j);
    });
    return out;
  });
}

/**
 * The second half of the retrain guard: the candidate against the shipped model (models/classifier.json,
 * trained on the base corpus alone), whatever model is installed. The first half (`guardDecision`,
 * learn.ts) compares with the installed model, so retrains that each lose a little less than
 * `learning.maxLoss` could walk the installation far down; this floor stops the walk once the
 * candidate is more than `tolerance` below the shipped model on the base-corpus cross-validation.
 */
export function shippedFloor(shipped: CvFigure, candidate: CvFigure, tolerance: number): { accept: boolean; reason: string } {
  const pts = (x: number) => (x * 100).toFixed(1);
  const lossFull = shipped.full - candidate.full;
  const lossSection = shipped.section - candidate.section;
  const figures = `shipped model full path ${pts(shipped.full)}, section ${pts(shipped.section)}`;
  const eps = 1e-9;
  const worst = lossFull - tolerance > lossSection - tolerance ? { what: "full-path", loss: lossFull } : { what: "section", loss: lossSection };
  if (worst.loss > tolerance + eps) {
    return {
      accept: false,
      reason: `${worst.what} accuracy would be ${pts(worst.loss)} points below the shipped model's (more than ${pts(tolerance)}; learning.maxLossFromShipped): ${figures}`,
    };
  }
  return { accept: true, reason: figures };
}
