// The offline line writer (spec §5): extractive and rule-aided, no model. Every name, number and title
// in a line is copied from the article's title or text; only fixed labels ("Exit:", "Interview:"),
// genre words, season markers ("S2" from "second season") and country tags ("[UK]" from "British")
// are added.

import type { Classification, EngineInput, FactDraft } from "../../core/engine.js";
import type { Category } from "../../core/taxonomy.js";
import { findCountries, stripLeadPrefix } from "./features.js";
import { COUNTRIES, kindOfCategory } from "./lexicon.js";
import { compileChecks, TextIndex, type Check } from "./prefilter.js";
import { normalizeText, splitSentences } from "./tokenize.js";

/** Networks, streamers and studios that a title list names as its platform, most specific first. */
export const PLATFORMS: readonly string[] = [
  "Amazon MGM Studios",
  "Amazon MGM",
  "Prime Video",
  "Amazon Freevee",
  "Freevee",
  "MGM+",
  "Amazon Studios",
  "Amazon",
  "Apple TV+",
  "Apple Original Films",
  "Apple TV",
  "Apple",
  "Universal Pictures International",
  "Universal Pictures",
  "Universal Television",
  "Universal International Studios",
  "Universal Studio Group",
  "Focus Features",
  "DreamWorks Animation",
  "Illumination",
  "Peacock",
  "NBC",
  "Bravo",
  "USA Network",
  "Syfy",
  "E!",
  "Telemundo",
  "Oxygen",
  "Sky",
  "NBCUniversal",
  "Comcast",
  "Walt Disney Studios",
  "Disney Branded Television",
  "Disney+",
  "Disney Channel",
  "Disney Junior",
  "Disney",
  "Hulu",
  "ABC",
  "FX",
  "Freeform",
  "National Geographic",
  "Nat Geo",
  "ESPN",
  "20th Century Studios",
  "20th Television",
  "Searchlight Pictures",
  "Pixar",
  "Marvel Studios",
  "Lucasfilm",
  "Netflix",
  "Paramount Pictures",
  "Paramount Animation",
  "Paramount Television Studios",
  "Paramount+",
  "Paramount",
  "CBS Studios",
  "CBS",
  "Showtime",
  "MTV",
  "Nickelodeon",
  "Comedy Central",
  "BET+",
  "BET",
  "Pluto TV",
  "Skydance",
  "Sony Pictures Entertainment",
  "Sony Pictures Classics",
  "Sony Pictures Television",
  "Sony Pictures Animation",
  "Sony Pictures",
  "Sony",
  "Columbia Pictures",
  "TriStar",
  "Screen Gems",
  "Crunchyroll",
  "Warner Bros. Pictures",
  "Warner Bros. Television",
  "Warner Bros. Discovery",
  "Warner Bros.",
  "New Line",
  "HBO Max",
  "HBO",
  "Max",
  "TNT",
  "TBS",
  "CNN",
  "Discovery+",
  "Discovery",
  "TLC",
  "HGTV",
  "Food Network",
  "Investigation Discovery",
  "Adult Swim",
  "Cartoon Network",
  "DC Studios",
  "A24",
  "Lionsgate",
  "Starz",
  "AMC+",
  "AMC",
  "The CW",
  "Fox",
  "Tubi",
  "Roku",
  "YouTube",
  "BBC",
  "ITV",
  "Channel 4",
  "Canal+",
  "Neon",
  "Blumhouse",
];

/** Genre words and phrases, longest first, as they appear in report lines. */
const GENRES: readonly string[] = [
  "romantic comedy",
  "romantic drama",
  "sci-fi comedy",
  "horror comedy",
  "action comedy",
  "dark comedy",
  "black comedy",
  "workplace comedy",
  "family comedy",
  "relationship comedy",
  "musical comedy",
  "comedy thriller",
  "adventure comedy",
  "adventure drama",
  "comedy drama",
  "horror thriller",
  "heist thriller",
  "supernatural thriller",
  "fantasy drama",
  "sci-fi drama",
  "historical drama",
  "sports drama",
  "teen drama",
  "animated comedy series",
  "docuseries",
  "comedy-drama",
  "crime drama",
  "legal drama",
  "medical drama",
  "period drama",
  "family drama",
  "political thriller",
  "psychological thriller",
  "erotic thriller",
  "spy thriller",
  "crime thriller",
  "action thriller",
  "horror thriller",
  "sci-fi thriller",
  "true crime docuseries",
  "true crime",
  "limited series",
  "drama series",
  "comedy series",
  "docuseries",
  "documentary series",
  "documentary",
  "reality series",
  "reality competition",
  "competition series",
  "game show",
  "talk show",
  "late-night show",
  "sketch comedy",
  "stand-up special",
  "comedy special",
  "animated series",
  "animated feature",
  "animated comedy",
  "adult animated",
  "anime",
  "musical",
  "biopic",
  "procedural",
  "sitcom",
  "dramedy",
  "rom-com",
  "thriller",
  "horror",
  "comedy",
  "drama",
  "sci-fi",
  "fantasy",
  "western",
  "mystery",
  "action",
  "superhero",
  "anthology",
  "docudrama",
  "reality",
  "unscripted",
  "animation",
  "adventure",
  "satire",
  "coming-of-age",
];

