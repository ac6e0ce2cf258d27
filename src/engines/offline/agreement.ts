// Agreement between the classifier's layers (issue 21 item 1): the blend adds a logistic model, a linear
// SVM and the nearest training texts' vote; when they name different categories on their own, the blend's
// choice is a compromise an analyst should look at. Pure: reads a loaded model, no I/O.

import type { DecisionSignals } from "./calibration.js";
import { headlineSection } from "./doubts.js";
import { docVector, type FeatureDoc } from "./features.js";
import { logisticScores, scoreLayer, softmax, type LoadedModel } from "./model.js";
import { neighbourVotes } from "./neighbours.js";

/** The category each layer would choose alone (null: the model has no such layer, or no text is near). */
export interface LayerChoices {
  logistic: string;
  svm: string | null;
  neighbours: string | null;
}

function argmax(scores: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
  return best;
}

export function layerChoices(model: LoadedModel, doc: FeatureDoc): LayerChoices {
  const { x, raw } = docVector(doc, model.vocab);
  const classes = model.leaf.classes;
  const logistic = classes[argmax(logisticScores(model, x, raw))]!;
  const svm = model.svm ? classes[argmax(scoreLayer(model.svm.leaf, x))]! : null;
  let neighbours: string | null = null;
  if (model.neighbours) {
    const votes = neighbourVotes(model.neighbours, x, classes.length);
    const best = argmax(votes);
    neighbours = votes[best]! > 0 ? classes[best]! : null;
  }
  return { logistic, svm, neighbours };
}

/** How many of the layers that have an opinion name another category than `chosen`. */
export function layersAgainst(choices: LayerChoices, chosen: string): number {
  return [choices.logistic, choices.svm, choices.neighbours].filter((c) => c !== null && c !== chosen).length;
}

interface Ranked {
  category: string;
  probability: number;
}

/** What the recalibrated confidence reads about a decision (ranked: the calibrated probabilities, best first). */
export function decisionSignals(model: LoadedModel, doc: FeatureDoc, ranked: readonly Ranked[]): DecisionSignals {
  const chosen = ranked[0]?.category ?? "";
  const cued = headlineSection(doc);
  return {
    first: ranked[0]?.probability ?? 0,
    second: ranked[1]?.probability ?? 0,
    against: layersAgainst(layerChoices(model, doc), chosen),
    headlineContradicts: !!cued && cued.section !== chosen.split(" -> ")[0],
  };
}

/** An out-of-fold decision's signals and whether it was right (the training data of the recalibration). */
export function heldOutDecision(
  h: { label: string; classes: readonly string[]; scores: Float64Array; against?: number },
  doc: FeatureDoc,
  temperature: number,
): { signals: DecisionSignals; right: boolean } {
  const probs = softmax(h.scores, temperature);
  const order = h.classes.map((_, i) => i).sort((a, b) => probs[b]! - probs[a]! || a - b);
  const chosen = h.classes[order[0]!]!;
  const cued = headlineSection(doc);
  return {
    signals: {
      first: probs[order[0]!]!,
      second: order.length > 1 ? probs[order[1]!]! : 0,
      against: h.against ?? 0,
      headlineContradicts: !!cued && cued.section !== chosen.split(" -> ")[0],
    },
    right: chosen === h.label,
  };
}
