// Training: multinomial logistic regression (softmax) trained with AdaGrad SGD and L2, and a one-vs-rest
// linear SVM blended with it, written out as a pruned sparse model file. Deterministic: a seeded shuffle and fixed iteration order everywhere.

import { CATEGORIES } from "../../core/taxonomy.js";
import { extractFeatures, IDF_NAMESPACES, namespaceOf, vectorize, type FeatureDoc, type RawFeatures } from "./features.js";
import { applyDealCues } from "./deal-cues.js";
import { heldOutDecision, layerChoices, layersAgainst } from "./agreement.js";
import { fitConfidence, reviewLine } from "./calibration.js";
import { combinedScores, fromModelFile, MODEL_FORMAT, softmax, type LayerFile, type LoadedModel, type ModelFile, type Priors } from "./model.js";
import { trainLayerSvm } from "./svm.js";
import { buildNeighbours, type NeighbourOptions, type NeighboursFile } from "./neighbours.js";

export { trainLayerSvm };

export interface TrainExample {
  doc: FeatureDoc;
  label: string;
  /** Sample weight in the loss. */
  weight: number;
  raw?: RawFeatures;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Minimum document frequency for n-gram features. */
  minDf: number;
  nsWeights: Record<string, number>;
  seed: number;
  sectionMix: number;
  /** Weights smaller than this (absolute) are dropped from the model file. */
  prune: number;
  temperature: number;
  priors: Priors;
  /** Loss weight of a full article and of a short report entry. */
  articleWeight: number;
  entryWeight: number;
  /** Folds used to fit the temperature on out-of-fold predictions. */
  calibrationFolds: number;
  /** Section layer only: its own L2, and class-balanced loss weights (each section weighs the same in total). */
  sectionL2?: number;
  sectionBalanced?: boolean;
  /** Section layer only: multiplies the loss weight of report entries (they are short lines, not articles). */
  sectionEntryScale?: number;
  /** Loss weight of an analyst's correction (default CORRECTION_WEIGHT). */
  correctionWeight?: number;
  /**
   * A second leaf layer, a one-vs-rest linear SVM over the same features, blended with the logistic
   * model: score = SVM margin + SVM priors + lrWeight x (logistic combined score). null: logistic only.
   */
  blend?: BlendOptions | null;
  /** The nearest training texts' vote (neighbours.ts) added to the scores. null: none. */
  neighbours?: NeighbourOptions | null;
}

export interface BlendOptions {
  /** Cost C of a unit-weight example (an example of loss weight w costs C x w). */
  svmC: number;
  /** SVM weights smaller than this (absolute) are dropped from the model file. */
  prune: number;
  /** Weight of the logistic model's combined score in the blend. */
  lrWeight: number;
  /** Headline priors added to the SVM's margins (on the SVM's scale). */
  priors: Priors;
  /** Passes over the data at most, and the dual gradient spread at which a class stops (liblinear's eps). */
  maxPasses?: number;
  tol?: number;
}

/** A correction weighs as much as a corpus article (the learning curve in docs/classifier.md: 9 moved unrelated stories too). */
const CORRECTION_WEIGHT = 3;

export const DEFAULT_OPTIONS: TrainOptions = {
  epochs: 12,
  learningRate: 0.5,
  l2: 8e-3,
  minDf: 2,
  nsWeights: { w: 1, h: 1, l: 0.5, c: 0.3, d: 0.6, k: 0.3, j: 0.3, p: 0.5, m: 0.3, P: 0, x: 1 },
  seed: 20250101,
  sectionMix: 0.5,
  prune: 0.15,
  temperature: 1,
  priors: { kind: 2, secondary: 0.5, medium: 0.25, international: 0.5 },
  articleWeight: 3,
  entryWeight: 1,
  calibrationFolds: 5,
  blend: { svmC: 1, prune: 0.01, lrWeight: 0.03, priors: { kind: 0.25, secondary: 0.5, medium: 0.25, international: 0 } },
  neighbours: { k: 5, weight: 2, terms: 60 },
};

