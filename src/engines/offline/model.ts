// The classifier's model file (models/classifier.json): format, synchronous cached loading, scoring.

import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { PACKAGE_ROOT } from "../../config/load.js";
import { docVector, type FeatureDoc, type RawFeatures, type Vocabulary } from "./features.js";
import { applyDealCues } from "./deal-cues.js";
import { kindOfCategory, mediumOfCategory } from "./lexicon.js";
import { addProduct, packPairs, splitWeightBlocks, type PackedWeights } from "./model-text.js";
import { MAX_NEIGHBOUR_TEXTS, neighbourVotes, type Neighbours, type NeighboursFile } from "./neighbours.js";
import { errorMessage } from "../../core/errors.js";
import type { ConfidenceFile } from "./calibration.js";

export const MODEL_FORMAT = "news-coverage-offline-classifier/1";

/** One linear softmax layer over the shared feature space. */
export interface LayerFile {
  classes: string[];
  bias: number[];
  /** Per feature (same order as `features`): flat [classIndex, weight, classIndex, weight, ...]. */
  weights: number[][];
}

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  model_id: string;
  /** Free-form provenance: corpus sizes, options, CV figures. */
  info: Record<string, unknown>;
  ns_weights: Record<string, number>;
  features: string[];
  idf: number[];
  /** Flat classifier over full category paths. */
  leaf: LayerFile;
  /** Section classifier (top-level of the path). */
  section: LayerFile;
  /** Softmax temperature for calibrated confidences (fitted on out-of-fold predictions). */
  temperature: number;
  /** How much the section layer's log-probability adds to each leaf's score. */
  section_mix: number;
  /** Expert priors: score added to a leaf whose kind / medium the headline cues name. */
  priors?: Partial<Priors>;
  /**
   * Optional linear SVM over the same leaf classes and features, blended in: the decision is the SVM's
   * margin + its priors + lr_weight x the logistic model's combined score.
   */
  svm?: { leaf: LayerFile; priors: Partial<Priors>; lr_weight: number };
  /** Optional nearest training texts (neighbours.ts): weight x their leaf vote shares are added to the scores. */
  neighbours?: NeighboursFile;
  /** Optional recalibration of the chosen path's confidence and the review line (calibration.ts). */
  confidence?: ConfidenceFile;
}

export interface Priors {
  /** Added to leaves of the primary kind (earliest kind cue in the head). */
  kind: number;
  /** Fraction of `kind` added to leaves of any other kind cued in the head. */
  secondary: number;
  /** Added to Content leaves of a medium cued in the head. */
  medium: number;
  /** Added to International leaves when the head names a foreign country or market. */
  international: number;
  /** Added to "General News & Strategy" leaves when no kind cue is found in the head. */
  general?: number;
}

/**
 * A layer ready to score: feature f's weights are weight[start[f]..start[f+1]), for the classes in
 * classOf at the same positions. Packed once at load (typed arrays, not the file's nested arrays: a
 * quarter of the memory per worker thread).
 */
export interface Layer extends PackedWeights {
  classes: string[];
  bias: Float64Array;
}

export interface LoadedModel {
  id: string;
  vocab: Vocabulary;
  leaf: Layer;
  section: Layer;
  temperature: number;
  sectionMix: number;
  /** Section index for each leaf class. */
  leafSection: Int32Array;
  priors: Priors;
  leafKind: string[];
  leafMedium: Array<string | null>;
  leafIntl: boolean[];
  svm: { leaf: Layer; priors: Priors; lrWeight: number } | null;
  neighbours: Neighbours | null;
  confidence: ConfidenceFile | null;
}

export function modelPath(): string {
  return path.join(PACKAGE_ROOT, "models", "classifier.json");
}

function toLayer(file: LayerFile, packedWeights?: PackedWeights): Layer {
  if (file.classes.length > 0xffff) throw new Error("classifier model: too many classes in a layer");
  return { classes: file.classes, bias: Float64Array.from(file.bias), ...(packedWeights ?? packPairs(file.weights)) };
}

