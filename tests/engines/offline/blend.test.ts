import { describe, expect, it } from "vitest";
import { headlineAndBody } from "../../../src/engines/offline/classifier.js";
import { splitTitleFromText } from "../../../src/engines/offline/features.js";
import { serializeModel } from "../../../src/engines/offline/model-file.js";
import { fromModelFile, modelPath, parseModelText, predict, type ModelFile } from "../../../src/engines/offline/model.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import { cleanInline, cleanText } from "../../../src/pipeline/text.js";
import { DEFAULT_OPTIONS, examplesFrom, trainLayerSvm, trainModel } from "../../../src/engines/offline/train.js";
import { smallCorpus } from "../../learning/helpers.js";

describe("linear SVM layer", () => {
  // Three classes, each owning one feature; the fourth feature is noise shared by all.
  const xs = [
    { idx: [0, 3], val: [1, 0.5] },
    { idx: [0], val: [0.8] },
    { idx: [1, 3], val: [1, 0.5] },
    { idx: [1], val: [0.9] },
    { idx: [2, 3], val: [1, 0.5] },
    { idx: [2], val: [0.7] },
  ];
  const ys = [0, 0, 1, 1, 2, 2];

  it("separates a separable problem, one margin per class, the same weights on every run", () => {
    const a = trainLayerSvm(
      xs,
      ys,
      ys.map(() => 1),
      3,
      4,
      { seed: 7, C: 1 },
    );
    const b = trainLayerSvm(
      xs,
      ys,
      ys.map(() => 1),
      3,
      4,
      { seed: 7, C: 1 },
    );
    expect(Array.from(b.W)).toEqual(Array.from(a.W));
    xs.forEach((x, i) => {
      const scores = [0, 1, 2].map((c) => a.b[c]! + x.idx.reduce((s, f, k) => s + a.W[f * 3 + c]! * x.val[k]!, 0));
      expect(scores.indexOf(Math.max(...scores))).toBe(ys[i]);
    });
    // The class's own feature pulls towards it; the shared one is worth less than any own feature.
    for (let c = 0; c < 3; c++) expect(a.W[c * 3 + c]!).toBeGreaterThan(Math.abs(a.W[3 * 3 + c]!));
  });

  it("a larger example weight buys a larger margin for that example", () => {
    const light = trainLayerSvm(
      xs,
      ys,
      ys.map(() => 0.05),
      3,
      4,
      { seed: 7, C: 1 },
    );
    const heavy = trainLayerSvm(
      xs,
      ys,
      ys.map(() => 5),
      3,
      4,
      { seed: 7, C: 1 },
    );
    const margin = (m: { W: Float64Array; b: Float64Array }) => m.b[0]! + m.W[0 * 3 + 0]! * 0.8;
    expect(margin(heavy)).toBeGreaterThan(margin(light));
  });
});