/** Small seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function rawOf(ex: TrainExample): RawFeatures {
  if (!ex.raw) ex.raw = extractFeatures(ex.doc);
  return ex.raw;
}

function buildVocab(examples: readonly TrainExample[], minDf: number): { features: string[]; idf: number[] } {
  const df = new Map<string, number>();
  for (const ex of examples) for (const key of rawOf(ex).keys()) df.set(key, (df.get(key) ?? 0) + 1);
  const n = examples.length;
  const features = [...df.keys()].filter((k) => !IDF_NAMESPACES.has(namespaceOf(k)) || df.get(k)! >= minDf).sort();
  const idf = features.map((k) => Math.log((n + 1) / (df.get(k)! + 1)) + 1);
  return { features, idf };
}

interface Vec {
  idx: number[];
  val: number[];
}

function trainLayer(
  xs: readonly Vec[],
  ys: readonly number[],
  ws: readonly number[],
  nClasses: number,
  nFeatures: number,
  opts: TrainOptions,
): { W: Float64Array; b: Float64Array } {
  const W = new Float64Array(nFeatures * nClasses);
  const G = new Float64Array(nFeatures * nClasses);
  const b = new Float64Array(nClasses);
  const Gb = new Float64Array(nClasses);
  const random = rng(opts.seed);
  const order = xs.map((_, i) => i);
  const scores = new Float64Array(nClasses);
  const eps = 1e-8;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const perm = shuffled(order, random);
    for (const i of perm) {
      const x = xs[i]!;
      scores.set(b);
      for (let k = 0; k < x.idx.length; k++) {
        const base = x.idx[k]! * nClasses;
        const v = x.val[k]!;
        for (let c = 0; c < nClasses; c++) scores[c]! += v * W[base + c]!;
      }
      const p = softmax(scores);
      const y = ys[i]!;
      const w = ws[i]!;
      for (let c = 0; c < nClasses; c++) {
        const g = (p[c]! - (c === y ? 1 : 0)) * w;
        Gb[c]! += g * g;
        b[c]! -= (opts.learningRate * g) / Math.sqrt(Gb[c]! + eps);
        p[c] = g;
      }
      for (let k = 0; k < x.idx.length; k++) {
        const base = x.idx[k]! * nClasses;
        const v = x.val[k]!;
        for (let c = 0; c < nClasses; c++) {
          const j = base + c;
          const grad = p[c]! * v + opts.l2 * W[j]!;
          if (grad === 0) continue;
          G[j]! += grad * grad;
          W[j]! -= (opts.learningRate * grad) / Math.sqrt(G[j]! + eps);
        }
      }
    }
  }
  return { W, b };
}

/** Rescales sample weights so every class carries the same total weight (the overall total unchanged). */
function balancedWeights(ys: readonly number[], ws: readonly number[], nClasses: number): number[] {
  const total = new Float64Array(nClasses);
  ys.forEach((y, i) => (total[y]! += ws[i]!));
  const all = total.reduce((a, b) => a + b, 0);
  const present = total.filter((t) => t > 0).length;
  return ws.map((w, i) => (w * all) / (present * total[ys[i]!]!));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function layerFile(classes: string[], W: Float64Array, b: Float64Array, nFeatures: number, prune: number): LayerFile {
  const n = classes.length;
  const weights: number[][] = [];
  for (let f = 0; f < nFeatures; f++) {
    const pairs: number[] = [];
    for (let c = 0; c < n; c++) {
      const w = W[f * n + c]!;
      if (Math.abs(w) >= prune) pairs.push(c, round(w));
    }
    weights.push(pairs);
  }
  return { classes, bias: Array.from(b, round), weights };
}

/** The model's kind: logistic (v1), with the SVM blend (v2), with the nearest texts (v3). */
function modelId(opts: TrainOptions): string {
  if (opts.neighbours) return opts.blend ? "offline-logreg-svm-knn-v3" : "offline-logreg-knn-v3";
  return opts.blend ? "offline-logreg-svm-v2" : "offline-logreg-v1";
}

/** Trains both layers on the examples and returns the model file (unpruned features dropped). */
export function trainModel(examples: readonly TrainExample[], opts: TrainOptions = DEFAULT_OPTIONS, info: Record<string, unknown> = {}): ModelFile {
  const { features, idf } = buildVocab(examples, opts.minDf);
  const index = new Map(features.map((f, i) => [f, i]));
  const vocab = { index, idf, nsWeights: opts.nsWeights };
  const xs = examples.map((ex) => vectorize(rawOf(ex), vocab));
  const ws = examples.map((ex) => ex.weight);

  const present = new Set(examples.map((e) => e.label));
  const leafClasses = CATEGORIES.filter((c) => present.has(c));
  const leafIndex = new Map<string, number>(leafClasses.map((c, i) => [c, i]));
  const sectionClasses = [...new Set(leafClasses.map((c) => c.split(" -> ")[0]!))];
  const sectionIndex = new Map(sectionClasses.map((c, i) => [c, i]));

  const leafYs = examples.map((e) => leafIndex.get(e.label)!);
  const leaf = trainLayer(xs, leafYs, ws, leafClasses.length, features.length, opts);
  const sectionYs = examples.map((e) => sectionIndex.get(e.label.split(" -> ")[0]!)!);
  const entryScale = opts.sectionEntryScale ?? 1;
  const sectionWs = entryScale === 1 ? ws : examples.map((e) => e.weight * (e.doc.entry ? entryScale : 1));
  const section = trainLayer(
    xs,
    sectionYs,
    opts.sectionBalanced ? balancedWeights(sectionYs, sectionWs, sectionClasses.length) : sectionWs,
    sectionClasses.length,
    features.length,
    { ...opts, seed: opts.seed + 1, l2: opts.sectionL2 ?? opts.l2 },
  );
  const leafFile = layerFile(leafClasses, leaf.W, leaf.b, features.length, opts.prune);
  const sectionFile = layerFile(sectionClasses, section.W, section.b, features.length, opts.prune);
  const blend = opts.blend ?? null;
  let svmFile: LayerFile | null = null;
  if (blend) {
    const svm = trainLayerSvm(xs, leafYs, ws, leafClasses.length, features.length, {
      seed: opts.seed + 2,
      C: blend.svmC,
      maxPasses: blend.maxPasses,
      tol: blend.tol,
    });
    svmFile = layerFile(leafClasses, svm.W, svm.b, features.length, blend.prune);
  }

  // Drop features that kept no weight in any layer.
  let neighbours: NeighboursFile | null = null;
  if (opts.neighbours) {
    // Word unigrams of the whole text: "w:" keys without a space.
    const isWord = Uint8Array.from(features, (f) => (f.startsWith("w:") && !f.includes(" ") ? 1 : 0));
    neighbours = buildNeighbours(xs, leafYs, isWord, opts.neighbours);
  }

  const keep: number[] = [];
  for (let f = 0; f < features.length; f++) {
    const used = [leafFile, sectionFile, svmFile, neighbours].some((layer) => (layer?.weights[f]!.length ?? 0) > 0);
    if (used) keep.push(f);
  }
  return {
    format: MODEL_FORMAT,
    model_id: modelId(opts),
    info,
    ns_weights: opts.nsWeights,
    features: keep.map((f) => features[f]!),
    idf: keep.map((f) => round(idf[f]!)),
    leaf: { ...leafFile, weights: keep.map((f) => leafFile.weights[f]!) },
    section: { ...sectionFile, weights: keep.map((f) => sectionFile.weights[f]!) },
    temperature: opts.temperature,
    section_mix: opts.sectionMix,
    priors: opts.priors,
    ...(svmFile && blend
      ? { svm: { leaf: { ...svmFile, weights: keep.map((f) => svmFile.weights[f]!) }, priors: blend.priors, lr_weight: blend.lrWeight } }
      : {}),
    ...(neighbours ? { neighbours: { ...neighbours, weights: keep.map((f) => neighbours.weights[f]!) } } : {}),
  };
}

/** Out-of-fold combined scores, for temperature fitting and evaluation. */
interface HeldOut {
  label: string;
  probs: Float64Array;
  classes: string[];
  scores: Float64Array;
  /** Layers that chose another category than the blend alone (crossValidate fills it). */
  against?: number;
}

export function scoreHeldOut(model: LoadedModel, docs: ReadonlyArray<{ doc: FeatureDoc; label: string }>): HeldOut[] {
  return docs.map(({ doc, label }) => {
    const raw = extractFeatures(doc);
    const x = vectorize(raw, model.vocab);
    const scores = applyDealCues(model.leaf.classes, doc, combinedScores(model, x, raw));
    return { label, scores, probs: softmax(scores, model.temperature), classes: model.leaf.classes };
  });
}

/** Temperature minimising the negative log-likelihood of held-out labels (grid search). */
export function fitTemperature(heldOut: readonly HeldOut[]): number {
  let best = 1;
  let bestNll = Infinity;
  // Multiplicative steps: the blend's scores (SVM margins) are on a smaller scale than logits.
  for (let t = 0.02; t <= 10; t *= 1.04) {
    let nll = 0;
    for (const h of heldOut) {
      const p = softmax(h.scores, t);
      const i = h.classes.indexOf(h.label);
      nll -= Math.log(Math.max(1e-9, i >= 0 ? p[i]! : 1e-9));
    }
    if (nll < bestNll - 1e-12) {
      bestNll = nll;
      best = Math.round(t * 1000) / 1000;
    }
  }
  return best;
}

/** Stratified, deterministic fold assignment: items sorted by label then id, dealt round-robin. */
export function assignFolds<T extends { label: string; id: string }>(items: readonly T[], k: number, seed: number): number[] {
  const random = rng(seed);
  const order = shuffled(
    items.map((_, i) => i),
    random,
  ).sort((a, b) => (items[a]!.label < items[b]!.label ? -1 : items[a]!.label > items[b]!.label ? 1 : 0));
  const folds = new Array<number>(items.length).fill(0);
  order.forEach((item, n) => (folds[item] = n % k));
  return folds;
}

export interface LabelledArticle {
  id: string;
  doc: FeatureDoc;
  label: string;
}

type Labelled = ReadonlyArray<{ doc: FeatureDoc; label: string }>;

/** Training examples: corpus articles, report entries and analysts' corrections, each with its loss weight. */
export function examplesFrom(articles: readonly LabelledArticle[], entries: Labelled, opts: TrainOptions, corrections: Labelled = []): TrainExample[] {
  return [
    ...articles.map((a) => ({ doc: a.doc, label: a.label, weight: opts.articleWeight })),
    ...entries.map((e) => ({ doc: e.doc, label: e.label, weight: opts.entryWeight })),
    ...corrections.map((c) => ({ doc: c.doc, label: c.label, weight: opts.correctionWeight ?? CORRECTION_WEIGHT })),
  ];
}

/**
 * k-fold cross-validation over the articles (all report entries and corrections always train).
 * Returns the held-out predictions of every article in corpus order, with the model's raw combined scores.
 */
export function crossValidate(
  articles: readonly LabelledArticle[],
  entries: Labelled,
  opts: TrainOptions,
  k: number,
  onFold?: (fold: number, ms: number) => void,
  corrections: Labelled = [],
): HeldOut[] {
  const folds = assignFolds(articles, k, opts.seed);
  const out: HeldOut[] = new Array(articles.length);
  for (let fold = 0; fold < k; fold++) {
    const started = Date.now();
    const train = articles.filter((_, i) => folds[i] !== fold);
    const test = articles.map((a, i) => ({ a, i })).filter(({ i }) => folds[i] === fold);
    const model = fromModelFile(trainModel(examplesFrom(train, entries, opts, corrections), opts));
    const scored = scoreHeldOut(
      model,
      test.map(({ a }) => ({ doc: a.doc, label: a.label })),
    );
    test.forEach(({ a, i }, n) => (out[i] = { ...scored[n]!, against: layersAgainst(layerChoices(model, a.doc), argmaxLabel(scored[n]!)) }));
    onFold?.(fold, Date.now() - started);
  }
  return out;
}

/** Accuracy of out-of-fold predictions on the base corpus articles: what the learning guard compares. */
export interface CvFigure {
  full: number;
  section: number;
}

export function cvFigure(heldOut: readonly HeldOut[]): CvFigure {
  const n = Math.max(1, heldOut.length);
  const sectionOf = (c: string) => c.split(" -> ")[0];
  const full = heldOut.filter((h) => argmaxLabel(h) === h.label).length;
  const section = heldOut.filter((h) => sectionOf(argmaxLabel(h)) === sectionOf(h.label)).length;
  return { full: Math.round((full / n) * 10000) / 10000, section: Math.round((section / n) * 10000) / 10000 };
}

/**
 * The model trained on the base corpus and the analysts' corrections, as `news-coverage train` writes it
 * (trainFinal adds the cross-validation that fits the temperature and feeds the guard). `prepare` may
 * attach cached features to the examples (the eval scripts).
 */
export function trainWithCorrections(
  articles: readonly LabelledArticle[],
  entries: Labelled,
  corrections: Labelled,
  opts: TrainOptions,
  prepare: (examples: TrainExample[]) => TrainExample[] = (examples) => examples,
  info: Record<string, unknown> = {},
): ModelFile {
  return trainModel(prepare(examplesFrom(articles, entries, opts, corrections)), opts, info);
}

/**
 * Full training run: cross-validation on the articles (fits the temperature and gives the base
 * corpus figure), then training on everything. Corrections train in every fold and in the final model.
 */
export function trainFinal(
  articles: readonly LabelledArticle[],
  entries: Labelled,
  opts: TrainOptions = DEFAULT_OPTIONS,
  info: Record<string, unknown> = {},
  corrections: Labelled = [],
): ModelFile {
  const heldOut = crossValidate(articles, entries, opts, opts.calibrationFolds, undefined, corrections);
  const temperature = fitTemperature(heldOut);
  const cv = cvFigure(heldOut);
  // The confidence's recalibration and the review line, on the same out-of-fold decisions.
  const decisions = heldOut.map((h, i) => heldOutDecision(h, articles[i]!.doc, temperature));
  const confidence = fitConfidence(decisions);
  const file = trainWithCorrections(articles, entries, corrections, { ...opts, temperature }, undefined, {
    ...info,
    articles: articles.length,
    entries: entries.length,
    ...(corrections.length > 0 ? { corrections: corrections.length } : {}),
    options: { ...opts, temperature },
    calibration_cv_full_path_accuracy: cv.full,
    calibration_cv_section_accuracy: cv.section,
  });
  return { ...file, confidence: { ...confidence, review_below: reviewLine(confidence, decisions) } };
}

export function argmaxLabel(h: HeldOut): string {
  let best = 0;
  for (let i = 1; i < h.scores.length; i++) if (h.scores[i]! > h.scores[best]!) best = i;
  return h.classes[best]!;
}
