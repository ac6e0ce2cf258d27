// Cue and country features of a document (namespaces c, d, k, j, p, P, m, x): each regex is run only
// where the prefilter says a match can start.

import { COUNTRIES, CUES, KIND_CUES, MEDIUM_CUES } from "./lexicon.js";
import { compileChecks, requiredLiterals, TextIndex, type Check } from "./prefilter.js";
import { firstSentence, normalizeText } from "./tokenize.js";

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

/** The normalised parts of a document the cue features read. */
interface CueParts {
  /** The body (not normalised), for its first sentence. */
  body: string;
  normTitle: string;
  normLead: string;
  normBody: string;
}

/** Every namespace but the n-gram ones (w, h, l), added to `out` in this order. */
export function addCueFeatures(out: Map<string, number>, { body, normTitle, normLead, normBody }: CueParts, entry: boolean | undefined): void {
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
  const first = firstSentence(body.slice(0, 600)) ?? "";
  const head = `${normTitle}\n${normalizeText(first)}`;
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
  if (entry) out.set("x:entry", 1);
}
