// A sentence of the article written as an analyst's line: the main clause, in the present tense of
// a headline ("Netflix has picked up X" -> "Netflix picks up X", "Paramount will cut" -> "Paramount
// to cut"), without a leading scene clause, an attribution, "reportedly" or a trailing clause.
// Only verb forms and function words change: every name, number and title stays as the article
// wrote it.

import { compress, tidy, truncateWords } from "./text.js";

/** Base form of the verbs trade stories report with, keyed by past participle; `-ing` forms follow. */
const VERBS: ReadonlyArray<[participle: string, base: string, ing?: string]> = [
  ["signed", "sign"],
  ["inked", "ink"],
  ["added", "add"],
  ["acquired", "acquire"],
  ["ordered", "order"],
  ["renewed", "renew"],
  ["picked up", "pick up"],
  ["greenlit", "greenlight"],
  ["greenlighted", "greenlight"],
  ["launched", "launch"],
  ["named", "name"],
  ["hired", "hire"],
  ["tapped", "tap", "tapping"],
  ["set", "set", "setting"],
  ["struck", "strike"],
  ["bought", "buy"],
  ["sold", "sell"],
  ["taken", "take"],
  ["landed", "land"],
  ["secured", "secure"],
  ["closed", "close"],
  ["reached", "reach"],
  ["agreed", "agree", "agreeing"],
  ["joined", "join"],
  ["partnered", "partner"],
  ["teamed", "team"],
  ["teamed up", "team up"],
  ["pacted", "pact"],
  ["chosen", "choose"],
  ["filed", "file"],
  ["sued", "sue", "suing"],
  ["released", "release"],
  ["announced", "announce"],
  ["unveiled", "unveil"],
  ["revealed", "reveal"],
  ["canceled", "cancel"],
  ["cancelled", "cancel"],
  ["dated", "date"],
  ["moved", "move"],
  ["debuted", "debut"],
  ["premiered", "premiere"],
  ["expanded", "expand"],
  ["extended", "extend"],
  ["raised", "raise"],
  ["cut", "cut", "cutting"],
  ["laid off", "lay off"],
  ["won", "win", "winning"],
  ["lost", "lose"],
  ["become", "become"],
  ["made", "make"],
  ["given", "give"],
  ["gained", "gain"],
  ["reported", "report"],
  ["topped", "top", "topping"],
  ["scored", "score"],
  ["snapped up", "snap up", "snapping up"],
  ["nabbed", "nab", "nabbing"],
  ["boarded", "board"],
  ["come aboard", "come aboard"],
  ["sided", "side"],
  ["settled", "settle"],
  ["delayed", "delay"],
  ["postponed", "postpone"],
  ["shut down", "shut down", "shutting down"],
  ["dropped", "drop", "dropping"],
  ["pulled", "pull"],
  ["formed", "form"],
  ["opened", "open"],
  ["started", "start"],
  ["rolled out", "roll out"],
  ["optioned", "option"],
  ["commissioned", "commission"],
  ["developed", "develop"],
  ["promoted", "promote"],
  ["appointed", "appoint"],
  ["elevated", "elevate"],
  ["poached", "poach"],
  ["recruited", "recruit"],
  ["issued", "issue"],
  ["posted", "post"],
  ["indicated", "indicate"],
  ["decided", "decide"],
  ["clinched", "clinch"],
  ["entered into", "enter into"],
  ["entered", "enter"],
  ["tweaked", "tweak"],
  ["waived", "waive"],
  ["filmed", "film"],
  ["produced", "produce"],
  ["adapted", "adapt"],
  ["brought", "bring"],
  ["left", "leave"],
  ["exited", "exit"],
  ["stepped down", "step down", "stepping down"],
  ["stepped up", "step up", "stepping up"],
  ["looked", "look"],
  ["planned", "plan", "planning"],
  ["aimed", "aim"],
  ["sought", "seek"],
  ["tried", "try"],
  ["asked", "ask"],
  ["called", "call"],
  ["urged", "urge"],
  ["offered", "offer"],
  ["opposed", "oppose"],
  ["backed", "back"],
  ["approved", "approve"],
  ["blocked", "block"],
  ["rejected", "reject"],
  ["restructured", "restructure"],
  ["merged", "merge"],
  ["licensed", "license"],
  ["streamed", "stream"],
  ["aired", "air"],
  ["returned", "return"],
  ["grown", "grow"],
  ["rose", "rise"],
  ["fallen", "fall"],
  ["shifted", "shift"],
  ["switched", "switch"],
  ["hit", "hit", "hitting"],
];

/** "launch" -> "launches", "try" -> "tries", "pick up" -> "picks up". */
function thirdPerson(base: string): string {
  const [verb, ...rest] = base.split(" ");
  const v = verb!;
  const s = /(?:ch|sh|x|ss|z|o)$/.test(v) ? `${v}es` : /[^aeiou]y$/.test(v) ? `${v.slice(0, -1)}ies` : `${v}s`;
  return [s, ...rest].join(" ");
}

/** "make" -> "making", "launch" -> "launching" (doubling comes from the table). */
function ingForm(base: string): string {
  const [verb, ...rest] = base.split(" ");
  const v = verb!;
  const ing = /[^e]e$/.test(v) && v !== "be" ? `${v.slice(0, -1)}ing` : `${v}ing`;
  return [ing, ...rest].join(" ");
}