describe("logistic + SVM blend in the model file", () => {
  const corpus = smallCorpus(24, 24);
  const file = trainModel(examplesFrom(corpus.articles, corpus.entries, DEFAULT_OPTIONS), DEFAULT_OPTIONS);

  it("writes an svm layer over the leaf classes, read back with the same predictions", () => {
    expect(file.svm).toBeDefined();
    expect(file.svm!.leaf.classes).toEqual(file.leaf.classes);
    expect(file.model_id).toMatch(/^offline-logreg-svm-(knn-v3|v2)$/);
    const direct = fromModelFile(file);
    const reread = fromModelFile(JSON.parse(serializeModel(file)) as ModelFile);
    for (const a of corpus.articles.slice(0, 8)) expect(predict(reread, a.doc)).toEqual(predict(direct, a.doc));
  });

  it("the blend changes decisions: without the svm layer the scores differ", () => {
    const blended = fromModelFile(file);
    const logisticOnly = fromModelFile({ ...file, svm: undefined });
    const differs = corpus.articles.some((a) => predict(blended, a.doc)[0]!.probability !== predict(logisticOnly, a.doc)[0]!.probability);
    expect(differs).toBe(true);
  });

  it("refuses a model whose svm layer names other classes", () => {
    const broken = { ...file, svm: { ...file.svm!, leaf: { ...file.svm!.leaf, classes: [...file.svm!.leaf.classes].reverse() } } };
    expect(() => fromModelFile(broken)).toThrow(/svm layer's classes differ/);
  });

  it("trains without the svm layer when blend is null (the previous model)", () => {
    const opts = { ...DEFAULT_OPTIONS, blend: null, neighbours: null };
    const plain = trainModel(examplesFrom(corpus.articles.slice(0, 8), corpus.entries.slice(0, 20), opts), opts);
    expect(plain.svm).toBeUndefined();
    expect(plain.neighbours).toBeUndefined();
    expect(plain.model_id).toBe("offline-logreg-v1");
    const withNeighbours = trainModel(examplesFrom(corpus.articles.slice(0, 8), corpus.entries.slice(0, 20), opts), {
      ...opts,
      neighbours: DEFAULT_OPTIONS.neighbours,
    });
    expect(withNeighbours.model_id).toBe("offline-logreg-knn-v3");
  });
});

describe("reading the model file's text", () => {
  const text = readFileSync(modelPath(), "utf8");
  const viaJson = fromModelFile(JSON.parse(text) as ModelFile);
  const viaLines = parseModelText(text);

  it("packs the weight lines into the same layers JSON.parse gives, for the shipped model", () => {
    for (const name of ["leaf", "section"] as const) {
      expect(Array.from(viaLines[name].start)).toEqual(Array.from(viaJson[name].start));
      expect(Array.from(viaLines[name].classOf)).toEqual(Array.from(viaJson[name].classOf));
      expect(Array.from(viaLines[name].weight)).toEqual(Array.from(viaJson[name].weight));
    }
    expect(Array.from(viaLines.svm!.leaf.weight)).toEqual(Array.from(viaJson.svm!.leaf.weight));
    expect(viaLines.svm!.priors).toEqual(viaJson.svm!.priors);
    expect(Array.from(viaLines.neighbours!.postings.weight)).toEqual(Array.from(viaJson.neighbours!.postings.weight));
    expect(Array.from(viaLines.neighbours!.labels)).toEqual(Array.from(viaJson.neighbours!.labels));
    const doc = { title: "Netflix renews 'Wednesday' for a third season", body: "Netflix has renewed the series for a third season." };
    expect(predict(viaLines, doc)).toEqual(predict(viaJson, doc));
  });

  it("reads compact JSON and odd lines through JSON.parse", () => {
    const small = trainModel(examplesFrom(smallCorpus(8, 200).articles, smallCorpus(8, 200).entries, DEFAULT_OPTIONS), DEFAULT_OPTIONS);
    const doc = smallCorpus(8, 200).articles[0]!.doc;
    expect(predict(parseModelText(JSON.stringify(small)), doc)).toEqual(predict(fromModelFile(small), doc));
    const lines = serializeModel(small);
    expect(predict(parseModelText(lines), doc)).toEqual(predict(fromModelFile(small), doc));
    // A weight written with an exponent, or a line that is not [class, weight, ...], still reads.
    const odd = lines.replace(/\[(\d+),(-?\d+\.\d+)\]/, (_m, c: string, w: string) => `[${c},${Number(w) * 1e3}e-3]`);
    expect(odd).not.toBe(lines);
    expect(predict(parseModelText(odd), doc)).toEqual(predict(fromModelFile(JSON.parse(odd) as ModelFile), doc));
  });
});

describe("headline and body as the model reads them", () => {
  const text =
    "EXCLUSIVE: Ronald D. Moore is back at Sony Pictures Television, signing a multi-year overall deal with the studio. Under the pact, Moore will develop scripted series. Moore left Sony in 2020.";
  const asTrained = splitTitleFromText(text);

  it("a title copied from the first sentence of the text is read as training read it", () => {
    const first = "EXCLUSIVE: Ronald D. Moore is back at Sony Pictures Television, signing a multi-year overall deal with the studio.";
    expect(headlineAndBody(first, text)).toEqual({ title: first, body: asTrained.body });
  });

  it("a title cut from the first N characters is read as the whole first sentence", () => {
    expect(headlineAndBody(text.slice(0, 80), text)).toEqual(asTrained);
    expect(headlineAndBody(text.slice(0, 37), text)).toEqual(asTrained);
  });

  it("a label that shares no word with the story gives way to the first sentence", () => {
    expect(headlineAndBody("Article a001", text)).toEqual(asTrained);
    expect(headlineAndBody("held-out-17", text)).toEqual(asTrained);
  });

  it("the whole text copied into the title is read as training read it", () => {
    expect(headlineAndBody(text, text)).toEqual(asTrained);
  });

  it("a real headline is kept, and removed from the body when the body repeats it as its first line", () => {
    const headline = "Ronald D. Moore Returns to Sony TV With Overall Deal";
    expect(headlineAndBody(headline, text)).toEqual({ title: headline, body: text });
    expect(headlineAndBody(headline, `${headline}\n${text}`)).toEqual({ title: headline, body: text });
  });

  it("keeps every real headline of the test fixtures (labelled buyer set, line-writer cases, samples)", () => {
    const fixtures = path.resolve(__dirname, "..", "..", "fixtures");
    const articles = [
      ...readFileSync(path.join(fixtures, "buyers-labelled.jsonl"), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { title: string; content: string }),
      ...Object.values(JSON.parse(readFileSync(path.join(fixtures, "issue13", "articles.json"), "utf8")) as Record<string, { title: string; content: string }>),
    ].filter((a) => a.title);
    expect(articles.length).toBeGreaterThan(60);
    for (const a of articles) expect(headlineAndBody(cleanInline(a.title), cleanText(a.content)).title).toBe(cleanInline(a.title));
  });

  it("tolerates an empty body and regex characters in the title", () => {
    expect(headlineAndBody("A (title) [with] *stars*?", "")).toEqual({ title: "A (title) [with] *stars*?", body: "" });
    expect(headlineAndBody("A (title) [with] *stars*?", "A (title) [with] *stars*?\nThe body follows.")).toEqual({
      title: "A (title) [with] *stars*?",
      body: "The body follows.",
    });
  });
});
