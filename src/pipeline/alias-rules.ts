import type { AliasRule } from "../config/schema.js";

/**
 * Whether one occurrence of a common-word alias ("Sky", "Universal", "Max") names its buyer, by the
 * alias's rule in `buyerRules.aliases`: spelling, the words right before and after it, and the words
 * near it. Pure; the matcher calls it for every occurrence of an alias that has a rule.
 */
export interface Occurrence {
  /** The text the alias was found in, and where. */
  text: string;
  index: number;
  length: number;
  /** The text around the occurrence (the occurrence itself left out) searched for context words. */
  around: string;
  /** Headlines capitalise every word, so a capitalised next word says nothing there. */
  inTitle: boolean;
}

export type OccurrenceCheck = (occurrence: Occurrence) => boolean;

const OPENING_QUOTE = /(?:^|[\s([])["'“‘]$/u;
const PREVIOUS_WORD = /([\p{L}\p{N}'’]+)[\s\-–:]*$/u;
const NEXT_WORD = /^[\s\-–]*([\p{L}\p{N}'’]+)/u;

/** Lower case, typographic apostrophes straightened, quote marks around a word dropped ("'s" stays). */
function fold(word: string): string {
  const straight = word.replace(/’/g, "'").toLowerCase();
  return straight === "'s" ? straight : straight.replace(/^'+|'+$/g, "");
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Any of `terms` as whole words, case-insensitive; null for an empty list. */
function termsPattern(terms: readonly string[] | undefined): RegExp | null {
  if (!terms || terms.length === 0) return null;
  const alternatives = terms.map((t) => escapeRegExp(t.trim()).replace(/\s+/g, "\\s+"));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "iu");
}

function previousWord(text: string, index: number): string | null {
  const found = PREVIOUS_WORD.exec(text.slice(Math.max(0, index - 60), index));
  return found ? fold(found[1]!) : null;
}

/** The word right after an occurrence as written ("'s" for a possessive, "+" for "discovery+"). */
function nextWord(text: string, end: number): string | null {
  const after = text.slice(end, end + 60);
  if (/^['’]s(?![\p{L}\p{N}])/u.test(after)) return "'s";
  if (after.startsWith("+")) return "+";
  const found = NEXT_WORD.exec(after);
  return found ? found[1]! : null;
}

export function compileAliasRule(rule: AliasRule): OccurrenceCheck {
  const forms = rule.forms ? new Set(rule.forms.map((f) => f.trim().replace(/\s+/g, " "))) : null;
  const set = (words: readonly string[] | undefined) => new Set((words ?? []).map(fold));
  const rejectBefore = set(rule.rejectBefore);
  const rejectAfter = set(rule.rejectAfter);
  const confirmBefore = set(rule.confirmBefore);
  const confirmAfter = set(rule.confirmAfter);
  const context = termsPattern(rule.context);
  const rejectContext = termsPattern(rule.rejectContext);

  return ({ text, index, length, around, inTitle }) => {
    if (forms && !forms.has(text.slice(index, index + length).replace(/\s+/g, " "))) return false;
    const before = previousWord(text, index);
    const written = nextWord(text, index + length);
    const after = written === null ? null : fold(written);
    if ((before !== null && rejectBefore.has(before)) || (after !== null && rejectAfter.has(after))) return false;
    if (rejectContext?.test(around)) return false;
    if ((before !== null && confirmBefore.has(before)) || (after !== null && confirmAfter.has(after))) return true;
    // "Max Verstappen", "Sky Ferreira": in running text a capitalised word after a first name is a
    // surname ("Sky CEO", "Sky UK" are not: all capitals).
    if (rule.nameLike && !inTitle && written !== null && /^\p{Lu}\p{Ll}/u.test(written)) return false;
    // “Universal Basic Guys”, 'Big Sky': a common word opening a quoted title is the title.
    if (OPENING_QUOTE.test(text.slice(Math.max(0, index - 2), index))) return false;
    return context === null || context.test(around);
  };
}
