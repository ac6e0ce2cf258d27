// Feature extraction for the offline classifier. Shared by `npm run train` and run time.
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

import { COUNTRIES, CUES, KIND_CUES, LEAD_PREFIX_RE, MEDIUM_CUES } from "./lexicon.js";
import { compileChecks, requiredLiterals, TextIndex, type Check } from "./prefilter.js";
import {
  asciiMatchEnd,
  asciiShape,
  asciiTokenEnd,
  ASCII_WORD,
  isAscii,
  normalizeText,
  Shape,
  splitSentences,
  STOPWORDS,
  tokenizeNormalized,
} from "./tokenize.js";

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
export const COUNT_NAMESPACES: ReadonlySet<string> = new Set(["w", "d", "j"]);
/** Namespaces weighted by inverse document frequency. */
export const IDF_NAMESPACES: ReadonlySet<string> = new Set(["w", "h", "l"]);
/** Namespaces used as raw indicator values (no L2 normalisation): a cue counts the same in any length. */
export const RAW_NAMESPACES: ReadonlySet<string> = new Set(["c", "k", "x", "p", "m"]);

function addNgrams(out: RawFeatures, ns: string, tokens: readonly string[], times = 1, binary = false): void {
  // Same keys, in the same order, as `${ns}:${t}` and `${ns}:${t} ${u}`; each token's stopword test is done once.
  const prefix = `${ns}:`;
  const n = tokens.length;
  let t = n > 0 ? tokens[0]! : "";
  let tStop = n > 0 && STOPWORDS.has(t);
  for (let i = 0; i < n; i++) {
    if (!tStop && t.length > 1) {
      const k = prefix + t;
      out.set(k, binary ? 1 : (out.get(k) ?? 0) + times);
    }
    if (i + 1 < n) {
      const u = tokens[i + 1]!;
      const uStop = STOPWORDS.has(u);
      if (!(tStop && uStop)) {
        const k = `${prefix}${t} ${u}`;
        out.set(k, binary ? 1 : (out.get(k) ?? 0) + times);
      }
      t = u;
      tStop = uStop;
    }
  }
}

const COUNTRY_RES: ReadonlyArray<{ name: string; re: RegExp; sticky: RegExp; checks: Check[] | null }> = COUNTRIES.map((c) => {
  const source = `(?<![\\p{L}\\p{N}])(?:${c.words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})(?![\\p{L}\\p{N}])`;
  return {
    name: c.name,
    // Every match is one of the words verbatim, not preceded by a letter or digit (cheap check first).
    checks: compileChecks(c.words.map((text) => ({ text, anchored: true }))),
    re: new RegExp(source, "gu"),
    sticky: new RegExp(source, "uy"),
  };
});

// Running a regex only where a match can start. A global search returns the match at the smallest
// position (from lastIndex on) where the regex matches when tried there, i.e. what the sticky regex
// finds at the first candidate position that matches; every match is non-empty (it holds a literal),
// so the next search starts at its end. Same matches, same order.

/** Index of the first match (as `re.exec(text)?.index ?? -1`), trying only the candidate positions. */
function firstMatchAt(sticky: RegExp, text: string, candidates: Int32Array): number {
  for (let i = 0; i < candidates.length; i++) {
    const p = candidates[i]!;
    sticky.lastIndex = p;
    if (sticky.test(text)) return p;
  }
  return -1;
}

/** Number of matches of a global search (at most `limit`) and the first one's index, trying only the candidates. */
function countMatchesAt(sticky: RegExp, text: string, candidates: Int32Array, limit: number): { count: number; first: number } {
  let count = 0;
  let first = -1;
  let from = 0;
  for (let i = 0; i < candidates.length; i++) {
    const p = candidates[i]!;
    if (p < from) continue;
    sticky.lastIndex = p;
    if (!sticky.test(text)) continue;
    if (first < 0) first = p;
    if (++count >= limit) break;
    from = sticky.lastIndex;
  }
  return { count, first };
}

