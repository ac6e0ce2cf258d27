import { describe, expect, it } from "vitest";
import { extractFeatures, vectorize } from "../../../src/engines/offline/features.js";
import { serializeModel } from "../../../src/engines/offline/model-file.js";
import { combinedScores, fromModelFile, parseModelText, predict } from "../../../src/engines/offline/model.js";
import { buildNeighbours, neighbourVotes, type Neighbours, type NeighboursFile } from "../../../src/engines/offline/neighbours.js";
import { DEFAULT_OPTIONS, examplesFrom, trainModel } from "../../../src/engines/offline/train.js";
import { smallCorpus } from "../../learning/helpers.js";

/** The index as the model loads it (no model file in between). */
function loaded(file: NeighboursFile): Neighbours {
  const start = [0];
  const classOf: number[] = [];
  const weight: number[] = [];
  for (const pairs of file.weights) {
    for (let j = 0; j < pairs.length; j += 2) {
      classOf.push(pairs[j]!);
      weight.push(pairs[j + 1]!);
    }
    start.push(classOf.length);
  }
  return {
    k: file.k,
    weight: file.weight,
    labels: Uint16Array.from(file.labels),
    postings: { start: Int32Array.from(start), classOf: Uint16Array.from(classOf), weight: Float32Array.from(weight) },
  };
}

describe("nearest training texts", () => {
  // Features 0-3 are words, 4 is not (a cue, say). Texts 0 and 1 are class 0, text 2 class 1.
  const isWord = Uint8Array.from([1, 1, 1, 1, 0]);
  const xs = [
    { idx: [0, 1, 4], val: [0.9, 0.3, 5] },
    { idx: [0, 2], val: [0.6, 0.6] },
    { idx: [2, 3], val: [0.2, 0.9] },
  ];
  const labels = [0, 0, 1];

  it("keeps each text's strongest words only, at unit length, and never a non-word feature", () => {
    const file = buildNeighbours(xs, labels, isWord, { k: 2, weight: 1, terms: 1 });
    expect(file.labels).toEqual([0, 0, 1]);
    expect(file.weights[4]).toEqual([]);
    // Text 0 keeps word 0, text 1 its tie-broken first word 0, text 2 word 3; each alone, so weight 1.
    expect(file.weights[0]).toEqual([0, 1, 1, 1]);
    expect(file.weights[3]).toEqual([2, 1]);
    expect(file.weights[1]).toEqual([]);
    const two = buildNeighbours(xs, labels, isWord, { k: 2, weight: 1, terms: 2 });
    const norm0 = Math.hypot(0.9, 0.3);
    expect(two.weights[0]![1]).toBeCloseTo(0.9 / norm0, 4);
    expect(two.weights[1]).toEqual([0, Math.round((0.3 / norm0) * 1e4) / 1e4]);
  });

  it("the k most similar texts vote with their similarity, in shares that sum to 1", () => {
    const nb = loaded(buildNeighbours(xs, labels, isWord, { k: 2, weight: 1, terms: 4 }));
    // Like text 2 above all, then text 1 (word 2), not at all like text 0.
    const votes = neighbourVotes(nb, { idx: [2, 3], val: [0.5, 0.5] }, 2);
    expect(votes[0]! + votes[1]!).toBeCloseTo(1, 10);
    expect(votes[1]!).toBeGreaterThan(votes[0]!);
    expect(votes[0]!).toBeGreaterThan(0);
    // With k = 1 only text 2 votes.
    expect(Array.from(neighbourVotes(nb, { idx: [2, 3], val: [0.5, 0.5] }, 2, 1))).toEqual([0, 1]);
    // Nothing in common with any text, or an unknown feature: no vote at all.
    expect(Array.from(neighbourVotes(nb, { idx: [4, 99], val: [1, 1] }, 2))).toEqual([0, 0]);
  });

  it("breaks a tie in similarity by the earlier text", () => {
    const same = [
      { idx: [0], val: [1] },
      { idx: [0], val: [1] },
    ];
    const nb = loaded(buildNeighbours(same, [1, 0], Uint8Array.from([1]), { k: 1, weight: 1, terms: 5 }));
    expect(Array.from(neighbourVotes(nb, { idx: [0], val: [1] }, 2))).toEqual([0, 1]);
  });
});

