// The offline line writer (spec §5): extractive and rule-aided, no model. Every name, number and title
// in a line is copied from the article's title or text; only fixed labels ("Exit:", "Interview:"),
// genre words, season markers ("S2" from "second season") and country tags ("[UK]" from "British")
// are added.

import type { Classification, EngineInput, FactDraft } from "../engine.js";
import type { Category } from "../../pipeline/taxonomy.js";
import { findCountries, stripLeadPrefix } from "./features.js";
import { COUNTRIES, kindOfCategory } from "./lexicon.js";
import { compileChecks, TextIndex, type Check } from "./prefilter.js";
import { normalizeText, splitSentences } from "./tokenize.js";

/** Networks, streamers and studios that a title list names as its platform, most specific first. */
export const PLATFORMS: readonly string[] = [
  "Amazon MGM Studios", "Amazon MGM", "Prime Video", "Amazon Freevee", "Freevee", "MGM+", "Amazon Studios", "Amazon",
  "Apple TV+", "Apple Original Films", "Apple TV", "Apple",
  "Universal Pictures International", "Universal Pictures", "Universal Television", "Universal International Studios", "Universal Studio Group",
  "Focus Features", "DreamWorks Animation", "Illumination", "Peacock", "NBC", "Bravo", "USA Network", "Syfy", "E!", "Telemundo", "Oxygen", "Sky",
  "NBCUniversal", "Comcast", "Walt Disney Studios", "Disney Branded Television", "Disney+", "Disney Channel", "Disney Junior", "Disney", "Hulu", "ABC", "FX", "Freeform",
  "National Geographic", "Nat Geo", "ESPN", "20th Century Studios", "20th Television", "Searchlight Pictures", "Pixar", "Marvel Studios", "Lucasfilm",
  "Netflix",
  "Paramount Pictures", "Paramount Animation", "Paramount Television Studios", "Paramount+", "Paramount", "CBS Studios", "CBS", "Showtime", "MTV",
  "Nickelodeon", "Comedy Central", "BET+", "BET", "Pluto TV", "Skydance",
  "Sony Pictures Entertainment", "Sony Pictures Classics", "Sony Pictures Television", "Sony Pictures Animation", "Sony Pictures", "Sony", "Columbia Pictures", "TriStar", "Screen Gems", "Crunchyroll",
  "Warner Bros. Pictures", "Warner Bros. Television", "Warner Bros. Discovery", "Warner Bros.", "New Line", "HBO Max", "HBO", "Max", "TNT", "TBS", "CNN",
  "Discovery+", "Discovery", "TLC", "HGTV", "Food Network", "Investigation Discovery", "Adult Swim", "Cartoon Network", "DC Studios",
  "A24", "Lionsgate", "Starz", "AMC+", "AMC", "The CW", "Fox", "Tubi", "Roku", "YouTube", "BBC", "ITV", "Channel 4", "Canal+", "Neon", "Blumhouse",
];

/** Genre words and phrases, longest first, as they appear in report lines. */
const GENRES: readonly string[] = [
  "romantic comedy", "romantic drama", "sci-fi comedy", "horror comedy", "action comedy", "dark comedy", "black comedy", "workplace comedy", "family comedy", "relationship comedy", "musical comedy", "comedy thriller", "adventure comedy", "adventure drama", "comedy drama", "horror thriller", "heist thriller", "supernatural thriller", "fantasy drama", "sci-fi drama", "historical drama", "sports drama", "teen drama", "animated comedy series", "docuseries", "comedy-drama", "crime drama", "legal drama", "medical drama", "period drama", "family drama", "political thriller",
  "psychological thriller", "erotic thriller", "spy thriller", "crime thriller", "action thriller", "horror thriller", "sci-fi thriller",
  "true crime docuseries", "true crime", "limited series", "drama series", "comedy series", "docuseries", "documentary series", "documentary",
  "reality series", "reality competition", "competition series", "game show", "talk show", "late-night show", "sketch comedy", "stand-up special",
  "comedy special", "animated series", "animated feature", "animated comedy", "adult animated", "anime", "musical", "biopic", "procedural", "sitcom",
  "dramedy", "rom-com", "thriller", "horror", "comedy", "drama", "sci-fi", "fantasy", "western", "mystery", "action", "superhero", "anthology",
  "docudrama", "reality", "unscripted", "animation", "adventure", "satire", "coming-of-age",
];

