// The article as the line writer reads it, and the clean-up every line and note goes through.

import type { EngineInput } from "../../../core/engine.js";
import { stripLeadPrefix } from "../features.js";
import { splitSentences } from "../tokenize.js";
import { WEEKDAY } from "./words.js";

/** Trade-press attribution tails that a report line drops. */
const ATTRIBUTION_RE =
  /,?\s*(?:(?:Variety|Deadline|The Hollywood Reporter|THR|IndieWire|TheWrap) (?:has (?:learned|confirmed)|can (?:exclusively )?(?:reveal|report|confirm)|hears|understands)(?: exclusively)?|(?:sources|insiders|people) (?:say|tell [A-Z]\w+)|according to (?:sources|insiders|people|a (?:staff )?memo|an internal memo|a (?:press )?release|the company|[^,.]{0,40}?sources?)[^,.]*|it was announced (?:on )?\w*|people say|sources say)(?=[,.;!?]|$)/g;

/**
 * A word every match of ATTRIBUTION_RE contains (each alternative holds one, case as written): a
 * sentence without any has no attribution tail, and the costly search (tried at every position) is skipped.
 */
const ATTRIBUTION_WORD_RE = /Variety|Deadline|The Hollywood Reporter|THR|IndieWire|TheWrap|sources|insiders|people|according to|it was announced/;

export interface Text {
  title: string;
  body: string;
  /** Title + body, for faithfulness lookups. */
  all: string;
  sentences: string[];
  headSentences: string[];
}

export function prepareText(input: EngineInput): Text {
  // A left quote used as an apostrophe ("Taylor‘s") would hide a possessive from the title patterns.
  // (Most texts have no left quote at all: no regex pass over them.)
  const apostrophes = (x: string) => (x.includes("‘") ? x.replace(/(\p{L})‘(s|t|re|ll|ve|d)\b/gu, "$1’$2") : x);
  const body = apostrophes(stripLeadPrefix(input.article.content.trim()));
  const sentences = splitSentences(body);
  const title = wholeTitle(apostrophes(stripLeadPrefix(input.article.title.trim())), sentences, body);
  return { title, body, all: `${input.article.title}\n${input.article.content}`, sentences, headSentences: sentences.slice(0, 3) };
}

const squash = (x: string) => x.replace(/\s+/g, " ");

/**
 * A title the feed cut ("Italian collecting company Artisti 7607 has ann", "… in the…") is the
 * sentence of the body it begins, whole; a cut title the body does not hold loses its cut word.
 */
function wholeTitle(title: string, sentences: readonly string[], body: string): string {
  const bare = squash(title.replace(/\s*(?:…|\.\.\.)$/u, "")).trim();
  if (bare.length < 20) return title;
  for (const s of sentences.slice(0, 5)) {
    const whole = squash(s);
    if (whole.length > bare.length && whole.startsWith(bare)) return whole;
  }
  return bare !== title || endsMidWord(bare, body) ? truncateWords(bare, bare.length - 1) : title;
}

/** Whether the text's last word occurs in `body` only as the start of a longer word ("ann" of "announced"). */
export function endsMidWord(text: string, body: string): boolean {
  const last = /([\p{L}\p{N}]+)[^\p{L}\p{N}]*$/u.exec(text)?.[1];
  if (!last || last.length > 30) return false;
  // Mostly the word is found whole as written: no need to lower-case the body.
  const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  for (let at = body.indexOf(last); at >= 0; at = body.indexOf(last, at + 1))
    if (!isWordChar(body[at - 1]) && !isWordChar(body[at + last.length])) return false;
  const word = last.toLowerCase();
  const lower = body.toLowerCase();
  let partial = false;
  for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
    if (at > 0 && /[\p{L}\p{N}]/u.test(lower[at - 1]!)) continue;
    if (!/[\p{L}\p{N}]/u.test(lower[at + word.length] ?? " ")) return false;
    partial = true;
  }
  return partial;
}

/** A line never ends in a cut word: one that does is shortened to the phrase before it. */
export function wholeWords(line: string, body: string): string {
  return endsMidWord(line, body) ? truncateWords(line, line.length - 1) : line;
}

/** The headline without a trailing site name ("… | Variety"), tidied. */
export function cleanHeadline(text: Text): string {
  return tidy(text.title.replace(/\s*[|–—-]\s*(?:Variety|Deadline|The Hollywood Reporter|IndieWire|TheWrap)$/i, ""));
}

