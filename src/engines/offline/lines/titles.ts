// Titles a list story is about: quoted in the headline or lead, else found by pattern; never a credit.

import type { Platforms } from "./platforms.js";
import type { Text } from "./text.js";
import { NOT_NAME_WORDS } from "./words.js";

/** Quoted titles: “…”, "…", ‘…’ (headline style) in the given text. */
function quotedTitles(text: string): string[] {
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

/** A franchise named before the story's own title ("Star Wars drama Andor", "“Star Wars” series “Andor”"): the latter is the title. */
const FRANCHISE_NOUN =
  "(?:prequel |sequel |spinoff |spin-off |live-action |animated |limited |anthology |reality |comedy |drama )*(?:series|drama|show|prequel|spinoff|spin-off|sequel|film|movie|comedy|thriller|saga|anime|franchise|universe|title|installment|entry)";
const FRANCHISE_AFTER_RE = new RegExp(`^[’'”"]?\\s+${FRANCHISE_NOUN}\\s+[“"‘']?(${TITLE_SEQ})`, "u");
/** The show's fans, viewers ("Virgin River fans will also get a honeymoon"): a title the story is about. */
const TITLE_FANS_RE = new RegExp(`(?:^|,\\s+)(${TITLE_SEQ})(?:[’']s?)?\\s+(?:fans|viewers|devotees|audiences|watchers|faithful)\\b`, "gu");
/** A sentence-initial title as the subject of a scene-setter ("Temptation Island has a new home"). */
const SUBJECT_TITLE_RE = new RegExp(`^(${TITLE_SEQ})\\s+(?:has|have|is|are|will|gets|returns|heads|moves|lands|finds|won’t|won't)\\b`, "u");
/** A later sentence that tells the event about "the series" without naming it. */
const ANAPHOR_EVENT_RE =
  /\b(?:renew(?:s|ed)?|pick(?:s|ed)? up|order(?:s|ed)?|greenl(?:it|ights?)|cancel(?:s|ed|led)?|acquir(?:es|ed)|land(?:s|ed)|nab(?:s|bed)|bought|buys|dated|sets?)\b[^.]{0,40}\bthe (?:[a-z-]+ ){0,3}(?:series|show|drama|comedy|film|movie|format|franchise|competition|docuseries|sitcom)\b/;

/** The title that follows a franchise named before it, or null. */
function afterFranchise(source: string, end: number): string | null {
  return FRANCHISE_AFTER_RE.exec(source.slice(end, end + 120))?.[1] ?? null;
}

function cleanTitle(t: string, people: readonly string[], platforms: Platforms): string | null {
  if (/[’']s?$/.test(t.trim())) return null; // an owner ("Yorgos Lanthimos’ latest project"), not a title
  let title = t.trim().replace(/[,.:;]+$/, "");
  title = title.replace(/\s+(?:Season|S)\s*\d+$/i, "");
  if (title.length < 2 || title.length > 70) return null;
  if (/^(?:[A-Z]\.)+[A-Z]?\.?$|^[A-Z]\.[A-Z]$/.test(title) || /^\d+$/.test(title)) return null;
  if (/^[\p{Lu}][\p{L}]*-[a-z]+$/u.test(title)) return null; // "Oscar-nominated", "Emmy-winning"
  const words = title.split(/\s+/);
  if (words.length === 1 && NOT_NAME_WORDS.has(words[0]!)) return null;
  if (platforms.isNamedAs(title)) return null;
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
function isCredit(sentence: string, title: string): boolean {
  const at = sentence.indexOf(title);
  if (at < 0) return false;
  const before = sentence.slice(Math.max(0, at - 50), at);
  return CREDIT_BEFORE_RE.test(before) || CREDIT_AFTER_RE.test(sentence.slice(at + title.length, at + title.length + 20));
}

/** Titles a list story is about, best first (quoted in the headline > quoted in the lead > patterns). */
export function findTitles(text: Text, people: readonly string[], platforms: Platforms): string[] {
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
      // "“Star Wars” series “Andor”": the franchise is not the title.
      if (afterFranchise(sentence, sentence.indexOf(t) + t.length)) continue;
      push(cleanTitle(t, [], platforms));
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
        const named = m[1] ?? m[2] ?? "";
        // "renewed Star Wars drama Andor": the title is Andor, not its franchise.
        const t = afterFranchise(source, m.index + m[0].length) ?? named;
        if (isCredit(source, t)) continue;
        // Only the "X has been renewed" pattern can start with a person's name; a two-word title
        // ("Send Help") looks like one, so the others do not check.
        push(cleanTitle(t, re === TITLE_BEFORE_VERB_RE ? people : [], platforms));
      }
      // Unquoted titles are found by pattern: trust only the first (later ones are often sources or credits).
      if (out.length > 0) return out.slice(0, 1);
    }
  }
  // A scene-setting lead names the title ("Virgin River fans will also get a honeymoon", "Temptation
  // Island has a new home") and the next sentence tells the event about "the series".
  // (A title reads like a person's name here: "Virgin River", "Temptation Island".)
  const opener = [text.title, text.headSentences[0] ?? ""];
  for (const source of opener)
    for (const m of source.matchAll(TITLE_FANS_RE)) {
      push(cleanTitle(m[1]!, [], platforms));
      if (out.length > 0) return out;
    }
  if (text.headSentences.slice(0, 3).some((s) => ANAPHOR_EVENT_RE.test(s)))
    for (const source of opener) {
      const m = SUBJECT_TITLE_RE.exec(source);
      if (m) push(cleanTitle(m[1]!, [], platforms));
      if (out.length > 0) return out;
    }
  return out;
}
