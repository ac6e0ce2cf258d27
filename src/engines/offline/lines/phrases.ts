// Whole-word phrase search: the platform and genre lists are looked up in a text this way.

import { compileChecks, TextIndex, type Check } from "../prefilter.js";

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const WORD_RES = new Map<string, RegExp>();

/** Whole-word pattern for a phrase; compiled once per phrase (the platform and genre lists are fixed). */
export function wordRe(phrase: string, flags = "u"): RegExp {
  const key = `${flags}\u0000${phrase}`;
  let re = WORD_RES.get(key);
  if (!re) {
    if (WORD_RES.size > 5000) WORD_RES.clear();
    re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(phrase)}(?![\\p{L}\\p{N}+])`, flags);
    WORD_RES.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/** A fixed list of phrases with the prefilter checks that skip those a text cannot contain. */
export class PhraseList {
  // A `wordRe` match is the phrase verbatim, not preceded by a letter or digit: a text without it has none.
  private readonly checks: ReadonlyArray<Check[] | null>;

  constructor(readonly phrases: readonly string[]) {
    this.checks = phrases.map((p) => compileChecks([{ text: p, anchored: true }]));
  }

  /** The earliest phrase named in `scope` as a whole word (longest spelling on ties), or null. */
  earliestIn(scope: string): string | null {
    const index = new TextIndex(scope);
    let best: { p: string; index: number } | null = null;
    for (let i = 0; i < this.phrases.length; i++) {
      if (!index.mayMatch(this.checks[i]!)) continue;
      const p = this.phrases[i]!;
      const m = wordRe(p).exec(scope);
      if (m && (!best || m.index < best.index || (m.index === best.index && p.length > best.p.length))) best = { p, index: m.index };
    }
    return best?.p ?? null;
  }

  /** Every whole-word occurrence of every phrase in `scope`, phrase by phrase in list order. */
  *occurrencesIn(scope: string): Generator<{ phrase: string; start: number; end: number }> {
    const index = new TextIndex(scope);
    for (let i = 0; i < this.phrases.length; i++) {
      if (!index.mayMatch(this.checks[i]!)) continue;
      const p = this.phrases[i]!;
      for (const m of scope.matchAll(wordRe(p, "gu"))) yield { phrase: p, start: m.index, end: m.index + p.length };
    }
  }
}