/** Cleans a sentence into a report line: no attribution tail, no final period, no dangling quote. */
export function tidy(sentence: string): string {
  const stripped = stripLeadPrefix(sentence.trim());
  let s = (ATTRIBUTION_WORD_RE.test(stripped) ? stripped.replace(ATTRIBUTION_RE, "") : stripped).replace(/\s+/g, " ").trim();
  s = s.replace(/^(?:In this article|Related:?)\s*/i, "");
  s = s
    .replace(/[\s,;:–—-]+$/u, "")
    .replace(/\.$/, "")
    .replace(/[,.]([”"])$/u, "$1")
    .trim();
  return s;
}

const DANGLING =
  /\s+(?:and|or|but|the|a|an|of|to|with|for|in|on|at|by|from|as|its|their|his|her|that|which|who|while|after|amid|coming|including|following|than|into|over|about)$/i;

/** Words a phrase can end before: conjunctions, prepositions, relatives ("… in crisis" -> "…"). */
const PHRASE_START_RE =
  / (?:and|but|or|with|for|to|in|on|at|by|from|as|after|amid|while|which|who|that|including|following|before|over|into|under|about|than|because|since|through|during|via|where) /g;

/**
 * Shortens to at most `max` characters at a phrase boundary: a clause mark (", " "; " " — "), else
 * before a conjunction or preposition, else (a phrase that long has none) a word boundary. Never in
 * a word, never ending on a function word.
 */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  // One character more: a cut that falls just before a space keeps the whole word.
  const cut = text.slice(0, max + 1);
  const at = Math.max(cut.lastIndexOf(", "), cut.lastIndexOf(" – "), cut.lastIndexOf(" — "), cut.lastIndexOf("; "));
  let before = -1;
  for (const m of cut.matchAll(PHRASE_START_RE)) before = m.index;
  const word = cut.lastIndexOf(" ");
  let base = at > max * 0.55 ? cut.slice(0, at) : before > max * 0.6 ? cut.slice(0, before) : cut.slice(0, word > 0 ? word : 0);
  base = base.replace(/[\s,;:–—-]+$/u, "");
  while (DANGLING.test(base)) base = base.replace(DANGLING, "");
  // An unmatched opening quote or bracket is closed by cutting before it.
  const openQuote = (base.match(/[“(]/g) ?? []).length > (base.match(/[”)]/g) ?? []).length;
  if (openQuote) base = base.slice(0, Math.max(base.lastIndexOf("“"), base.lastIndexOf("("))).replace(/[\s,;:–—-]+$/u, "");
  return base;
}

/** A whole sentence up to this length beats a sentence cut mid-clause. */
export const MAX_LINE = 200;

/** A subject followed by a "which/who" aside and then its verb. */
const SUBJECT_ASIDE_RE =
  /^([\p{Lu}][^,]{1,60}?),\s+(?:which|who)\b[^,]*,\s+(?=(?:is|are|was|were|has|have|had|will|would|can|could|may|might|remains|continues|says|said|plans|wants|reported|reports)\b)/u;

/**
 * Drops what a report line does without, in this order while the sentence is over `target`:
 * parentheticals and "— … —" asides, when it happened ("on Tuesday", "this week"), a trailing
 * "which/who/after/-ing …" clause, a trailing "— …" tail.
 */
export function compress(sentence: string, target = 110): string {
  let s = sentence.replace(/\s*\([^()]{0,80}\)/g, "").replace(/\s+[—–]\s+[^—–]{0,120}?\s+[—–]\s+/g, " ");
  if (s.length > target)
    s = s.replace(new RegExp(`\\s+(?:on|this|last|late|early) (?:${WEEKDAY}|week|month)(?: (?:morning|afternoon|evening|night))?\\b`, "g"), "");
  // "Sony, which kicked off CinemaCon last year, is skipping …" -> "Sony is skipping …"
  if (s.length > target) s = s.replace(SUBJECT_ASIDE_RE, "$1 ");
  const shorter = (next: string) => (next.trim().length >= 50 ? next : s);
  if (s.length > target)
    s = shorter(
      s.replace(
        /,\s+(?:which|who|where|while|after|as|amid|marking|making|following|according|including|with|despite|adding|saying|bringing|finding|ending|giving|sending|putting|as part of)\b[^,]*(?:,[^,]*)*$/u,
        "",
      ),
    );
  if (s.length > target) s = shorter(s.replace(/\s+[—–]\s+[^—–]*$/u, ""));
  return s.replace(/\s+/g, " ").trim();
}

const NOTE_MAX = 220;

/**
 * A note as a whole sentence, never cut: attribution dropped, and a long sentence loses its
 * "Name, who …, will …" aside ("Davis will stay through the end of March …"). Null when even that
 * is too long.
 */
export function wholeNote(sentence: string, max = NOTE_MAX): string | null {
  let s = tidy(sentence);
  if (s.length > max)
    s = s.replace(
      /^([\p{Lu}][\p{L}’'. -]{1,40}?),\s+who\b.*?,\s+(?=(?:will|is|has|was|had|would|remains|continues|joins|takes|starts|becomes|reports|oversees|led|leads)\b)/u,
      "$1 ",
    );
  if (s.length > max) s = compress(s, max);
  if (s.length > max || s.length < 20) return null;
  if (/^[“"]/.test(s) && !/[”"]$/.test(s) && (s.match(/[“"]/g) ?? []).length > (s.match(/[”"]/g) ?? []).length) return null;
  return s;
}