export function fromModelFile(
  file: ModelFile,
  packed: { leaf?: PackedWeights; section?: PackedWeights; svm?: PackedWeights; neighbours?: PackedWeights } = {},
): LoadedModel {
  if (file.format !== MODEL_FORMAT) throw new Error(`unsupported classifier model format ${String(file.format)}`);
  const index = new Map<string, number>();
  file.features.forEach((f, i) => index.set(f, i));
  const leaf = toLayer(file.leaf, packed.leaf);
  const section = toLayer(file.section, packed.section);
  const sectionIndex = new Map(section.classes.map((c, i) => [c, i]));
  const leafSection = Int32Array.from(leaf.classes.map((c) => sectionIndex.get(c.split(" -> ")[0]!) ?? -1));
  return {
    id: file.model_id,
    vocab: { index, idf: file.idf, nsWeights: file.ns_weights },
    leaf,
    section,
    temperature: file.temperature,
    sectionMix: file.section_mix,
    leafSection,
    priors: { ...NO_PRIORS, ...file.priors },
    leafKind: leaf.classes.map(kindOfCategory),
    leafMedium: leaf.classes.map(mediumOfCategory),
    leafIntl: leaf.classes.map((c) => c.startsWith("Content, Deals & Distribution -> International")),
    svm: file.svm ? svmLayer(file.svm, leaf.classes, packed.svm) : null,
    neighbours: file.neighbours ? neighboursOf(file.neighbours, leaf.classes.length, packed.neighbours) : null,
    confidence: file.confidence ?? null,
  };
}

function neighboursOf(nb: NeighboursFile, nClasses: number, packedWeights?: PackedWeights): Neighbours {
  if (nb.labels.some((c) => !(Number.isInteger(c) && c >= 0 && c < nClasses))) throw new Error("classifier model: a neighbour text has no leaf class");
  if (nb.labels.length > MAX_NEIGHBOUR_TEXTS) throw new Error("classifier model: too many neighbour texts");
  // Postings are [text, weight] pairs, the layout of a layer's [class, weight] pairs.
  const postings = packedWeights ?? packPairs(nb.weights);
  if (postings.classOf.some((t) => t >= nb.labels.length)) throw new Error("classifier model: a neighbour posting names no text");
  return { k: nb.k, weight: nb.weight, labels: Uint16Array.from(nb.labels), postings };
}

const NO_PRIORS: Priors = { kind: 0, secondary: 0, medium: 0, international: 0 };

function svmLayer(svm: NonNullable<ModelFile["svm"]>, leafClasses: readonly string[], packedWeights?: PackedWeights): NonNullable<LoadedModel["svm"]> {
  if (svm.leaf.classes.length !== leafClasses.length || svm.leaf.classes.some((c, i) => c !== leafClasses[i])) {
    throw new Error("classifier model: the svm layer's classes differ from the leaf layer's");
  }
  return { leaf: toLayer(svm.leaf, packedWeights), priors: { ...NO_PRIORS, ...svm.priors }, lrWeight: svm.lr_weight };
}

let cached: LoadedModel | null = null;

function readModel(file: string): LoadedModel {
  return parseModelText(readFileSync(file, "utf8"));
}

/**
 * Reads a model file's text. The file as `serializeModel` writes it is read without building its weight
 * arrays as JS objects (`splitWeightBlocks`: each layer's lines go straight into typed arrays and only
 * the small rest goes through JSON.parse), which keeps a worker's peak memory at load about 15 MB
 * lower for the 4.9 MB model. Any other JSON (hand-written, compact) is parsed whole.
 */
