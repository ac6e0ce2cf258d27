/**
 * Story grouping (docs/stories.md): does a new record report the same news event as a record already
 * stored for its buyer? Pure: the store hands in the candidates (same buyer, published within the
 * window) and stores the verdict under its locks.
 *
 * Precision first: a wrong merge hides a story from the report, a missed one only repeats a line.
 * A join needs text similarity (cosine of headline + lead words) and no sign of a different event:
 * a different kind of event (renewal vs premiere date), disjoint quoted titles (two films bought at
 * one festival) or disjoint people in the headlines (two executives leaving one company).
 */

import { eventsAgree, eventsConflict, eventsIn } from "./story-events.js";

export const DEFAULT_STORY_WINDOW_DAYS = 3;

/** What the grouping reads of a record. */
export interface StoryInput {
  id: string;
  title: string;
  lead?: string | undefined;
  published_at: string;
  category: string;
}

/** A record's features, computed once (the store's index keeps them per stored record). */
export interface StoryFeatures {
  id: string;
  story_id: string;
  /** Days since 1970-01-01 of `published_at`. */
  day: number;
  /** Word weights of headline + lead, unit length, packed (see `StoryVector`). */
  vector: StoryVector;
  /** Quoted titles ("Stranger Things"), lower-case. */
  titles: Set<string>;
  /** People (and other proper names) the headline names that the lead spells in capitals too ("bela bajaria"), lower-case. */
  people: Set<string>;
  /** Headline and lead, lower-case: where the other record's titles and people are looked for. */
  text: string;
  /** Figures of headline and lead (amounts, counts, percentages; not years, not 0-10). */
  numbers: Set<string>;
  /** Kinds of event the headline names (renewal, premiere-date, exit, ...). */
  events: Set<string>;
  /** The category's first two levels ("Org -> Exec Changes"). */
  topic: string;
}

/**
 * A sparse vector packed for memory and for a cosine without allocation: `ids` are word ids from
 * this module's word table, ascending, and `weights[i]` is the weight of `ids[i]`.
 */
export interface StoryVector {
  ids: Uint32Array;
  weights: Float64Array;
}

export interface StoryReason {
  /** Id of the stored record this one was matched to (the story's id is its story_id). */
  matched: string;
  similarity: number;
  shared_titles: string[];
  shared_people: string[];
  shared_numbers: string[];
  days_apart: number;
  /** Id of the record an analyst joined whose pair is like this one (`STORY_EXAMPLE_LIKENESS`). */
  example?: string;
}

/**
 * An analyst's decision in the desk, as an example for the grouping: `record` was split out of
 * (`same: false`) or joined to (`same: true`) the story of `other`.
 */
export interface StoryExample {
  record: StoryFeatures;
  other: StoryFeatures;
  same: boolean;
}

/**
 * How alike (cosine of headline + lead words) both records of a new pair must be to the two of an
 * analyst's example for the example to decide: the same two articles again (a re-run, a reprint),
 * or two nearly word for word like them.
 */
export const STORY_EXAMPLE_LIKENESS = 0.8;

export interface StoryVerdict {
  story_id: string;
  /** Why it joined; absent when the record starts its own story. */
  reason?: StoryReason;
}

/** Tuned on tests/fixtures/stories/pairs.json and pairs-report.json only, never on pairs-report-2.json (scripts/eval-stories.ts). */
export const STORY_THRESHOLDS = {
  /** Similarity that joins on its own (no shared title or person needed). */
  alone: 0.4,
  /** Similarity that joins when a quoted title, a person or a figure is shared. */
  withAnchor: 0.3,
} as const;

const STOPWORDS = new Set(
  (
    "a an the and or but of to in on at for from by with as is are was were be been being has have had it its this that these those " +
    "into over after before about than then so such not no new also will would can could may might more most other some any all " +
    "he she they them his her their who whom which what when where while says said say told tells according per via up out off " +
    "one two three first last year years week weeks day days time just now amid report reports reported exclusive update news " +
    "i we you our your us me my s t re ve ll d"
  ).split(" "),
);

/** Words that start a capitalised run but are not names (sentence openers, titles of office). */
const NOT_NAME = new Set(
  (
    "The A An And Or In On At For From By With As Is Its This That Netflix Amazon Apple Disney Hulu Max Peacock Paramount Warner Bros Sony Comcast NBCU NBC " +
    "CBS ABC HBO Fox Universal Showtime Starz Lionsgate Prime Video Studios Pictures Television TV Entertainment Media Group Network Networks Channel " +
    "Season Series Film Movie Show Chief Officer President Chairman CEO CFO COO CCO EVP SVP VP Head Executive Exec Co Inc Corp Exclusive Breaking " +
    "January February March April May June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday " +
    "Sundance Cannes Venice Toronto Berlin Festival Emmy Emmys Oscar Oscars Golden Globes New York Los Angeles London Hollywood Streaming Streamer " +
    "Content Global Worldwide International Originals Original Documentary Drama Comedy Limited Variety Deadline Reporter THR " +
    "Features Focus Searchlight Classics Films Sports League Premier Soccer Major Formula One Cup World Awards Academy Guild Channels Plus " +
    "Press Daily Times Journal Wall Street Records Music Games Animation Studio Century House"
  ).split(" "),
);

