// A small, dependency-free tokenizer for trade-press English. Shared by training and run time, so a
// change here changes the model's features: retrain (`npm run train`) after editing.

/** Lower-cases, folds typographic quotes and dashes, strips accents. */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”«»]/g, '"')
    .replace(/[–—]/g, "-")
    .toLowerCase();
}

const TOKEN_RE = /[\p{L}\p{N}]+(?:['.&][\p{L}\p{N}]+)*\+?/gu;

/** Words that carry no topic on their own; they still take part in bigrams ("renewed for"). */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a an the and or but of to in on at for by with from as is are was were be been being it its this that these those " +
    "he she they we you i his her their our your him them us my me which who whom whose what when where while " +
    "has have had do does did will would can could should may might must shall not no so than then there here " +
    "also just into over about after before up out more most very all any some such only other its' if per via " +
    "said says say told according new one two"
  ).split(" "),
);

/**
 * Word tokens: letters/digits with inner apostrophes or dots kept ("u.s", "don't"), a trailing "+" kept
 * ("disney+", "apple tv+"), possessive "'s" dropped, numbers folded into a few shapes.
 */
export function tokenize(text: string): string[] {
  return tokenizeNormalized(normalizeText(text));
}

/** `tokenize` of text already passed through `normalizeText`. */
export function tokenizeNormalized(norm: string): string[] {
  const out: string[] = [];
  for (const match of norm.matchAll(TOKEN_RE)) {
    let tok = match[0];
    if (tok.endsWith("'s")) tok = tok.slice(0, -2);
    else if (tok.endsWith("'")) tok = tok.slice(0, -1);
    tok = tok.replace(/\.$/, "");
    if (!tok) continue;
    if (/^\d+$/.test(tok)) {
      if (/^(19|20)\d\d$/.test(tok)) out.push("#year");
      else out.push(tok.length <= 2 ? tok : "#num");
      continue;
    }
    if (/^\d+(st|nd|rd|th)$/.test(tok)) {
      out.push("#ord");
      continue;
    }
    out.push(tok);
  }
  return out;
}

const ABBREVIATIONS = new Set([
  "bros", "dr", "mr", "mrs", "ms", "jr", "sr", "st", "inc", "corp", "co", "ltd", "vs", "no", "vol", "u.s", "u.k", "d.c",
  "l.a", "n.y", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "mt", "ft", "gen", "lt", "sgt",
]);

/**
 * Splits text into sentences (rough but stable): on . ! ? followed by a space and a capital, digit or
 * quote, and on newlines; never after a known abbreviation ("Warner Bros. Discovery", "U.S. rights")
 * or a single initial ("Ronald D. Moore").
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const re = /([.!?])([”"’')\]]*)\s+(?=[“"‘'(\[]?[\p{Lu}\p{N}])/gu;
  for (const para of text.split(/\n+/)) {
    let start = 0;
    for (const m of para.matchAll(re)) {
      const end = m.index! + m[1]!.length + m[2]!.length;
      if (m[1] === ".") {
        const before = para.slice(start, m.index!);
        // Only the end matters: an end-anchored pattern over the whole paragraph is quadratic.
        const word = /([\p{L}.]+)$/u.exec(before.slice(-48))?.[1] ?? "";
        const lower = word.toLowerCase();
        if (ABBREVIATIONS.has(lower) || /^\p{Lu}$/u.test(word) || /^(\p{L}\.)+\p{L}$/u.test(word)) continue;
      }
      const s = para.slice(start, end).trim();
      if (s) out.push(s);
      start = m.index! + m[0].length;
    }
    const rest = para.slice(start).trim();
    if (rest) out.push(rest);
  }
  return out;
}
