// The engine's fast paths against the plain definitions they stand in for: the ASCII tokenizer against
// the token regex, cue and country matching at candidate positions against a global regex search, and
// the run-time vector against vectorize(extractFeatures(doc)).

import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findCountries } from "../../../src/engines/offline/feature-cues.js";
import { docVector, extractFeatures, vectorize, type FeatureDoc } from "../../../src/engines/offline/features.js";
import { COUNTRIES, CUES } from "../../../src/engines/offline/lexicon.js";
import { combinedScores, layerProducts, loadModel, scoreLayer } from "../../../src/engines/offline/model.js";
import { firstSentence, normalizeText, splitSentences, tokenizeNormalized } from "../../../src/engines/offline/tokenize.js";

/** The tokenizer as first written: one regex, then the shape rules. */
function referenceTokens(norm: string): string[] {
  const out: string[] = [];
  for (const match of norm.matchAll(/[\p{L}\p{N}]+(?:['.&][\p{L}\p{N}]+)*\+?/gu)) {
    let tok = match[0];
    if (tok.endsWith("'s")) tok = tok.slice(0, -2);
    else if (tok.endsWith("'")) tok = tok.slice(0, -1);
    tok = tok.replace(/\.$/, "");
    if (!tok) continue;
    if (/^\d+$/.test(tok)) out.push(/^(19|20)\d\d$/.test(tok) ? "#year" : tok.length <= 2 ? tok : "#num");
    else if (/^\d+(st|nd|rd|th)$/.test(tok)) out.push("#ord");
    else out.push(tok);
  }
  return out;
}

/** normalizeText as first written. */
function referenceNormalize(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”«»]/g, '"')
    .replace(/[–—]/g, "-")
    .toLowerCase();
}

/** splitSentences as first written (the word before a period by an end-anchored regex). */
function referenceSentences(text: string): string[] {
  const abbreviations = new Set([
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
  const out: string[] = [];
  const re = /([.!?])([”"’')\]]*)\s+(?=[“"‘'([]?[\p{Lu}\p{N}])/gu;
  for (const para of text.split(/\n+/)) {
    let start = 0;
    for (const m of para.matchAll(re)) {
      const end = m.index! + m[1]!.length + m[2]!.length;
      if (m[1] === ".") {
        const before = para.slice(start, m.index!);
        const word = /([\p{L}.]+)$/u.exec(before.slice(-48))?.[1] ?? "";
        const lower = word.toLowerCase();
        if (abbreviations.has(lower) || /^\p{Lu}$/u.test(word) || /^(\p{L}\.)+\p{L}$/u.test(word)) continue;
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

const PIECES = [
  "Warner Bros. Discovery",
  "U.S. rights",
  "𝐀. Next",
  "x 𝐀.𝐁. Next",
  "Ronald D. Moore",
  "Ms. Smith",
  "ΣΟΦΟΣ. Next",
  "𝐀𝐁. Next",
  "\u{1F600}. Next",
  "\ud835. Next",
  "x\udc00. Next",
  "Über. Next",
  "é. Next",
  "a.b.c. Next",
  "He left. She stayed",
  "“Quote.” Next",
  "(aside.) Next",
  "wow! Next",
  "why? 2025",
  "'Tis. Then",
  ".",
  "u.s.",
  "don't",
  "x's",
  "disney+",
  "apple tv+'s",
  "1990s",
  "2024",
  "1899",
  "21st",
  "3rd",
  "2nd",
  "11th",
  "123",
  "12",
  "7",
  "a.b.c",
  "&",
  "q&a",
  "a..b",
  "'s",
  "rock'n'roll",
  "end.",
  "_renewed",
  "renewed_",
  "a+b+",
  "1st2nd",
  "s2",
  "season 2",
  "q3",
  "renewal",
  "renews",
  "non-english",
  "co-chair",
  "chief content officer",
  "won't return",
  "wont return",
  "for a second season",
  "k-drama",
  "u.k",
  "canal+",
  "asia-pacific",
  "new zealand",
  "newzealand",
  "uk",
  "ukraine",
  "britain's",
  "latam",
  "saudi arabia",
  "saudi",
  "the",
  "of",
  "and",
  "film",
  "films",
  "filmmaker",
  "box office",
  "analysis:",
  "pass on",
  "passed on",
  "spin-off",
  "spinoff",
  "billion",
  "$1.5 billion",
  "jan. 12",
  "january 1",
  "may 30",
  "mayday",
  "é",
  "naïve",
  "ΣΟΦΟΣ",
  "İstanbul",
  "ﬁnal season",
  "Ǆ",
  "ß",
  "ＡＢＣ",
  "Ⅻ",
  "\u{1F600}",
  "’",
  "“x”",
  "—",
  "«uk»",
  "\n",
  ". ",
  ", ",
  " ",
  "  ",
  "-",
  "(",
  ")",
  "+",
];

function randomTexts(count: number, seed: number): string[] {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let t = "";
    const n = 1 + Math.floor(rnd() * 40);
    for (let k = 0; k < n; k++) t += PIECES[Math.floor(rnd() * PIECES.length)]! + (rnd() < 0.7 ? " " : "");
    out.push(rnd() < 0.2 ? t.toUpperCase() : t);
  }
  return out;
}

const TEXTS = randomTexts(1500, 42);

const fixtures = path.resolve(__dirname, "..", "..", "fixtures", "offline");
const SAMPLE_DOCS: FeatureDoc[] = readdirSync(fixtures)
  .filter((f) => f.endsWith(".json") && f !== "corpus-articles.json")
  .sort()
  .map((f) => JSON.parse(readFileSync(path.join(fixtures, f), "utf8")) as { title: string; content: string })
  .map((a) => ({ title: a.title, body: a.content }));

describe("tokenizer fast paths", () => {
  it("normalizes as NFKD, accent strip, folds and lower-casing", () => {
    for (const t of TEXTS) expect(normalizeText(t)).toBe(referenceNormalize(t));
  });

  it("tokenizes (ASCII scan or regex) exactly as the token regex", () => {
    for (const t of TEXTS) {
      const norm = normalizeText(t);
      expect(tokenizeNormalized(norm)).toEqual(referenceTokens(norm));
    }
  });
});

describe("sentence splitting", () => {
  it("splits as the end-anchored word regex did", () => {
    for (const t of TEXTS) expect(splitSentences(t)).toEqual(referenceSentences(t));
    const long = `${"Word ".repeat(20)}${"é".repeat(60)}. Next ${"x".repeat(50)}.Inc. Then`;
    expect(splitSentences(long)).toEqual(referenceSentences(long));
  });

  it("finds the first sentence as splitSentences does, without splitting the rest", () => {
    const texts = [...TEXTS, "", "\n\n", "\n \nSecond paragraph. More.", "No end", ...TEXTS.map((t) => `\n\n${t}\n${t}`)];
    for (const t of texts) expect(firstSentence(t)).toBe(splitSentences(t)[0]);
  });
});

describe("cue and country matching at candidate positions", () => {
  it("finds every cue as a global regex search does", () => {
    for (const t of TEXTS) {
      const raw = extractFeatures({ title: t, body: "" });
      const head = `${normalizeText(t)}\n`;
      for (const [name, re] of CUES) {
        expect(raw.get(`c:${name}`) ?? 0, `c:${name} in ${JSON.stringify(t)}`).toBe(re.test(head) ? 1 : 0);
        let n = 0;
        for (const _ of head.matchAll(new RegExp(re.source, "g"))) if (++n >= 20) break;
        expect(raw.get(`d:${name}`) ?? 0, `d:${name} in ${JSON.stringify(t)}`).toBe(n);
      }
    }
  });

  it("finds countries, their first index and count, as the country regexes do", () => {
    const res = COUNTRIES.map((c) => ({
      name: c.name,
      re: new RegExp(`(?<![\\p{L}\\p{N}])(?:${c.words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})(?![\\p{L}\\p{N}])`, "gu"),
    }));
    for (const t of TEXTS) {
      const norm = normalizeText(t);
      const expected: Array<{ name: string; index: number; count: number }> = [];
      for (const { name, re } of res) {
        const all = [...norm.matchAll(re)];
        if (all.length > 0) expected.push({ name, index: all[0]!.index!, count: all.length });
      }
      expect(findCountries(norm)).toEqual(expected.sort((a, b) => a.index - b.index));
    }
  });
});

describe("run-time vector", () => {
  it("equals vectorize(extractFeatures(doc)), with the same combined scores", () => {
    const model = loadModel();
    const docs: FeatureDoc[] = [...SAMPLE_DOCS, { title: "", body: "" }, ...TEXTS.slice(0, 300).map((t, i) => ({ title: TEXTS[i + 300]!, body: t }))];
    for (const doc of docs) {
      const raw = extractFeatures(doc);
      const x = vectorize(raw, model.vocab);
      const fast = docVector(doc, model.vocab);
      expect(fast.x).toEqual(x);
      expect([...fast.raw]).toEqual([...raw].filter(([k]) => !/^[whl]:/.test(k)));
      expect([...combinedScores(model, fast.x, fast.raw)]).toEqual([...combinedScores(model, x, raw)]);
    }
  });

  it("scores the leaf, section and svm layers in one pass exactly as scoreLayer does each", () => {
    const model = loadModel();
    const docs: FeatureDoc[] = [...SAMPLE_DOCS, { title: "", body: "" }, ...TEXTS.slice(0, 200).map((t, i) => ({ title: TEXTS[i + 200]!, body: t }))];
    expect(model.svm).not.toBeNull();
    for (const doc of docs) {
      const { x } = docVector(doc, model.vocab);
      const products = layerProducts(model, x);
      expect([...products.leaf]).toEqual([...scoreLayer(model.leaf, x)]);
      expect([...products.section]).toEqual([...scoreLayer(model.section, x)]);
      expect([...products.svm!]).toEqual([...scoreLayer(model.svm!.leaf, x)]);
    }
    // Features outside the layers and a model without an svm layer.
    const outside = { idx: [-1, 0, 1e9], val: [1, 0.5, 1] };
    expect([...layerProducts({ ...model, svm: null }, outside).leaf]).toEqual([...scoreLayer(model.leaf, outside)]);
    expect(layerProducts({ ...model, svm: null }, outside).svm).toBeNull();
  });
});
