// The n-gram features (namespaces w, h, l): which token n-grams are features, counted two ways. By key
// (addNgrams), for training, which builds the vocabulary from the keys; by token id (countNgrams over a
// vocabulary's NgramTable), at run time, which makes no key strings and skips n-grams the model does not know.

import { asciiMatchEnd, asciiShape, asciiTokenEnd, ASCII_WORD, isAscii, Shape, STOPWORDS, tokenizeNormalized } from "./tokenize.js";

export const NGRAM_NAMESPACES = ["w", "h", "l"] as const;

/** A token is a unigram feature when it is no stopword and longer than one character. */
function isUnigram(token: string, stop: boolean): boolean {
  return !stop && token.length > 1;
}

/** Two tokens are a bigram feature unless both are stopwords. */
function isBigram(firstStop: boolean, secondStop: boolean): boolean {
  return !(firstStop && secondStop);
}

/** Adds the n-gram keys of `tokens` to `out`: each occurrence adds `times`, or sets 1 when `binary`. */
export function addNgrams(out: Map<string, number>, ns: string, tokens: readonly string[], times = 1, binary = false): void {
  // Same keys, in the same order, as `${ns}:${t}` and `${ns}:${t} ${u}`; each token's stopword test is done once.
  const prefix = `${ns}:`;
  const n = tokens.length;
  let t = n > 0 ? tokens[0]! : "";
  let tStop = n > 0 && STOPWORDS.has(t);
  for (let i = 0; i < n; i++) {
    if (isUnigram(t, tStop)) {
      const k = prefix + t;
      out.set(k, binary ? 1 : (out.get(k) ?? 0) + times);
    }
    if (i + 1 < n) {
      const u = tokens[i + 1]!;
      const uStop = STOPWORDS.has(u);
      if (isBigram(tStop, uStop)) {
        const k = `${prefix}${t} ${u}`;
        out.set(k, binary ? 1 : (out.get(k) ?? 0) + times);
      }
      t = u;
      tStop = uStop;
    }
  }
}

/**
 * A map from pairs of token ids (both >= 0) to feature ids (>= 0) in typed arrays: open addressing,
 * linear probing, at most half full. A lookup, mostly of a pair that is no feature, probes a slot or two
 * and allocates nothing (a Map keyed by a x nTokens + b cost a fifth of the feature extraction).
 */
class PairTable {
  private readonly first: Int32Array;
  private readonly second: Int32Array;
  private readonly value: Int32Array;
  private readonly mask: number;

  constructor(size: number) {
    let capacity = 16;
    while (capacity < size * 2) capacity *= 2;
    this.first = new Int32Array(capacity).fill(-1);
    this.second = new Int32Array(capacity);
    this.value = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  private static slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ b;
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
    return h ^ (h >>> 13);
  }

  set(a: number, b: number, value: number): void {
    let k = PairTable.slot(a, b) & this.mask;
    while (this.first[k] !== -1 && !(this.first[k] === a && this.second[k] === b)) k = (k + 1) & this.mask;
    this.first[k] = a;
    this.second[k] = b;
    this.value[k] = value;
  }

  /** The value of (a, b), or -1. */
  get(a: number, b: number): number {
    const first = this.first;
    for (let k = PairTable.slot(a, b) & this.mask; ; k = (k + 1) & this.mask) {
      const f = first[k]!;
      if (f === -1) return -1;
      if (f === a && this.second[k] === b) return this.value[k]!;
    }
  }
}

/** A vocabulary's n-gram features by token id, built once per vocabulary. */
interface NgramTable {
  /** Every token some n-gram feature of the vocabulary is made of. */
  tokens: Map<string, number>;
  nTokens: number;
  /** Per n-gram namespace: the feature id of each token's unigram, or -1. */
  uni: Int32Array[];
  /** Per n-gram namespace: (first token id, second token id) -> feature id. */
  bi: PairTable[];
  /** Scratch per feature id: the count so far in the current document (0: not yet seen). */
  counts: Float64Array;
  /** Open-addressing hash of `tokens` by their characters: slot -> token id + 1 (0: empty). */
  slots: Int32Array;
  tokenText: string[];
  /** Ids of "#year", "#num" and "#ord" (-1 when no feature uses them), by Shape. */
  shapeIds: Int32Array;
}

const NGRAM_TABLES = new WeakMap<ReadonlyMap<string, number>, NgramTable>();