export function parseModelText(text: string): LoadedModel {
  const split = splitWeightBlocks(text);
  if (!split) return fromModelFile(JSON.parse(text) as ModelFile);
  const file = JSON.parse(split.skeleton) as ModelFile;
  // The blocks are in the file's order: leaf, section, the svm layer's leaf, the neighbours' postings.
  const names = ["leaf", "section", ...(file.svm ? ["svm"] : []), ...(file.neighbours ? ["neighbours"] : [])] as const;
  const layers = [file.leaf, file.section, file.svm?.leaf, file.neighbours].filter(Boolean) as Array<{ weights: number[][] }>;
  if (split.blocks.length !== layers.length) throw new Error("classifier model: a layer has no weights block");
  split.blocks.forEach((b, i) => {
    if (layers[i]!.weights.length !== 0 || b.start.length - 1 !== file.features.length)
      throw new Error("classifier model: a weights block does not match its layer");
  });
  return fromModelFile(file, Object.fromEntries(names.map((name, i) => [name, split.blocks[i]!])));
}

/**
 * The model this process classifies with: the installation's own (data/models/classifier.json,
 * written by `news-coverage train`) when there is one, else the shipped base model. Cached per
 * process (per worker thread); `loadModel(file)` reads any other file uncached.
 */
export function loadModel(file?: string): LoadedModel {
  if (file !== undefined && file !== modelPath()) return readModel(file);
  if (installed.model) return installed.model;
  cached ??= readModel(modelPath());
  return cached;
}

/** The installation's model file, the last file state looked at, and the model read from it. */
const installed: { file: string | null; stamp: string | null; model: LoadedModel | null } = { file: null, stamp: null, model: null };

/** Makes this process use the installation's model at `file` whenever it exists (null: the base model only). */
export function useInstalledModel(file: string | null): void {
  installed.file = file;
  installed.stamp = null;
  installed.model = null;
  refreshModel();
}

/**
 * Re-reads the installation's model when its file changed since the last look (one stat; the daemon's
 * workers call it once per batch, so a retrained model is used without a restart). The file is
 * replaced by rename, so a reader sees the old or the new model, never half of one. A file that cannot
 * be read or parsed leaves the model in use as it is (and is not re-read until it changes again).
 * Returns a message when the model in use changed or a new file was refused.
 */
export function refreshModel(): string | null {
  if (!installed.file) return null;
  let stamp: string | null = null;
  try {
    const st = statSync(installed.file);
    stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
  } catch {
    stamp = null;
  }
  if (stamp === installed.stamp) return null;
  installed.stamp = stamp;
  if (stamp === null) {
    const had = installed.model !== null;
    installed.model = null;
    return had ? "installation model removed: using the base model" : null;
  }
  try {
    installed.model = readModel(installed.file);
    return `using the installation model ${installed.file} (${installed.model.id})`;
  } catch (err) {
    return `cannot use ${installed.file}: ${errorMessage(err)}; keeping the model in use`;
  }
}

/** Each layer's bias + x . weights (the svm's when the model has one): scoreLayer of each, in one pass. */
export interface LayerProducts {
  leaf: Float64Array;
  section: Float64Array;
  svm: Float64Array | null;
}

/**
 * The leaf, section and svm layers' weights of each feature side by side: feature f's are
 * [at[3f], at[3f+1]) for the leaf layer, then up to at[3f+2] for the section layer and up to at[3f+3]
 * for the svm layer. One pass over a document's features reads each feature's weights from one place
 * instead of three (a scattered read per feature and layer was most of the layers' time).
 */
interface FusedLayers {
  leaf: Layer;
  section: Layer;
  svm: Layer | null;
  at: Int32Array;
  classOf: Uint16Array;
  weight: Float32Array;
}

/** Built once per set of layers (a model's copy with other priors or mix shares it). */
const FUSED = new WeakMap<Layer, FusedLayers>();

