// Exec changes: `Exit|Promotion|Hiring|New Role: Name, Job title at Company` and one whole-sentence note.

import type { FactDraft } from "../../../core/engine.js";
import type { Category } from "../../../core/taxonomy.js";
import { describeRole, personAndRole } from "./people.js";
import type { Platforms } from "./platforms.js";
import { wholeNote, type Text } from "./text.js";

const EXIT_RE =
  /\b(?:let go|lay(?:s|ing)? off|layoffs|exit(?:s|ing)?|step(?:s|ping)? down|depart(?:s|ing|ure)?|leav(?:e|es|ing)|ousted|fired|retir(?:e|es|ing)|part(?:s|ing)? ways|out at|cuts?|laid off|to (?:leave|depart))\b/i;
const PROMO_RE = /\b(?:promot(?:ed|es|ion)|elevat(?:ed|es|ing)|upped|upped to)\b/i;
/** An internal move: the person already works at the company ("moving the 18-year company veteran up from her post"). */
const INTERNAL_RE =
  /\b(?:company|studio|network|longtime|\d+-year) veteran\b|\bmoving (?:\w+ ){0,5}up from\b|\bup from (?:her|his|their) (?:current )?(?:post|role|position|job)\b|\bfrom (?:her|his|their) current (?:post|role|position)\b|\bhas been with the (?:company|studio|network)\b|\binternal(?:ly)? (?:candidate|promotion|hire)\b/i;
const NEWROLE_RE =
  /\b(?:new role|expanded role|adds? oversight|will now oversee|shifts? to|moves? to|transition(?:s|ing)? to|tak(?:es|ing) on (?:an? )?(?:expanded|new|additional|broader) (?:role|duties|responsibilities))\b/i;
const HIRE_RE = /\b(?:hire[sd]?|hiring|names|named|appoint(?:ed|s)|tapped|taps|joins?|join(?:ing)?|poach(?:es|ed)|recruit(?:s|ed)|set to lead|to lead)\b/i;

function contentWords(s: string): Set<string> {
  return new Set(
    (s.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).filter(
      (w) => !/^(?:the|and|for|with|from|that|this|has|have|was|will|its|his|her|who|are|after|into|year|end)$/.test(w),
    ),
  );
}

/** The sentence without what it says about other people (", who is leaving", "succeeds X, who ..."). */
function aboutSubject(sentence: string): string {
  return sentence.replace(/\b(?:succeed(?:s|ing)?|replac(?:es|ing)|follows the (?:exit|departure) of)\b[^.;]*/gi, "").replace(/,\s*who\b[^,.;]*/g, "");
}

/** Promotion, Hiring, Exit or New Role, from the verbs about the person in the headline and their sentence. */
function execLabel(headline: string, sentence: string): "Promotion" | "Hiring" | "Exit" | "New Role" {
  const head = aboutSubject(headline);
  const own = aboutSubject(sentence);
  if (PROMO_RE.test(head) || PROMO_RE.test(own) || INTERNAL_RE.test(own)) return "Promotion";
  if (EXIT_RE.test(head) && !HIRE_RE.test(head)) return "Exit";
  if (NEWROLE_RE.test(head) || NEWROLE_RE.test(own)) return "New Role";
  if (HIRE_RE.test(head) || HIRE_RE.test(own)) return "Hiring";
  return EXIT_RE.test(own) ? "Exit" : "Hiring";
}

export function execFact(text: Text, category: Category, company: string, platforms: Platforms): FactDraft | null {
  const role = personAndRole(text, company, platforms, true);
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
  // A note that only repeats the headline or the line says nothing more ("… David Leavy is leaving WBD at year end").
  const said = contentWords(`${text.title} ${line}`);
  const repeats = (note: string) => {
    const words = [...contentWords(note)];
    return words.length === 0 || words.filter((w) => said.has(w)).length >= 0.8 * words.length;
  };
  const note = candidates.map((s) => wholeNote(s)).find((n): n is string => !!n && !repeats(n));
  return { category, line, notes: note ? [note] : [] };
}
