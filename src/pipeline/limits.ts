// Size limits on what a person or a tool can make the daemon store: article fields at intake and
// every field of a review-desk correction. One place, so intake, the desk and the docs agree
// (docs/record.md "Size limits"). The real corpus is far inside them: its longest report line is
// 371 characters, its longest note 349, at most 5 notes to a line.

export const LIMITS = {
  /** An article's address at intake: longer than any real one; a longer one is junk or an attack on the outputs. */
  urlChars: 4096,
  /** An article's headline at intake (and so in every output). */
  titleChars: 1000,
  /** An article's `source` at intake. */
  sourceChars: 300,
  /** One coverage line of a correction. */
  lineChars: 1000,
  /** Notes under one line of a correction, and the length of each. */
  notesPerLine: 20,
  noteChars: 1000,
  /** Lines one correction may edit. */
  factsPerCorrection: 100,
  /** Buyers in each of a correction's lists (strong, weak), and the length of a buyer name given. */
  buyersPerList: 50,
  buyerNameChars: 200,
  /** A `fact_id` or `base` given in a correction. */
  idChars: 100,
  /** Corrections of one record within `correctionWindowMs` (a script looping on a record is stopped, an analyst never). */
  correctionsPerWindow: 30,
  correctionWindowMs: 60 * 60_000,
} as const;

/** "is 1048576 characters long, over the 1000-character limit" */
export function overLimit(length: number, limit: number, unit = "character"): string {
  return `is ${length} ${unit}s long, over the ${limit}-${unit} limit`;
}
