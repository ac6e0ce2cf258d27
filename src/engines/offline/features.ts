// Feature extraction for the offline classifier: one definition of a document's features, used by
// `npm run train` (extractFeatures: keys, to build the vocabulary) and at run time (docVector: straight
// to the vector of a known vocabulary). fastpaths.test.ts holds the two to the same vector.
//
// Namespaces (the prefix before ":"):
//   w  word unigrams + bigrams over the whole text (title and lead repeated), sublinear tf x idf
//   h  word unigrams + bigrams of the title, binary x idf      l  the same for the lead (first 300 chars)
//   c  analyst cue phrases in the head (binary)            d  cue phrases over the whole text (log count)
//   k  a foreign country named in the head                  j  countries named in the whole text
//   p  the kind of story the head points to (KIND_CUES)     m  the medium the head points to (MEDIUM_CUES)
//   x  source markers (x:entry for report entries used in training; never present at run time)
// Every namespace but the indicator ones (c, k, x) is L2-normalised on its own; each is scaled by a
// weight stored in the model file.

import { addCueFeatures } from "./feature-cues.js";
import { addNgrams, countNgrams, NGRAM_NAMESPACES, ngramTable, normTokenIds } from "./feature-ngrams.js";
import { LEAD_PREFIX_RE } from "./lexicon.js";
import { firstSentence, normalizeText, tokenizeNormalized } from "./tokenize.js";

export type RawFeatures = Map<string, number>;

export interface FeatureDoc {
  /** Headline (or, for training texts without one, the first sentence). */
  title: string;
  /** Body text without the title. */
  body: string;
  /** True for short report entries used as extra training data. */
  entry?: boolean;
}

/** The opening of the body whose words also count as lead words (LEAD_REPEAT). */
const LEAD_FEATURE_CHARS = 300;
/** How many extra times title and lead tokens count in the `w` namespace. */
const TITLE_REPEAT = 2;
const LEAD_REPEAT = 1;

/** Namespaces whose values are term counts (sublinear tf) rather than presence. */
const COUNT_NAMESPACES: ReadonlySet<string> = new Set(["w", "d", "j"]);
/** Namespaces weighted by inverse document frequency. */
export const IDF_NAMESPACES: ReadonlySet<string> = new Set(["w", "h", "l"]);
/** Namespaces used as raw indicator values (no L2 normalisation): a cue counts the same in any length. */
const RAW_NAMESPACES: ReadonlySet<string> = new Set(["c", "k", "x", "p", "m"]);

/** The n-gram passes over a document, in order: the part read, the namespace (index in NGRAM_NAMESPACES), what an occurrence adds. */
const NGRAM_PASSES: ReadonlyArray<{ part: "body" | "title" | "lead"; ns: number; times: number; binary: boolean }> = [
  { part: "body", ns: 0, times: 1, binary: false },
  { part: "title", ns: 0, times: 1 + TITLE_REPEAT, binary: false },
  { part: "lead", ns: 0, times: LEAD_REPEAT, binary: false },
  { part: "title", ns: 1, times: 1, binary: true },
  { part: "lead", ns: 2, times: 1, binary: true },
];

/** Runs every n-gram pass over the document's parts, each part tokenised once (as strings or as ids). */
function ngramPasses<T>(parts: NormParts, tokens: (norm: string) => T, count: (ns: number, tokens: T, times: number, binary: boolean) => void): void {
  const byPart = { title: tokens(parts.normTitle), lead: tokens(parts.normLead), body: tokens(parts.normBody) };
  for (const pass of NGRAM_PASSES) count(pass.ns, byPart[pass.part], pass.times, pass.binary);
}

/** A feature's value before normalisation: sublinear tf in count namespaces, times idf in idf namespaces. */
function termValue(countNs: boolean, idfNs: boolean, count: number, idf: number): number {
  const tf = countNs ? 1 + Math.log(count) : 1;
  return tf * (idfNs ? idf : 1);
}

/** Strips "EXCLUSIVE:" / "UPDATED, May 1:" furniture from the start of a lead. */
export function stripLeadPrefix(text: string): string {
  return text.replace(LEAD_PREFIX_RE, "");
}

/** Training texts have no headline: the first sentence stands in for it. */
export function splitTitleFromText(text: string): FeatureDoc {
  const clean = stripLeadPrefix(text.trim());
  const first = firstSentence(clean) ?? clean;
  const title = first.length > 300 ? first.slice(0, 300) : first;
  return { title, body: clean.slice(clean.indexOf(first) + first.length).trim() || "" };
}

/** A document's normalised texts, as every feature namespace reads them. */
interface NormParts {
  body: string;
  normTitle: string;
  normLead: string;
  normBody: string;
}

function normParts(doc: FeatureDoc): NormParts {
  const title = stripLeadPrefix(doc.title);
  const body = stripLeadPrefix(doc.body);
  const lead = body.slice(0, LEAD_FEATURE_CHARS);
  // Normalising "a\nb" equals normalising a and b apart and joining them with "\n" (NFKD, the folds and
  // lower-casing do not reach across a newline), so each part is normalised once and reused.
  return { body, normTitle: normalizeText(title), normLead: normalizeText(lead), normBody: normalizeText(body) };
}

/** Raw (unweighted) features of one document. */
export function extractFeatures(doc: FeatureDoc): RawFeatures {
  const out: RawFeatures = new Map();
  const parts = normParts(doc);
  ngramPasses(parts, tokenizeNormalized, (ns, tokens, times, binary) => addNgrams(out, NGRAM_NAMESPACES[ns]!, tokens, times, binary));
  addCueFeatures(out, parts, doc.entry);
  return out;
}