const QUOTED = /[“"‘']([^“”"‘’']{2,80})[”"’']/g;
const NAME_RUN = /\b([A-Z][a-zà-ÿ'’-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-zà-ÿ'’-]+){1,2})\b/g;

function stem(word: string): string {
  if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith("es")) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9à-ÿ]+(?:['’][a-z]+)?/g) ?? [])
    .map((w) => w.replace(/['’]s$/, ""))
    .filter((w) => w.length > 1 && !STOPWORDS.has(w))
    .map(stem);
}

/**
 * Word ids, one per distinct stemmed word seen by this process (the same word has the same id in
 * every record's vector, so two vectors compare by id). It grows with the vocabulary of the records
 * the process reads, not with their number (a word costs one entry however many records spell it).
 */
const WORD_IDS = new Map<string, number>();

function wordId(word: string): number {
  let id = WORD_IDS.get(word);
  if (id === undefined) {
    id = WORD_IDS.size;
    WORD_IDS.set(word, id);
  }
  return id;
}

/** Headline words count three times, the lead's once; unit length. */
function vectorOf(title: string, lead: string): StoryVector {
  const counts = new Map<string, number>();
  for (const w of words(title)) counts.set(w, (counts.get(w) ?? 0) + 3);
  for (const w of words(lead)) counts.set(w, (counts.get(w) ?? 0) + 1);
  let norm = 0;
  for (const [w, v] of counts) {
    const damped = 1 + Math.log(v);
    counts.set(w, damped);
    norm += damped * damped;
  }
  norm = Math.sqrt(norm) || 1;
  const order = [...counts.keys()].map((w) => [wordId(w), counts.get(w)! / norm] as const).sort((x, y) => x[0] - y[0]);
  const ids = new Uint32Array(order.length);
  const weights = new Float64Array(order.length);
  order.forEach(([id, weight], i) => {
    ids[i] = id;
    weights[i] = weight;
  });
  return { ids, weights };
}

/** Dot product of two unit vectors: a merge of their ascending ids. */
function cosine(a: StoryVector, b: StoryVector): number {
  const aIds = a.ids;
  const bIds = b.ids;
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < aIds.length && j < bIds.length) {
    const x = aIds[i]!;
    const y = bIds[j]!;
    if (x === y) dot += a.weights[i++]! * b.weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return dot;
}

function quotedTitles(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(QUOTED)) {
    const title = m[1]!
      .trim()
      .replace(/[,.;:!?]+$/, "")
      .toLowerCase();
    // an apostrophe pair inside ordinary words ("Netflix's ... world's") is not a title
    if (title.length >= 2 && /^[A-Z0-9]/.test(m[1]!.trim())) out.add(title);
  }
  return out;
}

/**
 * Headlines are in title case, so a capitalised run there says little; in the lead (sentence case)
 * it is a name. The headline's people are the lead's names (outside quoted titles) the headline repeats.
 */
function peopleIn(title: string, lead: string, titles: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const headline = title.toLowerCase();
  for (const m of lead.replace(QUOTED, " ").matchAll(NAME_RUN)) {
    const parts = m[1]!
      .split(/\s+/)
      .map((p) => p.replace(/['’]s$/, ""))
      .filter((p) => !NOT_NAME.has(p));
    if (parts.length < 2) continue;
    const name = parts.slice(-2).join(" ").toLowerCase();
    // a show's name spelt without quotes in the lead ("joining Tulsa King") is not a person
    if (headline.includes(name) && ![...titles].some((title) => title.includes(name))) out.add(name);
  }
  return out;
}

/** "$2.7 billion", "$2.7B", "2.7bn" are all "2.7b"; "19 million" and "19M" are "19m". */
const FIGURE = /(\$)?(\d[\d,]*(?:\.\d+)?)(?:\s*(billion|million|bn|mn|b|m)\b)?/gi;

function numbersIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(FIGURE)) {
    const figure = m[2]!.replace(/,/g, "").replace(/\.0+$/, "");
    const value = Number(figure);
    const unit = m[3] ? m[3][0]!.toLowerCase() : "";
    if (!Number.isFinite(value)) continue;
    // an amount counts whatever its size; a bare figure only past 10 and when it is not a year
    if (!m[1] && !unit && (value <= 10 || (/^\d{4}$/.test(figure) && value >= 1900 && value <= 2099))) continue;
    out.add(`${figure}${unit}`);
  }
  return out;
}

function dayNumber(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? 0 : Math.round(ms / 86_400_000);
}

function firstSentence(text: string): string {
  const m = /^(.{20,300}?[.!?])(\s|$)/s.exec(text);
  return m ? m[1]! : text.slice(0, 300);
}

export function storyFeatures(record: StoryInput & { story_id?: string | undefined }): StoryFeatures {
  const lead = record.lead ?? "";
  const head = `${record.title}. ${firstSentence(lead)}`;
  const titles = quotedTitles(`${record.title} ${lead}`);
  return {
    id: record.id,
    story_id: record.story_id ?? record.id,
    day: dayNumber(record.published_at),
    vector: vectorOf(record.title, lead),
    titles,
    people: peopleIn(record.title, lead, titles),
    text: `${record.title} ${lead}`.toLowerCase(),
    numbers: numbersIn(`${record.title} ${lead}`),
    events: eventsIn(record.title.length >= 25 ? record.title : head),
    topic: record.category.split(" -> ").slice(0, 2).join(" -> "),
  };
}

/** Names of `a` or `b` that the other record spells too (in its own list or anywhere in its text). */
function shared(a: ReadonlySet<string>, aText: string, b: ReadonlySet<string>, bText: string): string[] {
  const out = new Set<string>();
  for (const x of a) if (b.has(x) || bText.includes(x)) out.add(x);
  for (const x of b) if (aText.includes(x)) out.add(x);
  return [...out].sort();
}

export interface PairScore {
  join: boolean;
  similarity: number;
  shared_titles: string[];
  shared_people: string[];
  shared_numbers: string[];
  days_apart: number;
  /** Why not, when `join` is false. */
  blocked?: string;
}

/** The verdict for one pair (the new record `a`, a stored record `b`). */
export function scorePair(a: StoryFeatures, b: StoryFeatures, windowDays = DEFAULT_STORY_WINDOW_DAYS): PairScore {
  const similarity = Math.round(cosine(a.vector, b.vector) * 1000) / 1000;
  const shared_titles = shared(a.titles, a.text, b.titles, b.text);
  const shared_people = shared(a.people, a.text, b.people, b.text);
  const shared_numbers = [...a.numbers].filter((x) => b.numbers.has(x)).sort();
  const days_apart = Math.abs(a.day - b.day);
  const base = { similarity, shared_titles, shared_people, shared_numbers, days_apart };
  const no = (blocked: string): PairScore => ({ ...base, join: false, blocked });
  if (days_apart > windowDays) return no("published too far apart");
  if (a.titles.size > 0 && b.titles.size > 0 && shared_titles.length === 0) return no("different titles");
  if (a.people.size > 0 && b.people.size > 0 && shared_people.length === 0) return no("different people");
  // One headline is about people the other record never names (a company's new name, then its new CEO).
  if (a.people.size + b.people.size > 0 && shared_people.length === 0) return no("people the other does not name");
  if (eventsConflict(a.events, b.events)) return no("different events");
  // A shared title, person or figure lowers the bar only when both also name one kind of event:
  // two events of one show whose kinds no pattern knows share the title and many words.
  const anchored = shared_titles.length > 0 || shared_people.length > 0 || shared_numbers.length > 0;
  const threshold = anchored && eventsAgree(a.events, b.events) ? STORY_THRESHOLDS.withAnchor : STORY_THRESHOLDS.alone;
  if (similarity < threshold) return no("not similar enough");
  return { ...base, join: true };
}

/** The analyst's example the pair (`a`, `b`) is like, either way round; undefined when none is. */
function exampleLike(a: StoryFeatures, b: StoryFeatures, examples: readonly StoryExample[]): StoryExample | undefined {
  const like = (x: StoryFeatures, y: StoryFeatures) => x.id === y.id || cosine(x.vector, y.vector) >= STORY_EXAMPLE_LIKENESS;
  return examples.find((e) => (like(a, e.record) && like(b, e.other)) || (like(a, e.other) && like(b, e.record)));
}

/**
 * Joins the best-matching candidate's story, or starts one (`story_id` = the record's own id).
 * Candidates with the record's own id (an earlier version) are skipped. A pair like one an analyst
 * split is never joined; one like a pair an analyst joined is joined within the window whatever
 * its score (`examples`, docs/stories.md).
 */
export function decideStory(
  record: StoryFeatures,
  candidates: Iterable<StoryFeatures>,
  windowDays = DEFAULT_STORY_WINDOW_DAYS,
  examples: readonly StoryExample[] = [],
): StoryVerdict {
  let best: { candidate: StoryFeatures; score: PairScore & { example?: string } } | undefined;
  for (const candidate of candidates) {
    if (candidate.id === record.id) continue;
    if (Math.abs(candidate.day - record.day) > windowDays) continue;
    let score: PairScore & { example?: string } = scorePair(record, candidate, windowDays);
    const example = examples.length > 0 ? exampleLike(record, candidate, examples) : undefined;
    if (example && !example.same) continue;
    if (example?.same) score = { ...score, join: true, example: example.record.id };
    if (score.join && (!best || score.similarity > best.score.similarity)) best = { candidate, score };
  }
  if (!best) return { story_id: record.id };
  const { candidate, score } = best;
  return {
    story_id: candidate.story_id,
    reason: {
      matched: candidate.id,
      similarity: score.similarity,
      shared_titles: score.shared_titles,
      shared_people: score.shared_people,
      shared_numbers: score.shared_numbers,
      days_apart: score.days_apart,
      ...(score.example ? { example: score.example } : {}),
    },
  };
}