const WORD_NUMBERS: Record<string, number> = {
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

/** Trade-press attribution tails that a report line drops. */
const ATTRIBUTION_RE =
  /,?\s*(?:(?:Variety|Deadline|The Hollywood Reporter|THR|IndieWire|TheWrap) (?:has (?:learned|confirmed)|can (?:exclusively )?(?:reveal|report|confirm)|hears|understands)(?: exclusively)?|(?:sources|insiders|people) (?:say|tell [A-Z]\w+)|according to (?:sources|insiders|people|a (?:staff )?memo|an internal memo|a (?:press )?release|the company|[^,.]{0,40}?sources?)[^,.]*|it was announced (?:on )?\w*|people say|sources say)(?=[,.;!?]|$)/g;

interface Text {
  title: string;
  body: string;
  /** Title + body, for faithfulness lookups. */
  all: string;
  sentences: string[];
  headSentences: string[];
}

function prepareText(input: EngineInput): Text {
  // A left quote used as an apostrophe ("Taylor‘s") would hide a possessive from the title patterns.
  // (Most texts have no left quote at all: no regex pass over them.)
  const apostrophes = (x: string) => (x.includes("‘") ? x.replace(/(\p{L})‘(s|t|re|ll|ve|d)\b/gu, "$1’$2") : x);
  const title = apostrophes(stripLeadPrefix(input.article.title.trim()));
  const body = apostrophes(stripLeadPrefix(input.article.content.trim()));
  const sentences = splitSentences(body);
  return { title, body, all: `${input.article.title}\n${input.article.content}`, sentences, headSentences: sentences.slice(0, 3) };
}

// A `wordRe` match is the phrase verbatim, not preceded by a letter or digit: a text without it has none.
const PLATFORM_CHECKS: ReadonlyArray<Check[] | null> = PLATFORMS.map((p) => compileChecks([{ text: p, anchored: true }]));
const GENRE_CHECKS: ReadonlyArray<Check[] | null> = GENRES.map((g) => compileChecks([{ text: g, anchored: true }]));

/** The earliest of `phrases` named in `scope` as a whole word (longest spelling on ties), or null. */
function earliestPhrase(scope: string, phrases: readonly string[], checks: ReadonlyArray<Check[] | null>): string | null {
  const index = new TextIndex(scope);
  let best: { p: string; index: number } | null = null;
  for (let i = 0; i < phrases.length; i++) {
    if (!index.mayMatch(checks[i]!)) continue;
    const p = phrases[i]!;
    const m = wordRe(p).exec(scope);
    if (m && (!best || m.index < best.index || (m.index === best.index && p.length > best.p.length))) best = { p, index: m.index };
  }
  return best?.p ?? null;
}

/** The earliest platform named in `scope` (longest spelling on ties), or null. */
function earliestPlatform(scope: string): string | null {
  return earliestPhrase(scope, PLATFORMS, PLATFORM_CHECKS);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const WORD_RES = new Map<string, RegExp>();

/** Whole-word pattern for a phrase; compiled once per phrase (the platform and genre lists are fixed). */
function wordRe(phrase: string, flags = "u"): RegExp {
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

/** Cleans a sentence into a report line: no attribution tail, no final period, no dangling quote. */
export function tidy(sentence: string): string {
  let s = stripLeadPrefix(sentence.trim()).replace(ATTRIBUTION_RE, "").replace(/\s+/g, " ").trim();
  s = s.replace(/^(?:In this article|Related:?)\s*/i, "");
  s = s
    .replace(/[\s,;:–—-]+$/u, "")
    .replace(/\.$/, "")
    .replace(/[,.]([”"])$/u, "$1")
    .trim();
  return s;
}

const DANGLING = /\s+(?:and|or|but|the|a|an|of|to|with|for|in|on|at|by|from|as|its|their|his|her|that|which|who|while|after|amid)$/i;

/** Shortens to at most `max` characters at a clause or word boundary, never ending on a function word. */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const at = Math.max(cut.lastIndexOf(", "), cut.lastIndexOf(" – "), cut.lastIndexOf(" — "), cut.lastIndexOf("; "));
  let base = at > max * 0.55 ? cut.slice(0, at) : cut.slice(0, cut.lastIndexOf(" "));
  base = base.replace(/[\s,;:–—-]+$/u, "");
  while (DANGLING.test(base)) base = base.replace(DANGLING, "");
  // An unmatched opening quote or bracket is closed by cutting before it.
  const openQuote = (base.match(/[“(]/g) ?? []).length > (base.match(/[”)]/g) ?? []).length;
  if (openQuote) base = base.slice(0, Math.max(base.lastIndexOf("“"), base.lastIndexOf("("))).replace(/[\s,;:–—-]+$/u, "");
  return base;
}

// ---------------------------------------------------------------------------------------------
// Names, titles, platforms

const NAME_WORD = "[A-Z][a-z]+(?:[’'][A-Z][a-z]+)?(?:-[A-Z][a-z]+)?";
const NAME_RE = new RegExp(
  `\\b(${NAME_WORD}(?:\\s+[A-Z]\\.)?(?:\\s+(?:de |van |von |del |da |Mc|Mac)?${NAME_WORD}){1,2}(?:\\s+(?:Jr\\.|Sr\\.|II|III))?)`,
  "gu",
);
const NOT_NAME_WORDS = new Set(
  (
    "The A An In On At For With From This That These Those And But Or As After Before When While Why How What Who Where " +
    "Netflix Amazon Apple Disney Warner Bros Discovery Paramount Sony Universal Comcast Peacock Hulu Max Studios Studio Pictures Television " +
    "Entertainment Media Group Network Networks Films Film News Global International Productions Prime Video Original Originals Series Season " +
    "Street Park Company Channel Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August " +
    "September October November December Los Angeles New York London Hollywood Emmy Oscar Golden Globe Award Awards Festival Variety Deadline " +
    "Reporter President Chief Executive Officer Vice Head Chairman Chair Senior Director Manager Former Longtime Veteran Exclusive Report TV " +
    "Specialty Theatrical Distribution Marketing Production Development Programming Content Communications Operations Business Affairs " +
    "Strategy Sales Advertising Animation Unscripted Scripted Documentary Sports Digital Streaming Corporate Worldwide Domestic Creative " +
    "Partner Partners Capital Holdings Inc LLC Agency Talent Management Ventures Labs Officer Global Studios Division Unit Team Board"
  ).split(" "),
);

function looksLikePerson(candidate: string): boolean {
  const words = candidate.split(/\s+/).filter((w) => !/^[A-Z]\.$/.test(w));
  if (words.length < 2) return false;
  return words.every((w) => !NOT_NAME_WORDS.has(w.replace(/[’']s$/, "")));
}

/** People named in the text, earliest first. */
export function findPeople(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(NAME_RE)) {
    let name = m[1]!.replace(/[’']s$/, "");
    // Drop a leading capitalised common word ("Longtime Zaslav aide David Leavy" is handled by the filter).
    const parts = name.split(/\s+/);
    while (parts.length > 2 && NOT_NAME_WORDS.has(parts[0]!)) parts.shift();
    name = parts.join(" ");
    if (looksLikePerson(name) && !out.includes(name)) out.push(name);
  }
  return out;
}

/** Quoted titles: “…”, "…", ‘…’ (headline style) in the given text. */
export function quotedTitles(text: string): string[] {
  const out: string[] = [];
  const re = /[“"]([^”"\n]{2,80}?)[,.]?[”"]|(?<![\p{L}])[‘']([^’'\n]{2,60}?)[’'](?![\p{L}])/gu;
  for (const m of text.matchAll(re)) {
    const t = (m[1] ?? m[2] ?? "").trim().replace(/[,.]$/, "");
    if (!t || !/^[\p{Lu}\p{N}]/u.test(t)) continue;
    if (t.split(/\s+/).length > 10) continue; // a quotation, not a title
    if (/[.!?]$/.test(t) || (/\b(?:I|we|I’m|I'm|it’s|it's)\b/.test(t) && t.split(/\s+/).length > 4)) continue;
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

const TITLE_WORD = "(?:[\\p{Lu}\\p{N}][\\p{L}\\p{N}’'\\-!?:&.]*)";
const TITLE_SMALL = "(?:of|the|and|in|on|a|an|to|for|at|&|de|la|el|with|from)";
const TITLE_SEQ = `${TITLE_WORD}(?:\\s+(?:${TITLE_SMALL}\\s+)*${TITLE_WORD}){0,7}`;
const TITLE_AFTER_NOUN_RE = new RegExp(
  `\\b(?:titled|dubbed|called|debut|trailer for|premiere of|return of|adaptation of|order to|star in|co-star in|direct and produce|to produce|to direct|series|drama|dramedy|comedy|thriller|film|movie|feature|docuseries|documentary|doc|sitcom|show|adaptation|project|limited series|reboot|remake|spinoff|spin-off|sequel|franchise|anime|romance|biopic|musical|format|special|specials|originals?|competition series|game show|title)\\s+(${TITLE_SEQ})`,
  "gu",
);
const TITLE_BEFORE_VERB_RE = new RegExp(
  `(?:^|[.;:]\\s+)(${TITLE_SEQ})\\s+(?:has|have|is|was|will)\\s+(?:been\\s+|be\\s+|officially\\s+)?(?:renewed|canceled|cancelled|ordered|picked up|greenlit|set|moving|getting|returning|headed|coming|not returning|ending|dated|showing no sign)`,
  "gu",
);
const TITLE_OBJECT_RE = new RegExp(
  `\\brights to (${TITLE_SEQ})|\\b(?:renewed|renews|canceled|cancelled|cancels|axed|ordered|orders|greenlit|greenlights|picked up|picks up|acquired|acquires|landed|lands|bought|buys|scooped up|nabbed|nabs|developing|dated|sets|set|acquire|preemptively acquire)\\s+(?:[\\p{Lu}][\\p{L}’'\\-]+(?:\\s+[\\p{Lu}][\\p{L}’'\\-]+)?[’']s\\s+(?:[a-z\\-]+\\s+){0,3})?(${TITLE_SEQ})`,
  "gu",
);

function cleanTitle(t: string, people: readonly string[]): string | null {
  if (/[’']s?$/.test(t.trim())) return null; // an owner ("Yorgos Lanthimos’ latest project"), not a title
  let title = t.trim().replace(/[,.:;]+$/, "");
  title = title.replace(/\s+(?:Season|S)\s*\d+$/i, "");
  if (title.length < 2 || title.length > 70) return null;
  if (/^(?:[A-Z]\.)+[A-Z]?\.?$|^[A-Z]\.[A-Z]$/.test(title) || /^\d+$/.test(title)) return null;
  if (/^[\p{Lu}][\p{L}]*-[a-z]+$/u.test(title)) return null; // "Oscar-nominated", "Emmy-winning"
  const words = title.split(/\s+/);
  if (words.length === 1 && NOT_NAME_WORDS.has(words[0]!)) return null;
  if (PLATFORMS.some((p) => p.toLowerCase() === title.toLowerCase())) return null;
  if (people.some((p) => p === title)) return null;
  if (/^(?:The|A|An|This|That|It|He|She|They|We|Season|Variety|Deadline|EXCLUSIVE|Exclusive|Sources?)$/.test(title)) return null;
  if (/^(?:Netflix|Amazon|Apple|Disney|Hulu|HBO|Max|Peacock|NBC|ABC|CBS|FX|Paramount|Sony|Universal|Warner)\b/.test(title) && words.length <= 2) return null;
  return title;
}

/** Words right before a title that make it a credit or a comparison, not the subject. */
const CREDIT_BEFORE_RE =
  /\b(?:from|behind|like|vein of|such as|compared to|comparisons? to|known for|credits include|follow[- ]up to|(?:work|role|turn|stint) (?:on|in)|starring|(?:producers?|creators?|co-creators?|showrunners?|stars?|directors?|writers?|makers?|alums?|veterans?|team) (?:of|behind|on))(?:\s+[\p{L}\p{N}’'-]+){0,4}\s*[“"‘']?$/iu;
/** Words right after a title that make it someone's credit ("‘Squid Game’ Producer", "‘Yellowstone’ Star"). */
const CREDIT_AFTER_RE =
  /^[’'”"]?,?\s*(?:producers?|creators?|co-creators?|stars?|directors?|helmer|writers?|scribe|showrunners?|alums?|team|actors?|actress|makers?|breakout|veteran)\b/i;

/** Whether `title`, as quoted in `sentence`, is named as a credit or a comparison rather than as the subject. */
export function isCredit(sentence: string, title: string): boolean {
  const at = sentence.indexOf(title);
  if (at < 0) return false;
  const before = sentence.slice(Math.max(0, at - 50), at);
  return CREDIT_BEFORE_RE.test(before) || CREDIT_AFTER_RE.test(sentence.slice(at + title.length, at + title.length + 20));
}

/** Titles a list story is about, best first (quoted in the headline > quoted in the lead > patterns). */
export function findTitles(text: Text, people: readonly string[]): string[] {
  const out: string[] = [];
  const push = (t: string | null) => {
    if (!t) return;
    if (out.some((o) => o.toLowerCase() === t.toLowerCase())) return;
    out.push(t);
  };
  const quoted = (sentence: string) => {
    for (const t of quotedTitles(sentence)) {
      // A title quoted as someone's earlier work, a comparison or a credit ("from ‘Squid Game’ producer",
      // "in the vein of “Parasite”") is not the story's; after the first title, "of"/"including" too.
      if (isCredit(sentence, t)) continue;
      const before = sentence.slice(Math.max(0, sentence.indexOf(t) - 30), Math.max(0, sentence.indexOf(t) - 1));
      if (out.length > 0 && /\b(?:of|from|behind|star|actor|actress|director|creator|writer|producer|like|including)\b[^“"‘']*$/i.test(before)) continue;
      push(cleanTitle(t, []));
    }
  };
  quoted(text.title);
  if (out.length > 0) return out;
  // Titles quoted in the lead: those of the first sentence that quotes any (later ones are credits).
  for (const sentence of text.headSentences.slice(0, 3)) {
    quoted(sentence);
    if (out.length > 0) return out;
  }
  for (const source of [text.title, ...text.headSentences.slice(0, 3)]) {
    for (const re of [TITLE_BEFORE_VERB_RE, TITLE_OBJECT_RE, TITLE_AFTER_NOUN_RE]) {
      re.lastIndex = 0;
      // A person's name looks like a title; only the "X has been renewed" pattern can start with one.
      // A credit looks like a title ("his work on the Apple series Palm Royale", "pilot starring Ethan Hawke").
      for (const m of source.matchAll(re)) {
        const t = m[1] ?? m[2] ?? "";
        if (isCredit(source, t)) continue;
        // Only the "X has been renewed" pattern can start with a person's name; a two-word title
        // ("Send Help") looks like one, so the others do not check.
        push(cleanTitle(t, re === TITLE_BEFORE_VERB_RE ? people : []));
      }
      // Unquoted titles are found by pattern: trust only the first (later ones are often sources or credits).
      if (out.length > 0) return out.slice(0, 1);
    }
  }
  return out;
}

/** The platform named nearest after the title (or anywhere in the head), as the article spells it. */
export function findPlatform(text: Text, near: string | null): string | null {
  const scopes: string[] = [];
  if (near) {
    for (const s of [...text.headSentences, text.title]) if (s.includes(near)) scopes.push(s);
  }
  scopes.push(text.title, text.headSentences.join(" "), text.body.slice(0, 1500));
  for (const scope of scopes) {
    const best = earliestPlatform(scope);
    if (best) return best;
  }
  return null;
}

/** The earliest platform named in one piece of text (longest spelling on ties). */
function platformIn(scope: string): string | null {
  return earliestPlatform(scope);
}

function findGenre(scope: string): string | null {
  return earliestPhrase(scope.toLowerCase(), GENRES, GENRE_CHECKS);
}

function findSeason(scope: string): number | null {
  const m =
    /\bseason\s+(\d{1,2})\b/i.exec(scope) ??
    /\b(\d{1,2})(?:st|nd|rd|th) (?:and final )?season\b/i.exec(scope) ??
    /\b(?:for|into|of) (?:a |its )?(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)(?:\s+and\s+(?:final\s+)?)?\s*(?:final\s+)?season\b/i.exec(
      scope,
    );
  if (!m) return null;
  const v = /^\d+$/.test(m[1]!) ? Number(m[1]) : WORD_NUMBERS[m[1]!.toLowerCase()];
  return v && v >= 2 ? v : null;
}

const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Aug\\.|Sept\\.|Oct\\.|Nov\\.|Dec\\.";
const DATE_PHRASE_RE = new RegExp(`\\b((?:${MONTHS})\\s+\\d{1,2}(?:,\\s+\\d{4})?)`, "u");

function countryTag(text: Text): string | null {
  const found = findCountries(normalizeText(`${text.title}\n${text.headSentences.join(" ")}`));
  return found[0]?.name ?? null;
}

// ---------------------------------------------------------------------------------------------
// Line kinds

const LIST_KINDS = new Set(["development", "greenlights", "pickups", "dating", "renewals", "cancellations"]);

/** Genre phrases in a lower-cased sentence, longest first where they overlap. */
function genreSpans(lower: string): Array<{ genre: string; start: number; end: number }> {
  const index = new TextIndex(lower);
  const spans: Array<{ genre: string; start: number; end: number }> = [];
  for (let i = 0; i < GENRES.length; i++) {
    if (!index.mayMatch(GENRE_CHECKS[i]!)) continue;
    const g = GENRES[i]!;
    const re = wordRe(g, "gu");
    for (const m of lower.matchAll(re)) {
      const span = { genre: g, start: m.index, end: m.index + g.length };
      if (!spans.some((o) => o.start <= span.start && o.end >= span.end)) spans.push(span);
    }
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
function genreFor(sentence: string, title: string, titles: readonly string[]): string | null {
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
function dateFor(sentence: string, title: string): string | null {
  const at = Math.max(0, sentence.indexOf(title));
  const move = MOVE_RE.exec(sentence);
  if (move && move.index + move[0].length > at) return `shifted to ${move[2]} from ${move[1]}`;
  const dates = [...sentence.matchAll(DATE_G_RE)];
  const after = dates.find((d) => d.index >= at);
  const pick = after ?? dates[dates.length - 1];
  return pick ? `set for ${pick[1]}` : null;
}

/** Whether the story is about the sequel to `title` rather than the title itself. */
function isSequel(text: Text, title: string): boolean {
  const q = "[’'”\"]?";
  const re = new RegExp(`${escapeRe(title)}${q},?\\s+sequel\\b|\\bsequel to (?:the )?[“"‘']?${escapeRe(title)}`, "iu");
  return re.test(text.title) || re.test(text.headSentences[0] ?? "");
}

function titleListFacts(text: Text, category: Category, company: string): FactDraft[] {
  const kind = kindOfCategory(category);
  const head = [text.title, ...text.headSentences].join(" ");
  const people = findPeople(text.headSentences.join(" "));
  const titles = findTitles(text, people).slice(0, 6);
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
      about.map(platformIn).find(Boolean) ??
      platformIn(text.title) ??
      findPlatform(text, null) ??
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

const CANCELED_AFTER_RE = /\b(?:canceled|cancelled|cancels|cancel|ending|ends|end|axed|scrapped)\b.{0,120}?\bafter (?:just |only )?((?:\w+|\d+) seasons?)\b/i;

const EXIT_RE =
  /\b(?:let go|lay(?:s|ing)? off|layoffs|exit(?:s|ing)?|step(?:s|ping)? down|depart(?:s|ing|ure)?|leav(?:e|es|ing)|ousted|fired|retir(?:e|es|ing)|part(?:s|ing)? ways|out at|cuts?|laid off|to (?:leave|depart))\b/i;
const PROMO_RE = /\b(?:promot(?:ed|es|ion)|elevat(?:ed|es|ing)|upped|upped to)\b/i;
/** An internal move: the person already works at the company ("moving the 18-year company veteran up from her post"). */
const INTERNAL_RE =
  /\b(?:company|studio|network|longtime|\d+-year) veteran\b|\bmoving (?:\w+ ){0,5}up from\b|\bup from (?:her|his|their) (?:current )?(?:post|role|position|job)\b|\bfrom (?:her|his|their) current (?:post|role|position)\b|\bhas been with the (?:company|studio|network)\b|\binternal(?:ly)? (?:candidate|promotion|hire)\b/i;
const NEWROLE_RE =
  /\b(?:new role|expanded role|adds? oversight|will now oversee|shifts? to|moves? to|transition(?:s|ing)? to|tak(?:es|ing) on (?:an? )?(?:expanded|new|additional|broader) (?:role|duties|responsibilities))\b/i;
const HIRE_RE = /\b(?:hire[sd]?|hiring|names|named|appoint(?:ed|s)|tapped|taps|joins?|join(?:ing)?|poach(?:es|ed)|recruit(?:s|ed)|set to lead|to lead)\b/i;

const JOB_RE =
  /\b((?:(?:Co-|co-)?(?:Executive Vice President|Senior Vice President|Vice President|EVP|SVP|VP|President|Chief [A-Z][a-z]+(?: [A-Z][a-z]+)? Officer|CEO|CFO|COO|CMO|CTO|Chairman|Chairwoman|Chair|Co-Chair|Head|Managing Director|General Manager|Director|Executive Producer|Editor-in-Chief|Publisher))(?:,? (?:and |& )?(?:of |for )?[A-Z][\w&’'-]*(?: (?:of|and|&|for|the|in)? ?[A-Z][\w&’'-]*)*)?)/u;

/** A job title as trade press writes it in running text ("president", "chief financial officer", "head of unscripted"). */
const LOWER_JOB =
  "(?:co-)?(?:(?:executive |senior )?vice president|evp|svp|president|chief [a-z]+(?: [a-z]+)? officer|ceo|cfo|coo|cmo|cto|chairman|chairwoman|co-chair|chair|head|managing director|general manager)" +
  "(?:,? (?:and |& )?(?:of|for) (?:the )?[\\p{L}\\p{N}&’'+-]+(?: (?:and|&|of|for)? ?[\\p{L}\\p{N}&’'+-]+){0,4}?(?=[,.;]| (?:at|who|and will|will|to|in|since|after|for|from|on|where|with)\\b|$))?";
/** "named Kristin Ames chief financial officer", "promoted X to president", "hired X as head of unscripted". */
const NAMED_AS_RE = (person: string) =>
  new RegExp(
    `${escapeRe(person)}(?:,? (?:as|to|to the (?:post|role) of|its(?: new| next)?|the (?:company|studio)[’']s(?: new| next)?|new|next)|,)? (?:its |the )?(${LOWER_JOB})`,
    "iu",
  );

const LOWER_ROLE = LOWER_JOB.slice(0, LOWER_JOB.indexOf("(?:,? (?:and"));
const AS_JOB_RE = new RegExp(
  `\\b(?:as|to become) (?:a |an |the |its |[\\p{Lu}][\\p{L}+.]*(?: [\\p{Lu}][\\p{L}+.]*)*[’']s )?(?:new |next )?(${LOWER_ROLE}(?: and ${LOWER_JOB}|${LOWER_JOB.slice(LOWER_ROLE.length)}))`,
  "iu",
);
const LOWER_BEFORE_RE = new RegExp(`(?:^|[\\s,(])(${LOWER_ROLE}(?: of [a-z][a-z ]*?)?)\\s+$`, "u");

/** Capitalises a job title written in running text, leaving acronyms and small words ("Head of Unscripted"). */
function jobCase(job: string): string {
  return job.replace(/[\p{L}][\p{L}’'-]*/gu, (w, offset: number) =>
    offset > 0 && /^(?:of|and|for|the|at|in|on|to)$/.test(w)
      ? w
      : /^(?:evp|svp|vp|ceo|cfo|coo|cmo|cto)$/i.test(w)
        ? w.toUpperCase()
        : w[0]!.toUpperCase() + w.slice(1),
  );
}

/** The person a story is about, their job title and company, and the sentence that names them. */
interface PersonRole {
  person: string;
  job: string | undefined;
  companyName: string | null;
  sentence: string;
}

/** The job title the sentence gives `person`: right after the name ("Name, EVP of …", "named Name CFO"), else just before it. */
function jobOf(sentence: string, person: string): string | undefined {
  const at = Math.max(0, sentence.indexOf(person));
  const rest = sentence.slice(at + person.length);
  // "Name, EVP of ..." or "Name as EVP of ..." (not "Name and VP of ... Other Name").
  const after = /^(?:,\s+|\s+as\s+|\s+to\s+)/.test(rest) ? rest.slice(0, 160) : "";
  const afterJob = JOB_RE.exec(after);
  if (afterJob && afterJob.index <= 12) return afterJob[1];
  const named = NAMED_AS_RE(person).exec(sentence.slice(at, at + person.length + 160));
  if (named) return jobCase(named[1]!.replace(/,$/, ""));
  // "will take the reins as a vice president …", "has been appointed as Netflix’s new head of film".
  const asJob = AS_JOB_RE.exec(rest.slice(0, 220));
  if (asJob) return jobCase(asJob[1]!.replace(/,$/, ""));
  const before = sentence.slice(Math.max(0, at - 70), at);
  // "chief communications officer Rachel Whetstone"
  const lowerBefore = LOWER_BEFORE_RE.exec(before);
  if (lowerBefore) return jobCase(lowerBefore[1]!);
  const beforeJobs = [...before.matchAll(new RegExp(JOB_RE.source, "gu"))];
  const closeBefore = beforeJobs.length ? beforeJobs[beforeJobs.length - 1] : undefined;
  if (closeBefore && before.length - (closeBefore.index + closeBefore[0].length) <= 25) return closeBefore[1];
  if (afterJob && afterJob.index <= 40) return afterJob[1];
  return undefined;
}

function personAndRole(text: Text, company: string, jobAtCompany = false): PersonRole | null {
  const headline = text.title;
  const lead = text.headSentences.join(" ");
  // Names are read from the sentence-case lead; a Title Case headline makes every phrase look like one.
  const people = findPeople(lead);
  const inTitle = people.find((p) => headline.includes(p) || headline.includes(p.split(" ").pop()!));
  const person = inTitle ?? people[0] ?? findPeople(headline)[0];
  if (!person) return null;
  // Job title: in the sentence that names the person, near the name.
  const sentence = text.headSentences.find((s) => s.includes(person)) ?? lead;
  let job = jobOf(sentence, person)
    ?.replace(/\s+(?:at|of)$/, "")
    .replace(/[,\s]+$/, "")
    .trim();
  // "Job at Company" as the sentence writes it, else the company the headline names (the hiring or
  // departed company) in its fullest spelling from the lead, else the nearest to the person.
  let companyName: string | null = null;
  if (job) {
    const jobAt = sentence.indexOf(job) >= 0 ? sentence.indexOf(job) : sentence.toLowerCase().indexOf(job.toLowerCase());
    const tail = jobAt >= 0 ? sentence.slice(jobAt + job.length, jobAt + job.length + 60) : "";
    const at = /^,?\s+at\s+(?:the\s+)?(.+)/.exec(tail);
    if (at) companyName = platformIn(at[1]!) && at[1]!.startsWith(platformIn(at[1]!)!) ? longestPlatformAt(at[1]!) : null;
    // "President of Sony Pictures Animation" reads "President at Sony Pictures Animation", as analysts write it.
    const of = /^(.+?) of (?:the )?(.+)$/.exec(job);
    if (jobAtCompany && !companyName && of && PLATFORMS.includes(of[2]!)) {
      job = of[1]!;
      companyName = of[2]!;
    }
  }
  if (!companyName) {
    const inHeadline = platformIn(text.title);
    const nearPerson = findPlatform({ ...text, headSentences: [sentence, ...text.headSentences] }, person);
    const fuller = inHeadline ? PLATFORMS.filter((p) => p.startsWith(inHeadline) && wordRe(p).test(lead)).sort((a, b) => b.length - a.length)[0] : undefined;
    companyName = fuller ?? inHeadline ?? nearPerson;
  }
  return { person, job, companyName: companyName ?? (company !== "Unknown" ? company : null), sentence };
}

/** The longest platform name `text` starts with. */
function longestPlatformAt(text: string): string | null {
  return PLATFORMS.filter((p) => text.startsWith(p) && !/[\p{L}\p{N}]/u.test(text[p.length] ?? "")).sort((a, b) => b.length - a.length)[0] ?? null;
}

/** "Name, Job at Company" (the company left out when the job already names it). */
function describeRole({ person, job, companyName }: PersonRole): string {
  let text = person;
  if (job) text += `, ${job}`;
  if (companyName && !(job && job.includes(companyName))) text += `${job ? " at" : ", at"} ${companyName}`;
  return text.replace(/, at /, " at ");
}

/** The sentence without what it says about other people (", who is leaving", "succeeds X, who ..."). */
function aboutSubject(sentence: string): string {
  return sentence.replace(/\b(?:succeed(?:s|ing)?|replac(?:es|ing)|follows the (?:exit|departure) of)\b[^.;]*/gi, "").replace(/,\s*who\b[^,.;]*/g, "");
}

/** Promotion, Hiring, Exit or New Role, from the verbs about the person in the headline and their sentence. */
export function execLabel(headline: string, sentence: string): "Promotion" | "Hiring" | "Exit" | "New Role" {
  const head = aboutSubject(headline);
  const own = aboutSubject(sentence);
  if (PROMO_RE.test(head) || PROMO_RE.test(own) || INTERNAL_RE.test(own)) return "Promotion";
  if (EXIT_RE.test(head) && !HIRE_RE.test(head)) return "Exit";
  if (NEWROLE_RE.test(head) || NEWROLE_RE.test(own)) return "New Role";
  if (HIRE_RE.test(head) || HIRE_RE.test(own)) return "Hiring";
  return EXIT_RE.test(own) ? "Exit" : "Hiring";
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

function execFact(text: Text, category: Category, company: string): FactDraft | null {
  const role = personAndRole(text, company, true);
  if (!role) return null;
  const label = execLabel(text.title, role.sentence);
  const line = `${label}: ${describeRole(role)}`;
  // One note: who they report to / succeed, else the next informative sentence about them; always a whole sentence.
  const lastName = role.person.split(" ").pop()!;
  const candidates = [
    ...text.sentences.slice(0, 8).filter((s) => /\breport(?:s|ing)? to\b|\bsucceed|\breplac/i.test(s)),
    ...text.sentences.slice(0, 5).filter((s) => s !== role.sentence && s.includes(lastName)),
    ...text.sentences.slice(0, 5).filter((s) => s.includes(lastName)),
  ];
  const note = candidates.map((s) => wholeNote(s)).find(Boolean);
  return { category, line, notes: note ? [note] : [] };
}

function isTitleCase(s: string): boolean {
  const words = s.split(/\s+/).filter((w) => /^[\p{L}]/u.test(w));
  if (words.length < 4) return false;
  const caps = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return caps / words.length > 0.7;
}

/** A lead sentence that reads as news: starts with a name, says what happened, not a quote or question. */
function newsyLead(text: Text): string | null {
  for (const s of text.headSentences.slice(0, 2)) {
    const t = tidy(s);
    if (t.length < 40 || t.length > 230) continue;
    if (/^[“"‘'(]/.test(t) || /\?$/.test(t)) continue;
    if (
      /^(?:In |As |When |While |After |Before |It |This |That |There |Here |If |Why |How |What |You |We |I |On |Over |For |With |Earlier |A year |It’s |It's )/.test(
        t,
      )
    )
      continue;
    if (!/^[\p{Lu}\p{N}]/u.test(t)) continue;
    return t;
  }
  return null;
}

/** A whole sentence up to this length beats a sentence cut mid-clause. */
const MAX_LINE = 200;

/** A subject followed by a "which/who" aside and then its verb. */
const SUBJECT_ASIDE_RE =
  /^([\p{Lu}][^,]{1,60}?),\s+(?:which|who)\b[^,]*,\s+(?=(?:is|are|was|were|has|have|had|will|would|can|could|may|might|remains|continues|says|said|plans|wants|reported|reports)\b)/u;

const WEEKDAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";

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

/** Headline figures of an earnings story, and the words that name them. */
const FIGURE_TERMS: ReadonlyArray<[string, RegExp]> = [
  ["revenue", /\b(?:revenue|sales)\b/i],
  ["profit", /\b(?:net income|net loss|profit|operating income|adjusted (?:oi|ebitda)|ebitda|earnings per share|per share|loss)\b/i],
  ["subscribers", /\b(?:subscribers|subscriptions|paid memberships|members|subs)\b/i],
  ["guidance", /\b(?:guidance|outlook|forecast|expects|projected)\b/i],
];
const FIGURE_RE = /[$€£]\s?\d|\b\d[\d,.]*\s?(?:%|percent|million|billion|bn|m)\b/i;

/** The figures a sentence states (a term with a number in the same sentence). */
function figuresIn(sentence: string): string[] {
  if (!FIGURE_RE.test(sentence)) return [];
  return FIGURE_TERMS.filter(([, re]) => re.test(sentence)).map(([name]) => name);
}

/**
 * Earnings: the line is the sentence with the most headline figures (revenue, profit, subscribers,
 * guidance) among the first ten, not whatever detail opens the story; other figures follow as notes.
 */
function earningsFact(text: Text, category: Category): FactDraft | null {
  const ranked = text.sentences
    .slice(0, 10)
    .map((s, i) => ({ s, i, figures: figuresIn(s) }))
    .filter((x) => x.figures.length > 0 && !/^[“"]/.test(x.s) && !/\?$/.test(x.s))
    .sort((a, b) => b.figures.length - a.figures.length || a.i - b.i);
  const best = ranked[0];
  if (!best) return null;
  const line = truncateWords(compress(tidy(best.s)), MAX_LINE);
  const covered = new Set(best.figures);
  const notes: string[] = [];
  for (const other of ranked.slice(1).sort((a, b) => a.i - b.i)) {
    if (notes.length >= 2 || other.figures.every((f) => covered.has(f))) continue;
    const note = wholeNote(other.s);
    if (!note) continue;
    other.figures.forEach((f) => covered.add(f));
    notes.push(note);
  }
  return { category, line, notes };
}

const THESIS_RE =
  /\b(?:the (?:question|point|bottom line|lesson|problem|truth|answer|risk) (?:now )?is|what (?:matters|this means)|(?:I|we) think|the only\b|needs? to\b|must\b|should\b|will have to\b|looks like|means that\b|in other words|the real\b)/i;
const SCENE_RE = /^(?:In |As |When |While |After |Before |Once |If |Why |How |What |Back in |Years ago|Last (?:year|week|month))/;

/**
 * Notes of a column, analysis or interview: up to two whole sentences that carry the point — those
 * that share the headline's words or state a thesis — never a scene-setter, question or fragment.
 */
function pointNotes(text: Text, headline: string, limit = 2): string[] {
  const words = new Set(
    normalizeText(headline)
      .split(/[^a-z0-9+]+/)
      .filter((w) => w.length > 3)
      .map((w) => w.slice(0, 5)),
  );
  const scored = text.sentences
    .slice(0, 12)
    .map((s, i) => {
      const note = s.length >= 50 && !/\?$/.test(s.trim()) && !SCENE_RE.test(s) && !/^[“"]/.test(s) ? wholeNote(s, 240) : null;
      const own = normalizeText(s)
        .split(/[^a-z0-9+]+/)
        .filter((w) => w.length > 3)
        .map((w) => w.slice(0, 5));
      const overlap = new Set(own.filter((w) => words.has(w))).size;
      return { note, i, score: overlap + (THESIS_RE.test(s) ? 2 : 0) - i * 0.1 };
    })
    .filter((x): x is { note: string; i: number; score: number } => x.note !== null && x.score > 0);
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.note);
}

/** Everything else: one headline-style sentence chosen from the lead or the headline. */
function headlineFact(text: Text, category: Category, company: string, isColumn: boolean, isInterview: boolean): FactDraft {
  const headline = tidy(text.title.replace(/\s*[|–—-]\s*(?:Variety|Deadline|The Hollywood Reporter|IndieWire|TheWrap)$/i, ""));
  if (isColumn) {
    const subject = headline.replace(/\s*[:|–—-]\s*(?:Column|Commentary|Opinion|Analysis)$/i, "");
    return { category, line: `Commentary: ${subject}`, notes: pointNotes(text, subject) };
  }
  if (isInterview) {
    // Spec §5: `Interview: <who, role>`; the headline when the lead names nobody with a job title.
    const role = personAndRole(text, company);
    return { category, line: `Interview: ${role?.job ? describeRole(role) : headline}`, notes: pointNotes(text, headline) };
  }
  if (kindOfCategory(category) === "earnings") {
    const fact = earningsFact(text, category);
    if (fact) return fact;
  }
  const found = newsyLead(text);
  const lead = found ? compress(found) : null;
  // Prefer a sentence-case lead over a Title Case headline; otherwise the headline reads fine.
  const line =
    lead && (isTitleCase(headline) || headline.length < 25 || headline.length > 150)
      ? truncateWords(lead, MAX_LINE)
      : truncateWords(isTitleCase(headline) ? headline : compress(headline), MAX_LINE);
  return { category, line: line || text.title, notes: [] };
}

export function writeLines(input: EngineInput, classification: Classification): { facts: FactDraft[]; review: string[] } {
  const text = prepareText(input);
  const category = classification.category;
  const kind = kindOfCategory(category);
  const review: string[] = [];
  const url = input.article.url.toLowerCase();
  const scope = normalizeText(`${text.title} ${text.headSentences[0] ?? ""}`);
  const isColumn = /\/(?:columns?|opinion|commentary)\//.test(url) || /\b(?:column|commentary|opinion)\b/.test(normalizeText(text.title));
  const isInterview = /\binterview\b|\bq&a\b/.test(scope) || /\/interviews?\//.test(url);

  if (kind === "exec") {
    const fact = execFact(text, category, input.company);
    if (fact) return { facts: [fact], review };
    review.push("exec change: no person name found; the headline stands in");
  } else if (LIST_KINDS.has(kind)) {
    const facts = titleListFacts(text, category, input.company);
    if (facts.length > 0) return { facts, review };
    review.push("title list: no title found; the headline stands in");
  }
  return { facts: [headlineFact(text, category, input.company, isColumn, isInterview)], review };
}

/** Country names the writer may add as `[Country]` tags (for faithfulness checks). */
export const COUNTRY_TAGS: readonly string[] = COUNTRIES.map((c) => c.name);
