// A small, dependency-free tokenizer for trade-press English. Shared by training and run time, so a
// change here changes the model's features: retrain (`npm run train`) after editing.

/** Lower-cases, folds typographic quotes and dashes, strips accents. */
export function normalizeText(text: string): string {
  // NFKD leaves ASCII and these quotes and dashes as they are (no decomposition, no combining class),
  // so a text of nothing else skips it and the accent strip; the three folds are one pass (the
  // character sets are disjoint and no replacement is in any of them).
  const decomposed = MAY_DECOMPOSE_RE.test(text) ? text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "") : text;
  return decomposed.replace(FOLD_RE, foldChar).toLowerCase();
}

const MAY_DECOMPOSE_RE = /[^\x00-\x7f‘’“”«»–—]/;
const FOLD_RE = /[‘’`´“”«»–—]/g;
const FOLDS: Readonly<Record<string, string>> = { "‘": "'", "’": "'", "`": "'", "´": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-" };

function foldChar(c: string): string {
  return FOLDS[c]!;
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
  if (isAscii(norm)) return tokenizeAscii(norm);
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

// The same tokens by a hand-written scan, for text of ASCII characters only (most normalised text): there
// \p{L} and \p{N} are exactly [A-Za-z0-9].

const NON_ASCII_RE = /[^\x00-\x7f]/;

export function isAscii(text: string): boolean {
  return !NON_ASCII_RE.test(text);
}

/** 1 for ASCII letters and digits. */
export const ASCII_WORD = new Uint8Array(128);
for (let c = 48; c < 58; c++) ASCII_WORD[c] = 1;
for (let c = 65; c < 91; c++) ASCII_WORD[c] = 1;
for (let c = 97; c < 123; c++) ASCII_WORD[c] = 1;

/** End of the TOKEN_RE match that starts at `s` (a letter or digit) in ASCII text. */
export function asciiMatchEnd(t: string, s: number): number {
  const n = t.length;
  let i = s + 1;
  for (;;) {
    while (i < n && ASCII_WORD[t.charCodeAt(i)] === 1) i++;
    if (i + 1 < n) {
      const c = t.charCodeAt(i);
      // ['.&] followed by a letter or digit continues the token.
      if ((c === 39 || c === 46 || c === 38) && ASCII_WORD[t.charCodeAt(i + 1)] === 1) {
        i += 2;
        continue;
      }
    }
    break;
  }
  if (i < n && t.charCodeAt(i) === 43) i++; // "+"
  return i;
}

/** End of the token in the match t[s, e): possessive "'s" or a trailing "'" dropped, then one trailing ".". */
export function asciiTokenEnd(t: string, s: number, e: number): number {
  if (e - s >= 2 && t.charCodeAt(e - 1) === 115 && t.charCodeAt(e - 2) === 39) e -= 2;
  else if (e > s && t.charCodeAt(e - 1) === 39) e--;
  if (e > s && t.charCodeAt(e - 1) === 46) e--;
  return e;
}

export const enum Shape {
  /** The text itself (also a number of at most two digits). */
  Word,
  Year,
  Num,
  Ord,
}

/** How the non-empty token t[s, e) is written out: as itself, "#year", "#num" or "#ord". */
export function asciiShape(t: string, s: number, e: number): Shape {
  let d = s;
  while (d < e && isDigit(t.charCodeAt(d))) d++;
  if (d === e) {
    const len = e - s;
    if (len === 4) {
      const a = t.charCodeAt(s);
      const b = t.charCodeAt(s + 1);
      if ((a === 49 && b === 57) || (a === 50 && b === 48)) return Shape.Year;
    }
    return len <= 2 ? Shape.Word : Shape.Num;
  }
  if (d > s && d === e - 2) {
    const a = t.charCodeAt(d);
    const b = t.charCodeAt(d + 1);
    // st nd rd th
    if ((a === 115 && b === 116) || (a === 110 && b === 100) || (a === 114 && b === 100) || (a === 116 && b === 104)) return Shape.Ord;
  }
  return Shape.Word;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function tokenizeAscii(t: string): string[] {
  const out: string[] = [];
  const n = t.length;
  let i = 0;
  while (i < n) {
    if (ASCII_WORD[t.charCodeAt(i)] !== 1) {
      i++;
      continue;
    }
    const s = i;
    i = asciiMatchEnd(t, s);
    const e = asciiTokenEnd(t, s, i);
    if (e === s) continue;
    const shape = asciiShape(t, s, e);
    out.push(shape === Shape.Word ? t.slice(s, e) : shape === Shape.Year ? "#year" : shape === Shape.Num ? "#num" : "#ord");
  }
  return out;
}

const ABBREVIATIONS = new Set([
  "bros",
  "dr",
  "mr",
  "mrs",
  "ms",
  "jr",
  "sr",
  "st",
  "inc",
  "corp",
  "co",
  "ltd",
  "vs",
  "no",
  "vol",
  "u.s",
  "u.k",
  "d.c",
  "l.a",
  "n.y",
  "jan",
  "feb",
  "mar",
  "apr",
  "aug",
  "sept",
  "sep",
  "oct",
  "nov",
  "dec",
  "mt",
  "ft",
  "gen",
  "lt",
  "sgt",
]);

/**
 * Splits text into sentences (rough but stable): on . ! ? followed by a space and a capital, digit or
 * quote, and on newlines; never after a known abbreviation ("Warner Bros. Discovery", "U.S. rights")
 * or a single initial ("Ronald D. Moore").
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const para of text.split(/\n+/)) paragraphSentences(para, out, Infinity);
  return out;
}

const SENTENCE_END_RE = /([.!?])([”"’')\]]*)\s+(?=[“"‘'([]?[\p{Lu}\p{N}])/gu;

/** Adds the sentences of one paragraph (no newline in it) to `out`, stopping once `out` holds `limit`. */
function paragraphSentences(para: string, out: string[], limit: number): void {
  let start = 0;
  for (const m of para.matchAll(SENTENCE_END_RE)) {
    const end = m.index! + m[1]!.length + m[2]!.length;
    if (m[1] === ".") {
      // Only the end matters: the last 48 characters before the period.
      const word = trailingWord(para, Math.max(start, m.index! - 48), m.index!);
      const lower = word.toLowerCase();
      if (ABBREVIATIONS.has(lower) || /^\p{Lu}$/u.test(word) || /^(\p{L}\.)+\p{L}$/u.test(word)) continue;
    }
    const s = para.slice(start, end).trim();
    if (s) out.push(s);
    if (out.length >= limit) return;
    start = m.index! + m[0].length;
  }
  const rest = para.slice(start).trim();
  if (rest) out.push(rest);
}

/**
 * `splitSentences(text)[0]` without splitting the rest of the text: paragraphs are read one at a time
 * (a run of newlines splits as one newline does; a paragraph without a sentence adds none) until one
 * gives a sentence.
 */
export function firstSentence(text: string): string | undefined {
  const out: string[] = [];
  let from = 0;
  while (from <= text.length && out.length === 0) {
    const nl = text.indexOf("\n", from);
    const end = nl < 0 ? text.length : nl;
    paragraphSentences(text.slice(from, end), out, 1);
    if (nl < 0) break;
    from = nl + 1;
  }
  return out[0];
}

const LETTER_RE = /^\p{L}$/u;

/**
 * The run of letters and dots that ends text[from, to), as `/([\p{L}.]+)$/u` finds it in that slice
 * (or ""): walked backwards by code points, a surrogate pair counting as one when both halves are in
 * the slice.
 */
function trailingWord(text: string, from: number, to: number): string {
  let i = to;
  while (i > from) {
    const c = text.charCodeAt(i - 1);
    if (c < 128) {
      const l = c | 32;
      if (c === 46 || (l >= 97 && l <= 122)) {
        i--;
        continue;
      }
      break;
    }
    let cp = i - 1;
    if (c >= 0xdc00 && c <= 0xdfff && cp > from) {
      const h = text.charCodeAt(cp - 1);
      if (h >= 0xd800 && h <= 0xdbff) cp--;
    }
    if (!LETTER_RE.test(text.slice(cp, i))) break;
    i = cp;
  }
  return text.slice(i, to);
}