function fusedLayers(model: LoadedModel): FusedLayers {
  const svm = model.svm?.leaf ?? null;
  const known = FUSED.get(model.leaf);
  if (known && known.section === model.section && known.svm === svm) return known;
  const layers = [model.leaf, model.section, ...(svm ? [svm] : [])];
  const nFeatures = Math.max(...layers.map((l) => l.start.length - 1));
  const at = new Int32Array(3 * nFeatures + 1);
  let total = 0;
  for (const l of layers) total += l.start[l.start.length - 1]! - l.start[0]!;
  const classOf = new Uint16Array(total);
  const weight = new Float32Array(total);
  let k = 0;
  for (let f = 0; f < nFeatures; f++) {
    for (let li = 0; li < 3; li++) {
      at[3 * f + li] = k;
      const l = layers[li];
      if (!l || f >= l.start.length - 1) continue;
      for (let j = l.start[f]!, end = l.start[f + 1]!; j < end; j++, k++) {
        classOf[k] = l.classOf[j]!;
        weight[k] = l.weight[j]!;
      }
    }
  }
  at[3 * nFeatures] = k;
  const fused = { leaf: model.leaf, section: model.section, svm, at, classOf, weight };
  FUSED.set(model.leaf, fused);
  return fused;
}

/** scoreLayer of the leaf, section and svm layers over x, in one pass: the same sums in the same order. */
export function layerProducts(model: LoadedModel, x: { idx: readonly number[]; val: readonly number[] }): LayerProducts {
  const { at, classOf, weight } = fusedLayers(model);
  const leaf = Float64Array.from(model.leaf.bias);
  const section = Float64Array.from(model.section.bias);
  const svm = model.svm ? Float64Array.from(model.svm.leaf.bias) : null;
  const nFeatures = (at.length - 1) / 3;
  for (let i = 0; i < x.idx.length; i++) {
    const f = x.idx[i]!;
    if (!(f >= 0 && f < nFeatures)) continue;
    const v = x.val[i]!;
    const b = 3 * f;
    let k = at[b]!;
    for (const end = at[b + 1]!; k < end; k++) leaf[classOf[k]!]! += v * weight[k]!;
    for (const end = at[b + 2]!; k < end; k++) section[classOf[k]!]! += v * weight[k]!;
    if (svm) for (const end = at[b + 3]!; k < end; k++) svm[classOf[k]!]! += v * weight[k]!;
  }
  return { leaf, section, svm };
}

export function scoreLayer(layer: Layer, x: { idx: number[]; val: number[] }): Float64Array {
  const scores = Float64Array.from(layer.bias);
  addProduct(layer, x, scores);
  return scores;
}

export function softmax(scores: ArrayLike<number>, temperature = 1): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]!);
  const out = new Float64Array(scores.length);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    out[i] = Math.exp((scores[i]! - max) / temperature);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/** The prior feature keys of each leaf (`P:kind`, `p:kind`, `m:medium`), built once per model. */
const PRIOR_KEYS = new WeakMap<LoadedModel, { P: string[]; p: string[]; m: Array<string | null> }>();

function priorKeys(model: LoadedModel): { P: string[]; p: string[]; m: Array<string | null> } {
  let keys = PRIOR_KEYS.get(model);
  if (!keys || keys.P.length !== model.leafKind.length) {
    keys = {
      P: model.leafKind.map((k) => `P:${k}`),
      p: model.leafKind.map((k) => `p:${k}`),
      m: model.leafMedium.map((m) => (m ? `m:${m}` : null)),
    };
    PRIOR_KEYS.set(model, keys);
  }
  return keys;
}

const PRIMARY = 1;
const SECONDARY = 2;
const MEDIUM = 4;
const INTERNATIONAL = 8;
const GENERAL = 16;

/** Per leaf, which headline priors its cues trigger (a bit set), read once per document. */
function headlineHits(model: LoadedModel, raw: RawFeatures): Uint8Array {
  const international = raw.has("m:International");
  let anyKind = false;
  for (const key of raw.keys()) {
    if (key.charCodeAt(0) === 80 && key.charCodeAt(1) === 58) {
      // "P:"
      anyKind = true;
      break;
    }
  }
  const keys = priorKeys(model);
  const hits = new Uint8Array(model.leafKind.length);
  for (let i = 0; i < hits.length; i++) {
    let h = raw.has(keys.P[i]!) ? PRIMARY : raw.has(keys.p[i]!) ? SECONDARY : 0;
    const medium = keys.m[i];
    if (medium && raw.has(medium)) h |= MEDIUM;
    if (international && model.leafIntl[i]) h |= INTERNATIONAL;
    if (!anyKind && model.leafKind[i] === "general") h |= GENERAL;
    hits[i] = h;
  }
  return hits;
}

