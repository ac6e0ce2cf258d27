// People a story is about: personal names, the job title the article gives them, their company.

import { escapeRe } from "./phrases.js";
import type { Platforms } from "./platforms.js";
import type { Text } from "./text.js";
import { NOT_NAME_WORDS } from "./words.js";

const NAME_WORD = "[A-Z][a-z]+(?:[’'][A-Z][a-z]+)?(?:-[A-Z][a-z]+)?";
const NAME_RE = new RegExp(
  `\\b(${NAME_WORD}(?:\\s+[A-Z]\\.)?(?:\\s+(?:de |van |von |del |da |Mc|Mac)?${NAME_WORD}){1,2}(?:\\s+(?:Jr\\.|Sr\\.|II|III))?)`,
  "gu",
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

const JOB_RE =
  /\b((?:(?:Co-|co-)?(?:Executive Vice President|Senior Vice President|Vice President|EVP|SVP|VP|President|Chief [A-Z][a-z]+(?: [A-Z][a-z]+)? Officer|CEO|CFO|COO|CMO|CTO|Chairman|Chairwoman|Chair|Co-Chair|Head|Managing Director|General Manager|Director|Executive Producer|Editor-in-Chief|Publisher))(?:,? (?:and |& )?(?:of |for )?[A-Z][\w&’'-]*(?: (?:of|and|&|for|the|in)? ?[A-Z][\w&’'-]*)*)?)/u;

/** A job title as trade press writes it in running text ("president", "chief financial officer", "head of unscripted"). */
const LOWER_JOB =
  "(?:co-)?(?:(?:executive |senior )?vice president|evp|svp|president|chief [a-z]+(?: [a-z]+)? officer|ceo|cfo|coo|cmo|cto|chairman|chairwoman|co-chair|chair|head|managing director|general manager)" +
  "(?:,? (?:and |& )?(?:of|for) (?:the )?[\\p{L}\\p{N}&’'+-]+(?: (?:and|&|of|for)? ?[\\p{L}\\p{N}&’'+-]+){0,4}?(?=[,.;]| (?:at|who|and will|will|to|in|since|after|for|from|on|where|with)\\b|$))?";
/** "named Kristin Ames chief financial officer", "promoted X to president", "hired X as head of unscripted". */
const NAMED_AS_RE = (person: string) =>
  new RegExp(
    `${escapeRe(person)}(?:,? (?:as|to|to the (?:post|role) of|its(?: new| next)?|the (?:company|studio|network|streamer)[’']s(?: new| next)?|(?!formerly |former |previously |ex-)[\\p{Lu}][\\p{L}.&+]*(?: [\\p{Lu}][\\p{L}.&+]*){0,3}[’']s(?: new| next)?|new|next)|,)? (?:its |the )?(${LOWER_JOB})`,
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

/** A headline about a hire or an exit ("Amazon has tapped a Disney veteran"), even without the name. */
const HEADLINE_EXEC_RE =
  /\b(?:tap(?:s|ped)|hir(?:es|ed|ing)|names|named|appoint(?:s|ed)|poach(?:es|ed)|recruit(?:s|ed)|promot(?:es|ed)|elevat(?:es|ed)|exit(?:s|ing)?|leav(?:es|ing)|depart(?:s|ing)|step(?:s|ping) down|ousted|fired|joins|lay(?:s|ing)? off|laid off|layoffs)\b/i;

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

export function personAndRole(text: Text, company: string, platforms: Platforms, jobAtCompany = false): PersonRole | null {
  const headline = text.title;
  const lead = text.headSentences.join(" ");
  // Names are read from the sentence-case lead; a Title Case headline makes every phrase look like one.
  const people = findPeople(lead);
  const inTitle = people.find((p) => headline.includes(p) || headline.includes(p.split(" ").pop()!));
  const person = inTitle ?? people[0] ?? findPeople(headline)[0];
  if (!person) return null;
  // Job title: in the sentence that names the person, near the name; else in a later sentence that
  // names them ("Leavy, the company’s chief corporate affairs officer, …").
  const sentence = text.headSentences.find((s) => s.includes(person)) ?? lead;
  const lastName = person.split(" ").pop()!;
  let jobSentence = sentence;
  let found = jobOf(sentence, person);
  for (const s of text.sentences.slice(0, 6)) {
    if (found) break;
    if (s === sentence || !s.includes(lastName)) continue;
    found = jobOf(s, s.includes(person) ? person : lastName);
    if (found) jobSentence = s;
  }
  let job = found
    ?.replace(/\s+(?:at|of)$/, "")
    .replace(/[,\s]+$/, "")
    .trim();
  // "Job at Company" as the sentence writes it, else the company the headline names (the hiring or
  // departed company) in its fullest spelling from the lead, else the nearest to the person.
  let companyName: string | null = null;
  if (job) {
    const jobAt = jobSentence.indexOf(job) >= 0 ? jobSentence.indexOf(job) : jobSentence.toLowerCase().indexOf(job.toLowerCase());
    const tail = jobAt >= 0 ? jobSentence.slice(jobAt + job.length, jobAt + job.length + 60) : "";
    const at = /^,?\s+at\s+(?:the\s+)?(.+)/.exec(tail);
    if (at) {
      const named = platforms.earliestIn(at[1]!);
      companyName = named && at[1]!.startsWith(named) ? platforms.longestAt(at[1]!) : null;
    }
    // "President of Sony Pictures Animation" reads "President at Sony Pictures Animation", as analysts write it.
    const of = /^(.+?) of (?:the )?(.+)$/.exec(job);
    if (jobAtCompany && !companyName && of && platforms.has(of[2]!)) {
      job = of[1]!;
      companyName = of[2]!;
    }
  }
  if (!companyName) {
    // The headline's company, when the headline is about the person (a first-sentence title may be about something else).
    const inHeadline = headline.includes(lastName) || HEADLINE_EXEC_RE.test(headline) ? platforms.earliestIn(text.title) : null;
    const nearPerson = platforms.find({ ...text, headSentences: [sentence, ...text.headSentences] }, person);
    const fuller = inHeadline ? platforms.fullestIn(inHeadline, lead) : undefined;
    companyName = fuller ?? inHeadline ?? nearPerson;
  }
  return { person, job, companyName: companyName ?? (company !== "Unknown" ? company : null), sentence };
}

/** "Name, Job at Company" (the company left out when the job already names it). */
export function describeRole({ person, job, companyName }: PersonRole): string {
  let text = person;
  if (job) text += `, ${job}`;
  if (companyName && !(job && job.includes(companyName))) text += `${job ? " at" : ", at"} ${companyName}`;
  return text.replace(/, at /, " at ");
}