/**
 * Run time: `vectorize(extractFeatures(doc), vocab)` without building the n-gram keys. `raw` holds the
 * features of every namespace but w, h and l (in extractFeatures' order): enough for `combinedScores`.
 */
export function docVector(doc: FeatureDoc, vocab: Vocabulary): { x: { idx: number[]; val: number[] }; raw: RawFeatures } {
  const table = ngramTable(vocab.index);
  const parts = normParts(doc);
  const seen: number[][] = NGRAM_NAMESPACES.map(() => []);
  ngramPasses(
    parts,
    (norm) => normTokenIds(norm, table),
    (ns, ids, times, binary) => countNgrams(table, ns, ids, seen[ns]!, times, binary),
  );
  const groups: Groups = new Map();
  const counts = table.counts;
  for (let nsi = 0; nsi < NGRAM_NAMESPACES.length; nsi++) {
    const ids = seen[nsi]!;
    if (ids.length === 0) continue;
    const ns = NGRAM_NAMESPACES[nsi]!;
    const countNs = COUNT_NAMESPACES.has(ns);
    const idfNs = IDF_NAMESPACES.has(ns);
    const vals: number[] = [];
    for (const id of ids) {
      vals.push(termValue(countNs, idfNs, counts[id]!, vocab.idf[id]!));
      counts[id] = 0;
    }
    groups.set(ns, { ids, vals });
  }
  const raw: RawFeatures = new Map();
  addCueFeatures(raw, parts, doc.entry);
  collectGroups(raw, vocab, groups);
  return { x: emitGroups(groups, vocab), raw };
}

/** Namespace of a feature key ("w:renewed for" -> "w"). */
export function namespaceOf(key: string): string {
  const i = key.indexOf(":");
  return i < 0 ? "" : key.slice(0, i);
}

export interface Vocabulary {
  index: ReadonlyMap<string, number>;
  idf: ArrayLike<number>;
  nsWeights: Readonly<Record<string, number>>;
}

/** Per namespace: vocabulary ids and values in the order their keys were first added. */
type Groups = Map<string, { ids: number[]; vals: number[] }>;

function collectGroups(raw: RawFeatures, vocab: Vocabulary, groups: Groups): void {
  // Keys of one namespace mostly come in a run: its group and flags are looked up once per run.
  let ns = "";
  let g: { ids: number[]; vals: number[] } | undefined;
  let countNs = false;
  let idfNs = false;
  for (const [key, count] of raw) {
    const id = vocab.index.get(key);
    if (id === undefined) continue;
    // A one-letter namespace ("w:...") without slicing; `namespaceOf` otherwise.
    const keyNs = key.charCodeAt(1) === 58 && key.charCodeAt(0) !== 58 ? key[0]! : namespaceOf(key);
    if (g === undefined || keyNs !== ns) {
      ns = keyNs;
      g = groups.get(ns);
      if (!g) groups.set(ns, (g = { ids: [], vals: [] }));
      countNs = COUNT_NAMESPACES.has(ns);
      idfNs = IDF_NAMESPACES.has(ns);
    }
    g.ids.push(id);
    g.vals.push(termValue(countNs, idfNs, count, vocab.idf[id]!));
  }
}

function emitGroups(groups: Groups, vocab: Vocabulary): { idx: number[]; val: number[] } {
  // Sorting packed (id, position) numbers in a Float64Array avoids a comparator and a tuple per
  // feature; the arithmetic and the output order are unchanged.
  const idx: number[] = [];
  const val: number[] = [];
  for (const ns of [...groups.keys()].sort()) {
    const { ids, vals } = groups.get(ns)!;
    const scale = vocab.nsWeights[ns] ?? 1;
    if (scale === 0) continue;
    let norm = 0;
    for (const v of vals) norm += v * v;
    norm = RAW_NAMESPACES.has(ns) ? 1 : Math.sqrt(norm) || 1;
    // Small enough ids pack into 32 bits (id << bits | position): the same order, a faster sort.
    const n = ids.length;
    let bits = 0;
    while (1 << bits < n) bits++;
    let maxId = 0;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if ((id | 0) !== id || id < 0) {
        maxId = Infinity;
        break;
      }
      if (id > maxId) maxId = id;
    }
    if (bits < 31 && maxId < 2 ** (31 - bits)) {
      const packed32 = new Int32Array(n);
      for (let i = 0; i < n; i++) packed32[i] = (ids[i]! << bits) | i;
      packed32.sort();
      const low = (1 << bits) - 1;
      for (let k = 0; k < n; k++) {
        const i = packed32[k]! & low;
        idx.push(ids[i]!);
        val.push((vals[i]! / norm) * scale);
      }
      continue;
    }
    const packed = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) packed[i] = ids[i]! * POSITION_SPAN + i;
    packed.sort();
    for (let k = 0; k < packed.length; k++) {
      // packed = id * 2^22 + position, exactly (ids < 2^31): both parts without a floating-point remainder.
      const p = packed[k]!;
      const id = Math.floor(p / POSITION_SPAN);
      const i = p - id * POSITION_SPAN;
      idx.push(ids[i]!);
      val.push((vals[i]! / norm) * scale);
    }
  }
  return { idx, val };
}

/** Sparse weighted vector: feature indices and values, namespaces L2-normalised and scaled. */
export function vectorize(raw: RawFeatures, vocab: Vocabulary): { idx: number[]; val: number[] } {
  // Per namespace: ids and values in insertion order (the norm is summed in that order), then
  // written out by ascending id.
  const groups: Groups = new Map();
  collectGroups(raw, vocab, groups);
  return emitGroups(groups, vocab);
}

/** Features of one namespace in one document stay far below this (a 5 MB article has fewer words). */
const POSITION_SPAN = 2 ** 22;
