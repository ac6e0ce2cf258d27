// Learning screening from the analyst (pure). Two kinds of example: an item kept from screening
// (`feeds keep`, Keep in the desk) says "items like this are coverage"; a stored record excluded or
// deleted in the desk says "items like this are not". An item is compared with each example by
// the words of its title and lead (a set of distinctive words, cosine of the two sets); the most
// alike example, when alike enough, overrides the buyer matcher's verdict either way.

export type ExampleLabel = "keep" | "exclude";

export interface Example {
  label: ExampleLabel;
  title: string;
  words: ReadonlySet<string>;
}

/** How alike an item and an example must be (cosine of their word sets) for the example to count: what the nested selection of scripts/eval-screening.ts picks on each training fold, docs/feeds.md. */
export const ALIKE = 0.1;
/** The lead read after the title: about the first paragraph, where a trade story says what it is about. */
const LEAD_CHARS = 600;

// Words every trade story uses: they say nothing about which story it is.
const COMMON = new Set(
  (
    "the and for with that this from have has had was were are its into over after about their they them than then there been will would " +
    "said says also more most some such only other which while when where what who whom whose you your our not but all any can could " +
    "new one two three first last year years time week weeks month day days today per just like being made make makes many much may " +
    "him his her she he it's via out off onto upon under between through during before again each very well even back now here how " +
    "announced announces announcement according told reported report reports including include includes based set sets\u2019s"
  ).split(/\s+/),
);

/**
 * The distinctive words of a title and its lead: lower case, three letters or more, common words
 * left out, and the `ignore` words (the buyers' names: every item about a buyer shares them, and
 * the matcher already reads them; likeness is about what the story is).
 */
export function wordsOf(title: string, text: string, ignore: ReadonlySet<string> = NO_WORDS): Set<string> {
  const words = new Set<string>();
  for (const match of `${title} ${text.slice(0, LEAD_CHARS)}`.toLowerCase().matchAll(/[\p{L}\p{N}][\p{L}\p{N}'+&-]*[\p{L}\p{N}+]/gu)) {
    const word = match[0].replace(/'s$/, "");
    if (word.length >= 3 && !COMMON.has(word) && !ignore.has(word) && !/^\d+$/.test(word)) words.add(word);
  }
  return words;
}

const NO_WORDS: ReadonlySet<string> = new Set();

/** The words of the buyers' names and aliases (for `wordsOf`'s ignore). */
export function buyerWords(buyers: ReadonlyArray<{ name: string; display: string; aliases: readonly string[] }>): Set<string> {
  return new Set(buyers.flatMap((b) => [b.name, b.display, ...b.aliases]).flatMap((name) => [...wordsOf(name, "")]));
}

export function alike(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const word of small) if (large.has(word)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}

/** The example most like the item, when it is alike enough (ties: the newest, the last given). */
export function nearestExample(words: ReadonlySet<string>, examples: readonly Example[], at = ALIKE): { example: Example; score: number } | null {
  let best: { example: Example; score: number } | null = null;
  for (const example of examples) {
    const score = alike(words, example.words);
    if (score >= at && (!best || score >= best.score)) best = { example, score };
  }
  return best;
}

const quoted = (title: string) => JSON.stringify(title.length > 80 ? `${title.slice(0, 77)}...` : title);

/**
 * The screening verdict after the examples: `reason` is the matcher's (null: it names a buyer). A
 * screened item like a kept one passes; a passing item like an excluded one is screened, saying
 * which example it resembles.
 */
export function learnedVerdict(
  reason: string | null,
  words: ReadonlySet<string>,
  examples: readonly Example[],
  at = ALIKE,
): { reason: string | null; because: string | null } {
  const nearest = examples.length ? nearestExample(words, examples, at) : null;
  if (!nearest) return { reason, because: null };
  if (reason !== null && nearest.example.label === "keep") return { reason: null, because: `like ${quoted(nearest.example.title)}, which you kept` };
  if (reason === null && nearest.example.label === "exclude") {
    const because = `like ${quoted(nearest.example.title)}, which you excluded`;
    return { reason: because, because };
  }
  return { reason, because: null };
}