/** The n-gram table of a vocabulary (its feature key -> id map), built once per vocabulary. */
export function ngramTable(vocabIndex: ReadonlyMap<string, number>): NgramTable {
  let table = NGRAM_TABLES.get(vocabIndex);
  if (table) return table;
  // Only keys addNgrams can produce (tokens hold no spaces).
  const tokens = new Map<string, number>();
  const tokenId = (t: string) => {
    let id = tokens.get(t);
    if (id === undefined) tokens.set(t, (id = tokens.size));
    return id;
  };
  // Per entry: namespace index, first token id, second token id (-1: a unigram), feature id.
  const entries: number[] = [];
  let size = 0;
  for (const [key, id] of vocabIndex) {
    if (id + 1 > size) size = id + 1;
    // The namespace is one letter exactly when the first ":" is the second character.
    if (key.charCodeAt(1) !== 58) continue;
    const c = key.charCodeAt(0);
    const nsi = c === 119 ? 0 : c === 104 ? 1 : c === 108 ? 2 : -1; // w h l
    if (nsi < 0) continue;
    const space = key.indexOf(" ", 2);
    if (space < 0) {
      const a = key.slice(2);
      if (a !== "" && isUnigram(a, STOPWORDS.has(a))) entries.push(nsi, tokenId(a), -1, id);
    } else if (key.indexOf(" ", space + 1) < 0) {
      const a = key.slice(2, space);
      const b = key.slice(space + 1);
      if (a !== "" && b !== "" && isBigram(STOPWORDS.has(a), STOPWORDS.has(b))) entries.push(nsi, tokenId(a), tokenId(b), id);
    }
  }
  const nTokens = tokens.size;
  const uni = NGRAM_NAMESPACES.map(() => new Int32Array(nTokens).fill(-1));
  const bigrams = NGRAM_NAMESPACES.map(() => 0);
  for (let e = 0; e < entries.length; e += 4) if (entries[e + 2]! >= 0) bigrams[entries[e]!]!++;
  const bi = bigrams.map((n) => new PairTable(n));
  for (let e = 0; e < entries.length; e += 4) {
    const nsi = entries[e]!;
    const a = entries[e + 1]!;
    const b = entries[e + 2]!;
    if (b < 0) uni[nsi]![a] = entries[e + 3]!;
    else bi[nsi]!.set(a, b, entries[e + 3]!);
  }
  const tokenText = [...tokens.keys()];
  let capacity = 16;
  while (capacity < nTokens * 4) capacity *= 2;
  const slots = new Int32Array(capacity);
  for (let id = 0; id < nTokens; id++) {
    const t = tokenText[id]!;
    let k = hashChars(t, 0, t.length) & (capacity - 1);
    while (slots[k] !== 0) k = (k + 1) & (capacity - 1);
    slots[k] = id + 1;
  }
  const shapeIds = Int32Array.from([-1, tokens.get("#year") ?? -1, tokens.get("#num") ?? -1, tokens.get("#ord") ?? -1]);
  table = { tokens, nTokens, uni, bi, counts: new Float64Array(size), slots, tokenText, shapeIds };
  NGRAM_TABLES.set(vocabIndex, table);
  return table;
}

/** FNV-1a over the UTF-16 code units of t[s, e). */
function hashChars(t: string, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ t.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Id of the token t[s, e) in the table, or -1. */
function lookupChars(table: NgramTable, t: string, s: number, e: number): number {
  const slots = table.slots;
  const mask = slots.length - 1;
  const len = e - s;
  for (let k = hashChars(t, s, e) & mask; ; k = (k + 1) & mask) {
    const id = slots[k]! - 1;
    if (id < 0) return -1;
    const cand = table.tokenText[id]!;
    if (cand.length !== len) continue;
    let i = 0;
    while (i < len && cand.charCodeAt(i) === t.charCodeAt(s + i)) i++;
    if (i === len) return id;
  }
}

/** `tokenIds(tokenizeNormalized(norm))` without making the token strings. */
export function normTokenIds(norm: string, table: NgramTable): Int32Array {
  if (!isAscii(norm)) return tokenIds(tokenizeNormalized(norm), table);
  const n = norm.length;
  const ids = new Int32Array((n >> 1) + 1);
  let count = 0;
  let i = 0;
  while (i < n) {
    if (ASCII_WORD[norm.charCodeAt(i)] !== 1) {
      i++;
      continue;
    }
    const s = i;
    i = asciiMatchEnd(norm, s);
    const e = asciiTokenEnd(norm, s, i);
    if (e === s) continue;
    const shape = asciiShape(norm, s, e);
    ids[count++] = shape === Shape.Word ? lookupChars(table, norm, s, e) : table.shapeIds[shape]!;
  }
  return ids.subarray(0, count);
}

function tokenIds(tokens: readonly string[], table: NgramTable): Int32Array {
  const ids = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) ids[i] = table.tokens.get(tokens[i]!) ?? -1;
  return ids;
}

/** addNgrams over token ids: the vocabulary features it would add, counted into `table.counts`, first-seen order in `seen`. */
export function countNgrams(table: NgramTable, nsi: number, ids: Int32Array, seen: number[], times = 1, binary = false): void {
  const uni = table.uni[nsi]!;
  const bi = table.bi[nsi]!;
  const counts = table.counts;
  const n = ids.length;
  for (let i = 0; i < n; i++) {
    const a = ids[i]!;
    if (a < 0) continue;
    const f = uni[a]!;
    if (f >= 0) {
      if (counts[f] === 0) seen.push(f);
      counts[f] = binary ? 1 : counts[f]! + times;
    }
    if (i + 1 < n) {
      const b = ids[i + 1]!;
      if (b < 0) continue;
      const g = bi.get(a, b);
      if (g >= 0) {
        if (counts[g] === 0) seen.push(g);
        counts[g] = binary ? 1 : counts[g]! + times;
      }
    }
  }
}
