// Title lists (development, greenlights, pickups, dating, renewals, cancellations): one fact per
// title, `[Country] Title S#: Platform, genre`, every element from the sentences that name that title.

import type { FactDraft } from "../../../core/engine.js";
import type { Category } from "../../../core/taxonomy.js";
import { kindOfCategory } from "../lexicon.js";
import { findPeople } from "./people.js";
import { wordRe } from "./phrases.js";
import type { Platforms } from "./platforms.js";
import type { Text } from "./text.js";
import { countryTag, dateFor, findGenre, findSeason, genreFor, isSequel } from "./title-details.js";
import { findTitles } from "./titles.js";

export const LIST_KINDS: ReadonlySet<string> = new Set(["development", "greenlights", "pickups", "dating", "renewals", "cancellations"]);

const CANCELED_AFTER_RE = /\b(?:canceled|cancelled|cancels|cancel|ending|ends|end|axed|scrapped)\b.{0,120}?\bafter (?:just |only )?((?:\w+|\d+) seasons?)\b/i;

/** Title events a story of another category can still tell ("Netflix has renewed Virgin River"), by the verb. */
const TITLE_EVENTS: ReadonlyArray<[RegExp, string]> = [
  [/\brenew(?:s|ed)\b|\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) season\b/i, "renewals"],
  [/\b(?:cancel(?:s|ed|led)|axe[sd])\b/i, "cancellations"],
  [/\bpick(?:s|ed)? up\b|\bacquir(?:es|ed)\b[^.]{0,40}\brights\b|\bnab(?:s|bed)\b|\bhas a new home\b/i, "pickups"],
  [/\b(?:order(?:s|ed)?|greenl(?:it|ights?|ighted))\b/i, "greenlights"],
];

/** The list kind of a title event the headline or lead tells, or null. */
export function titleEventKind(text: Text): string | null {
  const scope = [text.title, ...text.headSentences.slice(0, 2)].join(" ");
  return TITLE_EVENTS.find(([re]) => re.test(scope))?.[1] ?? null;
}

export function titleListFacts(text: Text, category: Category, company: string, platforms: Platforms, kindOf?: string): FactDraft[] {
  const kind = kindOf ?? kindOfCategory(category);
  const head = [text.title, ...text.headSentences].join(" ");
  const people = findPeople(text.headSentences.join(" "));
  const titles = findTitles(text, people, platforms).slice(0, 6);
  if (titles.length === 0) return [];
  const intl = category.includes("-> International ->") ? countryTag(text) : null;
  // Sentences that may speak of a title: the headline and the first five of the body.
  const pool = [text.title, ...text.sentences.slice(0, 5)];
  const facts: FactDraft[] = [];
  for (const title of titles) {
    const sequel = isSequel(text, title);
    // Every element of the line comes from the sentences about this title (about its sequel, if dated as one).
    const about = pool.filter((s) => s.includes(title) && (!sequel || /\bsequel\b/i.test(s)));
    const lead = about.filter((s) => s !== text.title);
    const platform =
      about.map((s) => platforms.earliestIn(s)).find(Boolean) ??
      platforms.earliestIn(text.title) ??
      platforms.find(text, null) ??
      (company !== "Unknown" && wordRe(company, "iu").test(text.all) ? company : null);
    // A single-title story is about that title throughout; with several, only its own sentences count.
    const genre =
      about.map((s) => genreFor(s, title, titles)).find(Boolean) ??
      (titles.length === 1 ? (findGenre(head) ?? findGenre(text.sentences.slice(0, 6).join(" "))) : null) ??
      null;
    let name = sequel ? `${title} sequel` : title;
    if (kind === "renewals") {
      const sentences = titles.length === 1 ? [text.title, ...text.headSentences] : about;
      const renewal = sentences.find((x) => /\brenew/i.test(x) && findSeason(x) !== null);
      const season = (renewal ? findSeason(renewal) : null) ?? about.map(findSeason).find((n) => n !== null) ?? (titles.length === 1 ? findSeason(head) : null);
      if (season) name = `${name} S${season}`;
    }
    const parts: string[] = [];
    if (platform) parts.push(platform);
    if (genre) parts.push(genre);
    if (kind === "dating") {
      const date = [...lead, ...about].map((s) => dateFor(s, title)).find(Boolean);
      if (date) parts.push(date);
    }
    if (kind === "cancellations") {
      const sentences = titles.length === 1 ? [text.title, ...text.headSentences] : about;
      const after = sentences.map((x) => CANCELED_AFTER_RE.exec(x)).find(Boolean);
      if (after) parts.push(`canceled after ${after[1]!.toLowerCase()}`);
    }
    const line = `${intl ? `[${intl}] ` : ""}${name}${parts.length ? `: ${parts.join(", ")}` : ""}`;
    facts.push({ category, line, notes: [] });
  }
  return facts;
}