const PRESENT = new Map<string, { one: string; many: string }>();
for (const [participle, base, ing] of VERBS) {
  PRESENT.set(`has ${participle}`, { one: thirdPerson(base), many: base });
  PRESENT.set(`have ${participle}`, { one: base, many: base });
  PRESENT.set(`is ${ing ?? ingForm(base)}`, { one: thirdPerson(base), many: base });
  PRESENT.set(`are ${ing ?? ingForm(base)}`, { one: base, many: base });
}
const PAST = new Map<string, string>(
  VERBS.filter(([p]) => /ed\b|^(?:struck|bought|sold|cut|set|hit|won|lost|made|brought|left|sought)\b/.test(p)).map(([p, base]) => [p, base]),
);
const PARTICLE = "(?:\\s+(up|down|out|off|aboard|into))?";
/** A subject of capitalised words and its verb ("Netflix reported revenue …"); the verb is looked up in PAST. */
const SUBJECT_VERB_RE = new RegExp(`^((?:[\\p{Lu}\\p{N}][\\p{L}\\p{N}’'.+&-]*,?\\s+(?:and\\s+|&\\s+)?){1,6})([a-z]+)${PARTICLE}\\b`, "u");
/** An auxiliary and its verb ("has signed", "is launching"); the pair is looked up in PRESENT. */
const TENSE_RE = new RegExp(`\\b(has|have|is|are)\\s+([a-z]+)${PARTICLE}\\b`, "g");

/** The verb form for `key` ("has picked up"), trying the particle as part of the verb first. */
function lookup<T>(map: ReadonlyMap<string, T>, head: string, verb: string, particle: string | undefined): { value: T; rest: string } | null {
  const withParticle = particle ? map.get(`${head}${verb} ${particle}`) : undefined;
  if (withParticle !== undefined) return { value: withParticle, rest: "" };
  const alone = map.get(`${head}${verb}`);
  return alone === undefined ? null : { value: alone, rest: particle ? ` ${particle}` : "" };
}

/** A leading clause that sets the scene before the subject ("As they are preparing …, ", "Following his …, "). */
const LEAD_CLAUSE_RE =
  /^(?:As|When|While|After|Following|Fresh off|In|On|At|With|Amid|Ahead of|Despite|Before|Since|Now that|Earlier|Last|This|A (?:day|week|month|year) (?:after|before|since))\b[^,]{3,140},\s+(?=[\p{Lu}\p{N}“"‘]|director |producer |writer |actor |actress |star |former |longtime |veteran |oscar|emmy)/u;

/** The main clause's "will"/"is to" ("Paramount Global will cut" -> "Paramount Global to cut"), not one in a relative clause. */
const MAIN_FUTURE_RE = /^([^,;]{3,70}?(?<!\b(?:that|which|who|it|they|he|she|we|you|I|there|this))\s)(?:will|is to|are to) (?=[a-z])(?!be\b)/u;

/** The day it was said ("announced Wednesday that …"): a line does without it. */
const WHEN_SAID_RE = /\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?=\s+that\b|[,;]|$)/g;

const FILLER_RE = /\s+(?:reportedly|officially|also|now|currently|quietly|formally|finally|already)(?=\s)/g;

/** A phrase ends before a clause mark or one of these words. */
const NEXT_PHRASE_RE =
  /^(?:[,;:]|\s+[—–]|\s+(?:and|but|or|with|for|to|in|on|at|by|from|as|after|amid|while|which|who|that|including|over|into|under|about|than|because|since|through|during|via|where)\b)/;

/** Shortened to `max` at a phrase boundary; a phrase that ends a little past `max` is kept whole ("… blockbuster deal"). */
function phraseCut(s: string, max: number): string {
  const short = truncateWords(s, max);
  if (short.length === s.length || NEXT_PHRASE_RE.test(s.slice(short.length))) return short;
  const longer = truncateWords(s, max + 15);
  return NEXT_PHRASE_RE.test(s.slice(longer.length)) ? longer : short;
}

/** The sentence in an analyst's register, at most `max` characters, shortened at phrase boundaries. */
export function rewriteLine(sentence: string, target = 85, max = 110): string {
  let s = tidy(sentence);
  const lead = LEAD_CLAUSE_RE.exec(s);
  if (lead && s.length - lead[0].length >= 30) s = s.slice(lead[0].length);
  s = s.replace(/^(?:Variety|Deadline|The Hollywood Reporter|THR|TheWrap|IndieWire) (?:has learned|can reveal|hears|understands) that\s+/u, "");
  s = s.replace(FILLER_RE, "").replace(WHEN_SAID_RE, "");
  s = s.replace(TENSE_RE, (m: string, aux: string, verb: string, particle: string | undefined) => {
    const found = lookup(PRESENT, `${aux} `, verb, particle);
    if (!found) return m;
    const form = aux === "have" || aux === "are" ? found.value.many : found.value.one;
    return `${form}${found.rest}`;
  });
  s = s.replace(SUBJECT_VERB_RE, (m: string, subject: string, verb: string, particle: string | undefined) => {
    const found = lookup(PAST, "", verb, particle);
    if (!found) return m;
    return `${subject}${/\s(?:and|&)\s/.test(subject) ? found.value : thirdPerson(found.value)}${found.rest}`;
  });
  s = s
    .replace(/\b(?:has|have) been (?=\w+ed\b|greenlit\b|set\b|picked up\b|cut\b|hit\b)/g, "")
    .replace(/\b(?:is|are) set to\b/g, "set to")
    .replace(MAIN_FUTURE_RE, "$1to ");
  s = compress(s, target);
  s = phraseCut(s, max);
  return s.charAt(0).toUpperCase() + s.slice(1);
}
