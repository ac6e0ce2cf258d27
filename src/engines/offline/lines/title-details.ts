// What a title list says about one title: genre, season, date, sequel, country, each from the
// sentences that name that title.

import { findCountries } from "../feature-cues.js";
import { normalizeText } from "../tokenize.js";
import { escapeRe, PhraseList } from "./phrases.js";
import type { Text } from "./text.js";
import { GENRES, MONTHS, WORD_NUMBERS } from "./words.js";

const GENRE_LIST = new PhraseList(GENRES);

export function findGenre(scope: string): string | null {
  return GENRE_LIST.earliestIn(scope.toLowerCase());
}

const SEASON_RES = [
  /\bseason\s+(\d{1,2})\b/i,
  /\b(\d{1,2})(?:st|nd|rd|th) (?:and final )?season\b/i,
  /\b(?:for|into|of) (?:a |its )?(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)(?:\s+and\s+(?:final\s+)?)?\s*(?:final\s+)?season\b/i,
];

/** The season a sentence names first ("renewed for a seventh season, ahead of the Season 6 premiere" is 7). */
export function findSeason(scope: string): number | null {
  let m: RegExpExecArray | null = null;
  for (const re of SEASON_RES) {
    const found = re.exec(scope);
    if (found && (!m || found.index < m.index)) m = found;
  }
  if (!m) return null;
  const v = /^\d+$/.test(m[1]!) ? Number(m[1]) : WORD_NUMBERS[m[1]!.toLowerCase()];
  return v && v >= 2 ? v : null;
}

const DATE_PHRASE_RE = new RegExp(`\\b((?:${MONTHS})\\s+\\d{1,2}(?:,\\s+\\d{4})?)`, "u");

export function countryTag(text: Text): string | null {
  const found = findCountries(normalizeText(`${text.title}\n${text.headSentences.join(" ")}`));
  return found[0]?.name ?? null;
}

/** Genre phrases in a lower-cased sentence, longest first where they overlap. */
function genreSpans(lower: string): Array<{ genre: string; start: number; end: number }> {
  const spans: Array<{ genre: string; start: number; end: number }> = [];
  for (const { phrase, start, end } of GENRE_LIST.occurrencesIn(lower)) {
    if (!spans.some((o) => o.start <= start && o.end >= end)) spans.push({ genre: phrase, start, end });
  }
  return spans.filter((a) => !spans.some((b) => b !== a && b.start <= a.start && b.end >= a.end && b.end - b.start > a.end - a.start));
}
/** Characters between two spans (0 when they touch or overlap). */
function gap(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return a.end <= b.start ? b.start - a.end : b.end <= a.start ? a.start - b.end : 0;
}

/** Where each of `titles` occurs in `sentence`. */
function titleSpans(sentence: string, titles: readonly string[]): Array<{ title: string; start: number; end: number }> {
  const spans: Array<{ title: string; start: number; end: number }> = [];
  for (const title of titles) {
    for (let at = sentence.indexOf(title); at >= 0; at = sentence.indexOf(title, at + title.length)) spans.push({ title, start: at, end: at + title.length });
  }
  return spans;
}

const LIST_GLUE = /^[\s,“”"‘’']*(?:(?:and|or|&)[\s“”"‘’']*)?$/u;

/** The text between a title and a genre with the story's titles taken out. */
function between(sentence: string, a: { start: number; end: number }, b: { start: number; end: number }, titles: readonly string[]): string {
  let text = a.end <= b.start ? sentence.slice(a.end, b.start) : sentence.slice(b.end, a.start);
  for (const t of titles) text = text.split(t).join(" ");
  return text.replace(/\s+as\s*$/u, "").replace(/^\s*as\s+/u, "");
}

/**
 * The genre the sentence gives `title`: the genre phrase nearest to it, provided no other title of
 * the story is nearer ("Dates ‘Man of Tomorrow’ Sequel, Moves Horror Film ‘Night Shift’": horror is
 * Night Shift's).
 */
export function genreFor(sentence: string, title: string, titles: readonly string[]): string | null {
  const spans = titleSpans(sentence, titles);
  const mine = spans.filter((s) => s.title === title);
  if (mine.length === 0) return null;
  let best: { genre: string; distance: number } | null = null;
  for (const g of genreSpans(sentence.toLowerCase())) {
    const distance = Math.min(...mine.map((t) => gap(t, g)));
    if (distance > 60) continue;
    // Titles listed together (“A,” “B” and “C” as unscripted series) share the genre.
    const listed = mine.some((t) => LIST_GLUE.test(between(sentence, t, g, titles)));
    if (!listed && spans.some((o) => o.title !== title && gap(o, g) < distance)) continue;
    if (!best || distance < best.distance) best = { genre: g.genre, distance };
  }
  return best?.genre ?? null;
}

const DATE_G_RE = new RegExp(DATE_PHRASE_RE.source, "gu");
const MOVE_RE = new RegExp(
  `\\b(?:mov|shift|push|bump|delay|slid|slott)\\w*\\b[^.;]*?\\bfrom ((?:${MONTHS})\\s+\\d{1,2}(?:,\\s+\\d{4})?) to ((?:${MONTHS})\\s+\\d{1,2}(?:,\\s+\\d{4})?)`,
  "u",
);

/** "set for <date>" or "shifted to <new> from <old>", from the sentence about the title (the date after it first). */
export function dateFor(sentence: string, title: string): string | null {
  const at = Math.max(0, sentence.indexOf(title));
  const move = MOVE_RE.exec(sentence);
  if (move && move.index + move[0].length > at) return `shifted to ${move[2]} from ${move[1]}`;
  const dates = [...sentence.matchAll(DATE_G_RE)];
  const after = dates.find((d) => d.index >= at);
  const pick = after ?? dates[dates.length - 1];
  return pick ? `set for ${pick[1]}` : null;
}

/** Whether the story is about the sequel to `title` rather than the title itself. */
export function isSequel(text: Text, title: string): boolean {
  const q = "[’'”\"]?";
  const re = new RegExp(`${escapeRe(title)}${q},?\\s+sequel\\b|\\bsequel to (?:the )?[“"‘']?${escapeRe(title)}`, "iu");
  return re.test(text.title) || re.test(text.headSentences[0] ?? "");
}