/** Countries named in (normalised) text with their first position, earliest first. */
export function findCountries(normText: string, index = new TextIndex(normText)): Array<{ name: string; index: number; count: number }> {
  const found: Array<{ name: string; index: number; count: number }> = [];
  for (const { name, re, sticky, checks } of COUNTRY_RES) {
    const candidates = index.candidates(checks);
    if (candidates) {
      if (candidates.length === 0) continue;
      const { count, first } = countMatchesAt(sticky, normText, candidates, Infinity);
      if (count > 0) found.push({ name, index: first, count });
      continue;
    }
    if (!index.mayMatch(checks)) continue;
    re.lastIndex = 0;
    let first = -1;
    let count = 0;
    for (const m of normText.matchAll(re)) {
      if (first < 0) first = m.index!;
      count++;
    }
    if (count > 0) found.push({ name, index: first, count });
  }
  return found.sort((a, b) => a.index - b.index);
}

/**
 * A cue regex with the literals one of which each of its matches contains. `own` guards the cue's own
 * regex (null, i.e. always run, unless it has no flags: "i" would defeat a case-sensitive guard and
 * "g"/"y" make a skipped call change state); the count regex is always source + "g".
 */
interface GuardedCue {
  name: string;
  re: RegExp;
  checks: Check[] | null;
  own: Check[] | null;
  /** The cue's own regex, sticky (for `own`). */
  ownSticky: RegExp;
  /** The count regex, sticky: the source alone (for `checks`). */
  countSticky: RegExp;
}

function guarded(list: ReadonlyArray<[string, RegExp]>): GuardedCue[] {
  return list.map(([name, re]) => {
    const checks = compileChecks(requiredLiterals(re.source));
    return {
      name,
      re,
      checks,
      own: re.flags === "" ? checks : null,
      ownSticky: new RegExp(re.source, "y"),
      countSticky: new RegExp(re.source, "y"),
    };
  });
}

const CUE_GUARDS = guarded(CUES);
const KIND_GUARDS = guarded(KIND_CUES);
const MEDIUM_GUARDS = guarded(MEDIUM_CUES);

/** Where the cue's own regex first matches the indexed text (as `re.exec(text)?.index ?? -1`). */
function cueIndex(cue: GuardedCue, index: TextIndex): number {
  const candidates = index.candidates(cue.own);
  if (candidates) return firstMatchAt(cue.ownSticky, index.text, candidates);
  if (!index.mayMatch(cue.own)) return -1;
  return cue.re.exec(index.text)?.index ?? -1;
}

/** Matches of the cue's count regex in the indexed text, at most 20. */
function cueCount(cue: GuardedCue, index: TextIndex): number {
  const candidates = index.candidates(cue.checks);
  if (candidates) return candidates.length === 0 ? 0 : countMatchesAt(cue.countSticky, index.text, candidates, 20).count;
  return index.mayMatch(cue.checks) ? countMatches(cue.re, index.text) : 0;
}

const GLOBAL_RES = new Map<RegExp, RegExp>();

function countMatches(re: RegExp, text: string): number {
  let g = GLOBAL_RES.get(re);
  // Same semantics as training: the source alone, with "g" (flags of the cue are not carried over).
  if (!g) GLOBAL_RES.set(re, (g = new RegExp(re.source, "g")));
  g.lastIndex = 0;
  let n = 0;
  for (const _ of text.matchAll(g)) {
    n++;
    if (n >= 20) break;
  }
  return n;
}

/** Strips "EXCLUSIVE:" / "UPDATED, May 1:" furniture from the start of a lead. */
export function stripLeadPrefix(text: string): string {
  return text.replace(LEAD_PREFIX_RE, "");
}

/** Training texts have no headline: the first sentence stands in for it. */
export function splitTitleFromText(text: string): FeatureDoc {
  const clean = stripLeadPrefix(text.trim());
  const sentences = splitSentences(clean);
  const first = sentences[0] ?? clean;
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
  const titleTokens = tokenizeNormalized(parts.normTitle);
  const leadTokens = tokenizeNormalized(parts.normLead);
  addNgrams(out, "w", tokenizeNormalized(parts.normBody));
  addNgrams(out, "w", titleTokens, 1 + TITLE_REPEAT);
  addNgrams(out, "w", leadTokens, LEAD_REPEAT);
  addNgrams(out, "h", titleTokens, 1, true);
  addNgrams(out, "l", leadTokens, 1, true);
  addCueFeatures(out, doc, parts);
  return out;
}