const WORD_NUMBERS: Record<string, number> = {
  second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12,
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
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
  let s = stripLeadPrefix(sentence.trim())
    .replace(ATTRIBUTION_RE, "")
    .replace(/\s+/g, " ")
    .trim();
  s = s.replace(/^(?:In this article|Related:?)\s*/i, "");
  s = s.replace(/[\s,;:–—-]+$/u, "").replace(/\.$/, "").trim();
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
const NAME_RE = new RegExp(`\\b(${NAME_WORD}(?:\\s+[A-Z]\\.)?(?:\\s+(?:de |van |von |del |da |Mc|Mac)?${NAME_WORD}){1,2}(?:\\s+(?:Jr\\.|Sr\\.|II|III))?)`, "gu");
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
    if (/[.!?]$/.test(t) || /\b(?:I|we|I’m|I'm|it’s|it's)\b/.test(t) && t.split(/\s+/).length > 4) continue;
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
      // A title quoted as someone's credit ("the Oscar-winning actor of “The Artist”") is not the story's.
      const before = sentence.slice(Math.max(0, sentence.indexOf(t) - 30), Math.max(0, sentence.indexOf(t) - 1));
      if (out.length > 0 && /\b(?:of|from|behind|star|actor|actress|director|creator|writer|producer|like|including)\b[^“"‘']*$/.test(before)) continue;
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
      for (const m of source.matchAll(re)) push(cleanTitle(m[1] ?? m[2] ?? "", re === TITLE_BEFORE_VERB_RE ? people : []));
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
  const m = /\bseason\s+(\d{1,2})\b/i.exec(scope) ?? /\b(\d{1,2})(?:st|nd|rd|th) (?:and final )?season\b/i.exec(scope) ?? /\b(?:for|into|of) (?:a |its )?(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)(?:\s+and\s+(?:final\s+)?)?\s*(?:final\s+)?season\b/i.exec(scope);
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

function titleListFacts(text: Text, category: Category, company: string): FactDraft[] {
  const kind = kindOfCategory(category);
  const head = [text.title, ...text.headSentences].join(" ");
  const people = findPeople(text.headSentences.join(" "));
  const titles = findTitles(text, people).slice(0, 6);
  if (titles.length === 0) return [];
  const intl = category.includes("-> International ->") ? countryTag(text) : null;
  const facts: FactDraft[] = [];
  for (const title of titles) {
    const scope = [text.title, ...text.headSentences].find((s) => s.includes(title)) ?? head;
    const platform = findPlatform(text, title) ?? (company !== "Unknown" && wordRe(company, "iu").test(text.all) ? company : null);
    const at = Math.max(0, scope.indexOf(title));
    const genre = findGenre(scope.slice(Math.max(0, at - 45), at + title.length + 60)) ?? findGenre(scope.slice(0, 400)) ?? findGenre(head);
    let name = title;
    if (kind === "renewals") {
      const renewal = [text.title, ...text.headSentences].find((x) => /\brenew/i.test(x) && findSeason(x) !== null);
      const season = (renewal ? findSeason(renewal) : null) ?? findSeason(scope) ?? findSeason(head);
      if (season) name = `${title} S${season}`;
    }
    const parts: string[] = [];
    if (platform) parts.push(platform);
    if (genre) parts.push(genre);
    if (kind === "dating") {
      const date = DATE_PHRASE_RE.exec(scope) ?? DATE_PHRASE_RE.exec(head);
      if (date) parts.push(`set for ${date[1]}`);
    }
    if (kind === "cancellations") {
      const after = /\b(?:canceled|cancelled|ending|end|axed)\b.{0,30}?\bafter (\w+ seasons?)\b/i.exec(head);
      if (after) parts.push(`canceled after ${after[1]}`);
    }
    const line = `${intl ? `[${intl}] ` : ""}${name}${parts.length ? `: ${parts.join(", ")}` : ""}`;
    facts.push({ category, line, notes: [] });
  }
  return facts;
}

const EXIT_RE = /\b(?:exit(?:s|ing)?|step(?:s|ping)? down|depart(?:s|ing|ure)?|leav(?:e|es|ing)|ousted|fired|retir(?:e|es|ing)|part(?:s|ing)? ways|out at|cuts?|laid off|to (?:leave|depart))\b/i;
const PROMO_RE = /\b(?:promot(?:ed|es|ion)|elevat(?:ed|es)|upped|upped to)\b/i;
const NEWROLE_RE = /\b(?:new role|expanded role|adds? oversight|will now oversee|shifts? to|moves? to|transition(?:s|ing)? to)\b/i;
const HIRE_RE = /\b(?:hire[sd]?|hiring|named|appoint(?:ed|s)|tapped|taps|joins?|join(?:ing)?|poach(?:es|ed)|recruit(?:s|ed)|set to lead|to lead)\b/i;

const JOB_RE =
  /\b((?:(?:Co-|co-)?(?:Executive Vice President|Senior Vice President|Vice President|EVP|SVP|VP|President|Chief [A-Z][a-z]+(?: [A-Z][a-z]+)? Officer|CEO|CFO|COO|CMO|CTO|Chairman|Chairwoman|Chair|Co-Chair|Head|Managing Director|General Manager|Director|Executive Producer|Editor-in-Chief|Publisher))(?:,? (?:and |& )?(?:of |for )?[A-Z][\w&’'\-]*(?: (?:of|and|&|for|the|in)? ?[A-Z][\w&’'\-]*)*)?)/u;

/** The person a story is about, their job title and company, and the sentence that names them. */
interface PersonRole {
  person: string;
  job: string | undefined;
  companyName: string | null;
  sentence: string;
}

function personAndRole(text: Text, company: string): PersonRole | null {
  const headline = text.title;
  const lead = text.headSentences.join(" ");
  // Names are read from the sentence-case lead; a Title Case headline makes every phrase look like one.
  const people = findPeople(lead);
  const inTitle = people.find((p) => headline.includes(p) || headline.includes(p.split(" ").pop()!));
  const person = inTitle ?? people[0] ?? findPeople(headline)[0];
  if (!person) return null;
  // Job title: in the sentence that names the person, near the name.
  const sentence = text.headSentences.find((s) => s.includes(person)) ?? lead;
  const at = Math.max(0, sentence.indexOf(person));
  // "Name, EVP of ..." or "Name as EVP of ..." (not "Name and VP of ... Other Name").
  const after = /^(?:,\s+|\s+as\s+)/.test(sentence.slice(at + person.length)) ? sentence.slice(at + person.length, at + person.length + 160) : "";
  const afterJob = JOB_RE.exec(after);
  const before = sentence.slice(Math.max(0, at - 70), at);
  const beforeJobs = [...before.matchAll(new RegExp(JOB_RE.source, "gu"))];
  const closeBefore = beforeJobs.length ? beforeJobs[beforeJobs.length - 1] : undefined;
  const pick = afterJob && afterJob.index <= 12 ? afterJob : closeBefore && before.length - (closeBefore.index + closeBefore[0].length) <= 25 ? closeBefore : afterJob && afterJob.index <= 40 ? afterJob : undefined;
  const job = pick?.[1]?.replace(/\s+(?:at|of)$/, "").replace(/[,\s]+$/, "").trim();
  // The company is the one the headline names (the hiring or departed company), in its fullest spelling
  // from the lead ("Sony Pictures" -> "Sony Pictures Entertainment"); else the nearest to the person.
  const inHeadline = platformIn(text.title);
  const nearPerson = findPlatform({ ...text, headSentences: [sentence, ...text.headSentences] }, person);
  const fuller = inHeadline ? PLATFORMS.filter((p) => p.startsWith(inHeadline) && wordRe(p).test(lead)).sort((a, b) => b.length - a.length)[0] : undefined;
  const platform = fuller ?? inHeadline ?? nearPerson;
  return { person, job, companyName: platform ?? (company !== "Unknown" ? company : null), sentence };
}

/** "Name, Job at Company" (the company left out when the job already names it). */
function describeRole({ person, job, companyName }: PersonRole): string {
  let text = person;
  if (job) text += `, ${job}`;
  if (companyName && !(job && job.includes(companyName))) text += `${job ? " at" : ", at"} ${companyName}`;
  return text.replace(/, at /, " at ");
}

function execFact(text: Text, category: Category, company: string): FactDraft | null {
  const role = personAndRole(text, company);
  if (!role) return null;
  const headline = text.title;
  const lead = text.headSentences.join(" ");
  const scope = `${headline} ${lead}`;
  const label = PROMO_RE.test(scope) ? "Promotion" : EXIT_RE.test(headline) || (!HIRE_RE.test(headline) && EXIT_RE.test(lead)) ? "Exit" : NEWROLE_RE.test(scope) ? "New Role" : "Hiring";
  const line = `${label}: ${describeRole(role)}`;
  // One note: who they report to / succeed, else the next informative sentence about them.
  const lastName = role.person.split(" ").pop()!;
  const noteSource =
    text.sentences.slice(0, 8).find((s) => /\breport(?:s|ing)? to\b|\bsucceed|\breplac/i.test(s)) ??
    text.sentences.slice(0, 5).find((s) => s !== role.sentence && s.includes(lastName)) ??
    text.sentences.slice(0, 5).find((s) => s.includes(lastName));
  const notes = noteSource ? [truncateWords(tidy(noteSource), 160)] : [];
  return { category, line, notes };
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
    if (/^(?:In |As |When |While |After |Before |It |This |That |There |Here |If |Why |How |What |You |We |I |On |Over |For |With |Earlier |A year |It’s |It's )/.test(t)) continue;
    if (!/^[\p{Lu}\p{N}]/u.test(t)) continue;
    return t;
  }
  return null;
}

/** A whole sentence up to this length beats a sentence cut mid-clause. */
const MAX_LINE = 200;

/** Drops asides a report line does without: parentheticals, dash-enclosed asides, trailing "which/who" clauses. */
export function compress(sentence: string, target = 120): string {
  let s = sentence.replace(/\s*\([^()]{0,80}\)/g, "").replace(/\s+[—–]\s+[^—–]{0,120}?\s+[—–]\s+/g, " ");
  if (s.length > target) s = s.replace(/,\s+(?:which|who|where|while|after|as|amid|marking|making|following)\b[^,]*(?:,[^,]*)*$/u, "");
  if (s.length > target) s = s.replace(/\s+[—–]\s+[^—–]*$/u, "");
  return s.replace(/\s+/g, " ").trim();
}

/** Everything else: one headline-style sentence chosen from the lead or the headline. */
function headlineFact(text: Text, category: Category, company: string, isColumn: boolean, isInterview: boolean): FactDraft {
  const headline = tidy(text.title.replace(/\s*[|–—-]\s*(?:Variety|Deadline|The Hollywood Reporter|IndieWire|TheWrap)$/i, ""));
  if (isColumn) {
    const notes = text.sentences.slice(0, 6).filter((s) => s.length > 60 && s.length < 260 && !/\?$/.test(s)).slice(0, 2).map((s) => truncateWords(tidy(s), 200));
    return { category, line: `Commentary: ${headline}`, notes };
  }
  if (isInterview) {
    const notes = text.sentences.slice(0, 8).filter((s) => s.length > 60 && s.length < 260 && !/\?$/.test(s)).slice(0, 2).map((s) => truncateWords(tidy(s), 200));
    // Spec §5: `Interview: <who, role>`; the headline when the lead names nobody with a job title.
    const role = personAndRole(text, company);
    return { category, line: `Interview: ${role?.job ? describeRole(role) : headline}`, notes };
  }
  const found = newsyLead(text);
  const lead = found ? compress(found) : null;
  // Prefer a sentence-case lead over a Title Case headline; otherwise the headline reads fine.
  const line = lead && (isTitleCase(headline) || headline.length < 25 || headline.length > 150) ? truncateWords(lead, MAX_LINE) : truncateWords(isTitleCase(headline) ? headline : compress(headline), MAX_LINE);
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
