// Nearest training texts: the leaf classes of the k training texts (corpus articles, report entries,
// corrections) most like an article vote, weighted by cosine similarity over word tf-idf. Added to the
// blend's scores, this carries what a linear model averages away: a story told like one the analysts
// already filed. Training keeps each text's strongest words as an inverted index in the model file.

import { addProduct, type PackedWeights } from "./model-text.js";

export interface NeighbourOptions {
  /** How many nearest texts vote. */
  k: number;
  /** Weight of the vote shares (they sum to 1) added to the blend's scores. */
  weight: number;
  /** Words kept per training text (its highest tf-idf weights), renormalised. */
  terms: number;
}

/** The index as stored: per feature, [text, weight, text, weight, ...]; each text's leaf class. */
export interface NeighboursFile {
  k: number;
  weight: number;
  terms: number;
  labels: number[];
  weights: number[][];
}

export interface Neighbours {
  k: number;
  weight: number;
  /** Leaf class index of each training text. */
  labels: Uint16Array;
  /** Per feature, the texts that kept it (in `classOf`) and their weights. */
  postings: PackedWeights;
}

/** Text ids are stored as 16-bit numbers, like class ids. */
export const MAX_NEIGHBOUR_TEXTS = 0xffff;

interface Vec {
  idx: readonly number[];
  val: readonly number[];
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/**
 * The inverted index of the training texts over the word features (`isWord[f]`): each text keeps its
 * `terms` largest values, renormalised to unit length. The last MAX_NEIGHBOUR_TEXTS texts are indexed.
 */
export function buildNeighbours(xs: readonly Vec[], labels: readonly number[], isWord: Uint8Array, opts: NeighbourOptions): NeighboursFile {
  const first = Math.max(0, xs.length - MAX_NEIGHBOUR_TEXTS);
  const postings: number[][] = Array.from({ length: isWord.length }, () => []);
  const kept: number[] = [];
  for (let t = first; t < xs.length; t++) {
    const x = xs[t]!;
    const words: Array<[number, number]> = [];
    for (let i = 0; i < x.idx.length; i++) if (isWord[x.idx[i]!] && x.val[i]! > 0) words.push([x.idx[i]!, x.val[i]!]);
    words.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const top = words.slice(0, opts.terms);
    const norm = Math.sqrt(top.reduce((s, [, v]) => s + v * v, 0)) || 1;
    const text = kept.length;
    kept.push(labels[t]!);
    for (const [f, v] of top) {
      const w = round4(v / norm);
      if (w > 0) postings[f]!.push(text, w);
    }
  }
  return { k: opts.k, weight: opts.weight, terms: opts.terms, labels: kept, weights: postings };
}

/** Similarity scratch per index (a worker thread scores one article at a time). */
const SCRATCH = new WeakMap<Neighbours, Float64Array>();

/**
 * Vote shares of the leaf classes among the k texts most similar to x (dot product with the stored unit
 * vectors; x's own norm scales every similarity alike, so it does not matter). Ties go to the earlier text.
 */
export function neighbourVotes(nb: Neighbours, x: Vec, nClasses: number, k = nb.k): Float64Array {
  const votes = new Float64Array(nClasses);
  const nTexts = nb.labels.length;
  if (k <= 0 || nTexts === 0) return votes;
  let sim = SCRATCH.get(nb);
  if (!sim) SCRATCH.set(nb, (sim = new Float64Array(nTexts)));
  addProduct(nb.postings, x, sim);
  // The k best in text order (a linear scan beats tracking the touched texts), kept sorted by
  // similarity: a later text enters only with a strictly larger similarity.
  const best: number[] = [];
  let floor = 0;
  for (let t = 0; t < nTexts; t++) {
    const s = sim[t]!;
    if (!(s > floor) && !(best.length < k && s > 0)) continue;
    if (best.length === k) best.pop();
    let at = best.length;
    while (at > 0 && sim[best[at - 1]!]! < s) at--;
    best.splice(at, 0, t);
    if (best.length === k) floor = sim[best[k - 1]!]!;
  }
  let total = 0;
  for (const t of best) {
    votes[nb.labels[t]!]! += sim[t]!;
    total += sim[t]!;
  }
  sim.fill(0);
  if (total > 0) for (let c = 0; c < nClasses; c++) votes[c]! /= total;
  return votes;
}