describe("nearest training texts in the model file", () => {
  const corpus = smallCorpus(24, 24);
  const file = trainModel(examplesFrom(corpus.articles, corpus.entries, DEFAULT_OPTIONS), DEFAULT_OPTIONS);
  const model = fromModelFile(file);

  it("indexes every training text under the leaf classes, and reads back the same from the file's text", () => {
    expect(file.model_id).toBe("offline-logreg-svm-knn-v3");
    expect(file.neighbours!.labels).toHaveLength(corpus.articles.length + corpus.entries.length);
    expect(file.neighbours!.weights).toHaveLength(file.features.length);
    const viaLines = parseModelText(serializeModel(file));
    expect(Array.from(viaLines.neighbours!.postings.weight)).toEqual(Array.from(model.neighbours!.postings.weight));
    expect(Array.from(viaLines.neighbours!.postings.classOf)).toEqual(Array.from(model.neighbours!.postings.classOf));
    expect(Array.from(viaLines.neighbours!.labels)).toEqual(Array.from(model.neighbours!.labels));
    const doc = corpus.articles[3]!.doc;
    expect(predict(viaLines, doc)).toEqual(predict(model, doc));
  });

  it("a training article finds itself: its own class gets the largest vote", () => {
    for (const a of corpus.articles.slice(0, 6)) {
      const x = vectorize(extractFeatures(a.doc), model.vocab);
      const votes = neighbourVotes(model.neighbours!, x, model.leaf.classes.length);
      expect(model.leaf.classes[votes.indexOf(Math.max(...votes))]).toBe(a.label);
    }
  });

  it("adds weight x the votes to the blend's scores, and nothing when the option is off", () => {
    const doc = corpus.articles[0]!.doc;
    const raw = extractFeatures(doc);
    const x = vectorize(raw, model.vocab);
    const withVotes = combinedScores(model, x, raw);
    const without = combinedScores({ ...model, neighbours: null }, x, raw);
    const votes = neighbourVotes(model.neighbours!, x, model.leaf.classes.length);
    withVotes.forEach((s, i) => expect(s).toBeCloseTo(without[i]! + file.neighbours!.weight * votes[i]!, 9));
    const plain = trainModel(examplesFrom(corpus.articles, corpus.entries, DEFAULT_OPTIONS), { ...DEFAULT_OPTIONS, neighbours: null });
    expect(plain.neighbours).toBeUndefined();
    expect(plain.model_id).toBe("offline-logreg-svm-v2");
  });

  it("votes as a brute-force ranking of every text does (similarity down, earlier text first)", () => {
    const nb = model.neighbours!;
    const nClasses = model.leaf.classes.length;
    for (const { doc } of [...corpus.articles, ...corpus.entries]) {
      const x = vectorize(extractFeatures(doc), model.vocab);
      const sim = new Float64Array(nb.labels.length);
      x.idx.forEach((f, i) => {
        for (let p = nb.postings.start[f]!; p < nb.postings.start[f + 1]!; p++) sim[nb.postings.classOf[p]!]! += x.val[i]! * nb.postings.weight[p]!;
      });
      const top = [...sim.keys()]
        .filter((t) => sim[t]! > 0)
        .sort((a, b) => sim[b]! - sim[a]! || a - b)
        .slice(0, nb.k);
      const total = top.reduce((s, t) => s + sim[t]!, 0);
      const expected = new Float64Array(nClasses);
      for (const t of top) expected[nb.labels[t]!]! += sim[t]! / total;
      const got = neighbourVotes(nb, x, nClasses);
      got.forEach((v, c) => expect(v).toBeCloseTo(expected[c]!, 12));
    }
  });

  it("refuses an index whose texts name a class the model does not have", () => {
    const broken = { ...file, neighbours: { ...file.neighbours!, labels: file.neighbours!.labels.map(() => 999) } };
    expect(() => fromModelFile(broken)).toThrow(/neighbour text has no leaf class/);
  });
});
