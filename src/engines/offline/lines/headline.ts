// Everything else: one line in an analyst's register, written from the sentence that carries the
// event (not a scene-setter, a question or a pun), else the headline.

import type { FactDraft } from "../../../core/engine.js";
import type { Category } from "../../../core/taxonomy.js";
import type { Platforms } from "./platforms.js";
import { rewriteLine } from "./rewrite.js";
import { cleanHeadline, MAX_LINE, tidy, truncateWords, type Text } from "./text.js";

/** A headline as headlines are written: most words capitalised. */
export function isTitleCase(s: string): boolean {
  const words = s.split(/\s+/).filter((w) => /^[\p{L}]/u.test(w));
  if (words.length < 4) return false;
  const caps = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return caps / words.length > 0.7;
}

/** Openers of a lead that sets a scene rather than telling the news. */
const SCENE_RE =
  /^(?:In |As |When |While |After |Before |It |This |That |There |Here |If |Why |How |What |You |We |I |On |Over |For |With |Earlier |A year |It’s |It's |Another |Many |Most |Some |Few |Every |Last |Once |Back |Remember |Imagine |Think |Forget |Move over|Not |No |So |Just |Like |Ever since |Years |Decades |Absence |Money |Following |Fresh off |At the |A (?:day|week|month|year|decade) )/;

/** Verbs and nouns of an event: who did what to which title, company or person. */
const EVENT_RE =
  /\b(?:renew(?:s|ed|al)?|pick(?:s|ed|ing)? up|order(?:s|ed)?|acquir(?:e|es|ed|ing)|acquisition|greenl(?:it|ights?|ighted)|cancel(?:s|ed|led)?|dated|dates|exit(?:s|ing)?|hire[sd]?|hiring|names|named|sign(?:s|ed|ing)|ink(?:s|ed)|launch(?:es|ed|ing)?|str(?:uck|ikes?)|deal|buy(?:s|ing)?|bought|s(?:old|ells?)|sets? (?:up|a|an|the)|set to|teamed|teams|partner(?:s|ed|ing|ship)|pact(?:s|ed)?|sue[sd]?|lawsuit|suit|settle[sd]?|merg(?:e|es|ed|er|ing)|cut(?:s|ting)?|layoffs?|lay(?:s|ing)? off|laid off|report(?:s|ed)|revenue|profit|rais(?:e|es|ed)|debut(?:s|ed)?|premier(?:e|es|ed)|releas(?:e|es|ed)|announc(?:e|es|ed)|unveil(?:s|ed)?|expand(?:s|ed|ing)?|join(?:s|ed|ing)?|tap(?:s|ped)|poach(?:es|ed)|appoint(?:s|ed)|promot(?:es|ed)|step(?:s|ping)? down|leav(?:es|ing)|depart(?:s|ing|ure)|to (?:lead|launch|produce|star|develop|adapt|cut|buy|acquire|air|stream)|plans to|added|lands?|landed|secur(?:es|ed)|clos(?:es|ed)|opens?|opened)\b/i;

/** Whether a sentence carries the news: an event word and a named actor (a platform, else a capitalised subject). */
function carriesEvent(s: string, platforms: Platforms): boolean {
  if (/\?[”"’]?$/.test(s) || /^[“"‘]/.test(s) || /^Another\b[^,]*, another\b/i.test(s)) return false;
  if (!EVENT_RE.test(s)) return false;
  return platforms.earliestIn(s) !== null || /^[\p{Lu}\p{N}][\p{L}\p{N}’'.+-]*(?:\s+[\p{Lu}\p{N}][\p{L}\p{N}’'.+-]*)*\s+[a-z]/u.test(s);
}

/** A lead sentence that reads as news: starts with a name, says what happened, not a quote or question. */
function newsy(t: string): boolean {
  if (t.length < 40 || t.length > 230) return false;
  if (/^[“"‘'(]/.test(t) || /\?$/.test(t)) return false;
  return !SCENE_RE.test(t) && /^[\p{Lu}\p{N}]/u.test(t);
}

/**
 * The sentence the line is written from: of the first three, the first that carries the event
 * (a platform or named actor and an event word, not a scene-setter), else the first of two that
 * reads as news.
 */
function eventSentence(candidates: readonly string[], platforms: Platforms): string | null {
  const tidied = candidates.map(tidy).filter((s) => s.length >= 25 && s.length <= 300);
  return tidied.slice(0, 3).find((s) => !SCENE_RE.test(s) && carriesEvent(s, platforms)) ?? tidied.slice(0, 2).find(newsy) ?? null;
}

export function headlineFact(text: Text, category: Category, platforms: Platforms): FactDraft {
  const headline = cleanHeadline(text);
  if (isTitleCase(headline) && headline.length <= 150) {
    // A real headline: the lead that tells the event reads better in a line; else the headline as written.
    const lead = eventSentence(text.headSentences.slice(0, 2), platforms);
    return { category, line: lead ? rewriteLine(lead) : truncateWords(headline, MAX_LINE), notes: [] };
  }
  // The headline is a sentence (as many feeds give only the first sentence): find the one with the news.
  const pool = [headline, ...text.sentences.slice(0, 5).filter((s) => tidy(s) !== headline)];
  const found = eventSentence(pool, platforms);
  return { category, line: rewriteLine(found ?? headline) || text.title, notes: [] };
}