/** Adds the headline priors to leaf scores, in place. */
function addPriors(scores: Float64Array, hits: Uint8Array, priors: Priors): void {
  for (let i = 0; i < scores.length; i++) {
    const h = hits[i]!;
    if (h & PRIMARY) scores[i]! += priors.kind;
    else if (h & SECONDARY) scores[i]! += priors.kind * priors.secondary;
    if (h & MEDIUM) scores[i]! += priors.medium;
    if (h & INTERNATIONAL) scores[i]! += priors.international;
    if (h & GENERAL) scores[i]! += priors.general ?? 0;
  }
}

/** The logistic model's leaf scores: leaf logits plus `sectionMix` x log P(section), plus priors. */
export function logisticScores(
  model: LoadedModel,
  x: { idx: number[]; val: number[] },
  raw?: RawFeatures,
  priors: Priors = model.priors,
  hits: Uint8Array | undefined = raw && headlineHits(model, raw),
  products: LayerProducts = layerProducts(model, x),
): Float64Array {
  const leafScores = products.leaf;
  if (hits) addPriors(leafScores, hits, priors);
  if (model.sectionMix === 0) return leafScores;
  const sectionProbs = softmax(products.section);
  for (let i = 0; i < leafScores.length; i++) {
    const s = model.leafSection[i]!;
    leafScores[i]! += model.sectionMix * Math.log(Math.max(1e-12, s >= 0 ? sectionProbs[s]! : 1e-12));
  }
  return leafScores;
}

/**
 * Combined leaf scores before temperature: the logistic model's, or, when the model has an SVM layer,
 * the SVM's margins + its priors + lrWeight x the logistic model's.
 */
export function combinedScores(model: LoadedModel, x: { idx: number[]; val: number[] }, raw?: RawFeatures, priors: Priors = model.priors): Float64Array {
  const hits = raw && headlineHits(model, raw);
  const products = layerProducts(model, x);
  const logistic = logisticScores(model, x, raw, priors, hits, products);
  if (!model.svm || !products.svm) return addNeighbourVotes(model, x, logistic);
  const scores = products.svm;
  if (hits) addPriors(scores, hits, model.svm.priors);
  for (let i = 0; i < scores.length; i++) scores[i]! += model.svm.lrWeight * logistic[i]!;
  return addNeighbourVotes(model, x, scores);
}

/** The scores with weight x the nearest training texts' vote shares added, in place. */
export function addNeighbourVotes(model: LoadedModel, x: { idx: number[]; val: number[] }, scores: Float64Array, nb = model.neighbours): Float64Array {
  if (!nb || nb.weight === 0) return scores;
  const votes = neighbourVotes(nb, x, scores.length);
  for (let i = 0; i < scores.length; i++) scores[i]! += nb.weight * votes[i]!;
  return scores;
}

interface Ranked {
  category: string;
  probability: number;
}

/** Calibrated probabilities for every leaf class, best first (ties broken by class order). */
export function predict(model: LoadedModel, doc: FeatureDoc): Ranked[] {
  // Same vector and priors as vectorize(extractFeatures(doc)) and combinedScores over all its features.
  const { x, raw } = docVector(doc, model.vocab);
  const probs = softmax(applyDealCues(model.leaf.classes, doc, combinedScores(model, x, raw)), model.temperature);
  return model.leaf.classes
    .map((category, i) => ({ category, probability: probs[i]!, i }))
    .sort((a, b) => b.probability - a.probability || a.i - b.i)
    .map(({ category, probability }) => ({ category, probability }));
}
