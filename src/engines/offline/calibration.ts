// Confidence that means what it says (issue 21 item 1): the chance that the chosen category is right,
// from what the classifier knows about its own decision: the blend's calibrated probability, the margin
// to the second path, how many of its layers (logistic, SVM, nearest texts) chose another category
// alone, and whether the headline reads as another section. A logistic regression fitted on
// out-of-fold predictions (the cross-validation `npm run train` and `news-coverage train` run anyway).
// Pure.

/** What a decision is judged by. */
export interface DecisionSignals {
  /** Calibrated probability of the first path and of the second. */
  first: number;
  second: number;
  /** Layers that chose another category alone (0 to 3). */
  against: number;
  /** The headline reads as another section than the chosen one. */
  headlineContradicts: boolean;
}

/** Weights over the signals' features (see `features`); stored in the model file as `confidence`. */
export interface ConfidenceModel {
  weights: number[];
}

/** As stored in the model file: the weights and the review line. */
export interface ConfidenceFile extends ConfidenceModel {
  review_below: number;
}

function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}

/** Bias, logit of the first probability, the margin, one layer against, two or more, a contradicting headline. */
function features(s: DecisionSignals): number[] {
  return [1, logit(s.first), s.first - s.second, s.against === 1 ? 1 : 0, s.against >= 2 ? 1 : 0, s.headlineContradicts ? 1 : 0];
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** The chance the decision is right; without a fitted model, the first path's probability. */
export function decisionConfidence(model: ConfidenceModel | null | undefined, s: DecisionSignals): number {
  if (!model) return s.first;
  const f = features(s);
  let z = 0;
  for (let i = 0; i < f.length; i++) z += (model.weights[i] ?? 0) * f[i]!;
  return sigmoid(z);
}

/**
 * Fits the weights to out-of-fold decisions and whether each was right (L2 `lambda` on all but the
 * bias; Newton-free gradient descent, deterministic). Starts from "the probability as it is" (weight 1
 * on its logit).
 */
export function fitConfidence(samples: ReadonlyArray<{ signals: DecisionSignals; right: boolean }>, lambda = 1): ConfidenceModel {
  const xs = samples.map((s) => features(s.signals));
  const ys = samples.map((s) => (s.right ? 1 : 0));
  const d = 6;
  const w = [0, 1, 0, 0, 0, 0];
  const n = Math.max(1, xs.length);
  for (let step = 0; step < 3000; step++) {
    const grad = new Array<number>(d).fill(0);
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      let z = 0;
      for (let j = 0; j < d; j++) z += w[j]! * x[j]!;
      const e = sigmoid(z) - ys[i]!;
      for (let j = 0; j < d; j++) grad[j]! += e * x[j]!;
    }
    for (let j = 0; j < d; j++) {
      const reg = j === 0 ? 0 : lambda * (w[j]! - (j === 1 ? 1 : 0));
      w[j]! -= (0.2 * (grad[j]! + reg)) / n;
    }
  }
  return { weights: w.map((x) => Math.round(x * 10000) / 10000) };
}

/** The queue may take at most this share of the training cross-validation's records. */
export const REVIEW_SHARE = 0.33;

/**
 * The review line: the highest recalibrated confidence (0.01 steps from 0.3) below which records go to
 * the queue while at most `share` of the cross-validation's records are queued (a contradicting headline
 * queues a record too).
 */
export function reviewLine(model: ConfidenceModel, samples: ReadonlyArray<{ signals: DecisionSignals }>, share = REVIEW_SHARE): number {
  let best = 0;
  const n = Math.max(1, samples.length);
  for (let step = 30; step <= 95; step++) {
    const line = step / 100;
    const flagged = samples.filter((s) => s.signals.headlineContradicts || decisionConfidence(model, s.signals) < line).length;
    if (flagged / n <= share) best = line;
  }
  return best;
}