/** Every namespace but the n-gram ones (w, h, l), added to `out` in extractFeatures' order. */
function addCueFeatures(out: RawFeatures, doc: FeatureDoc, { body, normTitle, normLead, normBody }: NormParts): void {
  const headNorm = `${normTitle}\n${normLead}`;
  const allNorm = `${normTitle}\n${normBody}`;
  const headIndex = new TextIndex(headNorm);
  const allIndex = new TextIndex(allNorm);
  for (const cue of CUE_GUARDS) {
    if (cueIndex(cue, headIndex) >= 0) out.set(`c:${cue.name}`, 1);
    const n = cueCount(cue, allIndex);
    if (n > 0) out.set(`d:${cue.name}`, n);
  }
  const headCountries = findCountries(headNorm, headIndex);
  if (headCountries.length > 0) out.set("k:any", 1);
  for (const c of headCountries) out.set(`k:${c.name}`, 1);
  for (const c of findCountries(allNorm, allIndex)) out.set(`j:${c.name}`, c.count);
  // The head proper: the headline and the first sentence of the body.
  const firstSentence = splitSentences(body.slice(0, 600))[0] ?? "";
  const head = `${normTitle}\n${normalizeText(firstSentence)}`;
  const headIdx = new TextIndex(head);
  let primary: { kind: string; index: number } | null = null;
  for (const cue of KIND_GUARDS) {
    const at = cueIndex(cue, headIdx);
    if (at < 0) continue;
    out.set(`p:${cue.name}`, 1);
    if (!primary || at < primary.index) primary = { kind: cue.name, index: at };
  }
  // The earliest kind cue in the head is the headline's own verb: the primary kind (not a model feature).
  if (primary) out.set(`P:${primary.kind}`, 1);
  for (const cue of MEDIUM_GUARDS) if (cueIndex(cue, headIdx) >= 0) out.set(`m:${cue.name}`, 1);
  if (findCountries(head, headIdx).length > 0) out.set("m:International", 1);
  if (doc.entry) out.set("x:entry", 1);
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
    const tf = countNs ? 1 + Math.log(count) : 1;
    g.ids.push(id);
    g.vals.push(tf * (idfNs ? vocab.idf[id]! : 1));
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

// ---------------------------------------------------------------------------------------------
// Run-time fast path: the n-gram namespaces straight from token ids to vocabulary ids, with no key
// strings and no map entries for n-grams the model does not know.

const NGRAM_NAMESPACES = ["w", "h", "l"] as const;

/** A vocabulary's n-gram features by token id, built once per vocabulary. */
interface NgramTable {
  /** Every token some n-gram feature of the vocabulary is made of. */
  tokens: Map<string, number>;
  nTokens: number;
  /** Per n-gram namespace: the feature id of each token's unigram, or -1. */
  uni: Int32Array[];
  /** Per n-gram namespace: first token id x nTokens + second token id -> feature id. */
  bi: Array<Map<number, number>>;
  /** Scratch per feature id: the count so far in the current document (0: not yet seen). */
  counts: Float64Array;
  /** Open-addressing hash of `tokens` by their characters: slot -> token id + 1 (0: empty). */
  slots: Int32Array;
  tokenText: string[];
  /** Ids of "#year", "#num" and "#ord" (-1 when no feature uses them), by Shape. */
  shapeIds: Int32Array;
}

const NGRAM_TABLES = new WeakMap<Vocabulary, NgramTable>();

function ngramTable(vocab: Vocabulary): NgramTable {
  let table = NGRAM_TABLES.get(vocab);
  if (table) return table;
  // Only keys addNgrams can produce: a unigram is one non-stopword token longer than one character;
  // a bigram is two tokens (tokens hold no spaces), not both stopwords.
  const tokens = new Map<string, number>();
  const tokenId = (t: string) => {
    let id = tokens.get(t);
    if (id === undefined) tokens.set(t, (id = tokens.size));
    return id;
  };
  // Per entry: namespace index, first token id, second token id (-1: a unigram), feature id.
  const entries: number[] = [];
  let size = 0;
  for (const [key, id] of vocab.index) {
    if (id + 1 > size) size = id + 1;
    // The namespace is one letter exactly when the first ":" is the second character.
    if (key.charCodeAt(1) !== 58) continue;
    const c = key.charCodeAt(0);
    const nsi = c === 119 ? 0 : c === 104 ? 1 : c === 108 ? 2 : -1; // w h l
    if (nsi < 0) continue;
    const space = key.indexOf(" ", 2);
    if (space < 0) {
      const a = key.slice(2);
      if (a !== "" && !STOPWORDS.has(a) && a.length > 1) entries.push(nsi, tokenId(a), -1, id);
    } else if (key.indexOf(" ", space + 1) < 0) {
      const a = key.slice(2, space);
      const b = key.slice(space + 1);
      if (a !== "" && b !== "" && !(STOPWORDS.has(a) && STOPWORDS.has(b))) entries.push(nsi, tokenId(a), tokenId(b), id);
    }
  }
  const nTokens = tokens.size;
  const uni = NGRAM_NAMESPACES.map(() => new Int32Array(nTokens).fill(-1));
  const bi = NGRAM_NAMESPACES.map(() => new Map<number, number>());
  for (let e = 0; e < entries.length; e += 4) {
    const nsi = entries[e]!;
    const a = entries[e + 1]!;
    const b = entries[e + 2]!;
    if (b < 0) uni[nsi]![a] = entries[e + 3]!;
    else bi[nsi]!.set(a * nTokens + b, entries[e + 3]!);
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
  NGRAM_TABLES.set(vocab, table);
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
function normTokenIds(norm: string, table: NgramTable): Int32Array {
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
function countNgrams(table: NgramTable, nsi: number, ids: Int32Array, seen: number[], times = 1, binary = false): void {
  const uni = table.uni[nsi]!;
  const bi = table.bi[nsi]!;
  const counts = table.counts;
  const nTokens = table.nTokens;
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
      const g = bi.get(a * nTokens + b);
      if (g !== undefined) {
        if (counts[g] === 0) seen.push(g);
        counts[g] = binary ? 1 : counts[g]! + times;
      }
    }
  }
}

/**
 * Run time: `vectorize(extractFeatures(doc), vocab)` without building the n-gram keys. `raw` holds the
 * features of every namespace but w, h and l (in extractFeatures' order): enough for `combinedScores`.
 */
export function docVector(doc: FeatureDoc, vocab: Vocabulary): { x: { idx: number[]; val: number[] }; raw: RawFeatures } {
  const table = ngramTable(vocab);
  const parts = normParts(doc);
  const titleIds = normTokenIds(parts.normTitle, table);
  const leadIds = normTokenIds(parts.normLead, table);
  const seen: number[][] = NGRAM_NAMESPACES.map(() => []);
  countNgrams(table, 0, normTokenIds(parts.normBody, table), seen[0]!);
  countNgrams(table, 0, titleIds, seen[0]!, 1 + TITLE_REPEAT);
  countNgrams(table, 0, leadIds, seen[0]!, LEAD_REPEAT);
  countNgrams(table, 1, titleIds, seen[1]!, 1, true);
  countNgrams(table, 2, leadIds, seen[2]!, 1, true);
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
      const tf = countNs ? 1 + Math.log(counts[id]!) : 1;
      vals.push(tf * (idfNs ? vocab.idf[id]! : 1));
      counts[id] = 0;
    }
    groups.set(ns, { ids, vals });
  }
  const raw: RawFeatures = new Map();
  addCueFeatures(raw, doc, parts);
  collectGroups(raw, vocab, groups);
  return { x: emitGroups(groups, vocab), raw };
}

/** Features of one namespace in one document stay far below this (a 5 MB article has fewer words). */
const POSITION_SPAN = 2 ** 22;
