// Confidence and the review queue on nested folds (issue 21 item 1), for scripts/eval-classifier.ts
// (`--review`). Outer k folds over the articles; inside each outer training fold an inner CV gives
// out-of-fold scores, on which the temperature is fitted and the close-call margin chosen; the outer
// fold is then scored once by a model trained on the whole outer training fold. Nothing reported is
// fitted or chosen on the articles it is reported on.
import { classificationDoubts } from "../src/engines/offline/doubts.js";
import { fromModelFile, softmax } from "../src/engines/offline/model.js";
import {
  assignFolds,
  crossValidate,
  examplesFrom,
  fitTemperature,
  scoreHeldOut,
  trainModel,
  type LabelledArticle,
  type TrainOptions,
} from "../src/engines/offline/train.js";
import type { FeatureDoc } from "../src/engines/offline/features.js";

/** The close-call margins tried; the queue may take at most `maxShare` of the inner folds' records. */
const MARGINS = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4];
const MAX_SHARE = 0.3;

interface Judged {
  confidence: number;
  right: boolean;
  sectionRight: boolean;
  flagged: boolean;
}

function judge(doc: FeatureDoc, label: string, classes: readonly string[], probs: Float64Array, margin: number, floor: number): Judged {
  const ranked = classes.map((category, i) => ({ category, probability: probs[i]! })).sort((a, b) => b.probability - a.probability);
  const top = ranked[0]!;
  const doubts = classificationDoubts(doc, ranked, margin);
  return {
    confidence: top.probability,
    right: top.category === label,
    sectionRight: top.category.split(" -> ")[0] === label.split(" -> ")[0],
    flagged: top.probability < floor || doubts.length > 0,
  };
}

export interface QueueFigures {
  n: number;
  full: number;
  section: number;
  /** Records at confidence >= 0.8, and the share of them that are right. */
  confident: number;
  rightWhenConfident: number;
  /** Share of records flagged, share of the wrong ones flagged. */
  flagged: number;
  wrongFlagged: number;
}

export function queueFigures(judged: readonly Judged[]): QueueFigures {
  const n = Math.max(1, judged.length);
  const confident = judged.filter((j) => j.confidence >= 0.8);
  const wrong = judged.filter((j) => !j.right);
  return {
    n: judged.length,
    full: judged.filter((j) => j.right).length / n,
    section: judged.filter((j) => j.sectionRight).length / n,
    confident: confident.length,
    rightWhenConfident: confident.filter((j) => j.right).length / Math.max(1, confident.length),
    flagged: judged.filter((j) => j.flagged).length / n,
    wrongFlagged: wrong.filter((j) => j.flagged).length / Math.max(1, wrong.length),
  };
}

/** The margin catching most wrong records with at most MAX_SHARE of all records flagged (the smaller on a tie). */
export function chooseMargin(
  docs: readonly FeatureDoc[],
  labels: readonly string[],
  held: ReturnType<typeof crossValidate>,
  temperature: number,
  floor: number,
): number {
  let best = 0;
  let bestCaught = -1;
  for (const margin of MARGINS) {
    const judged = held.map((h, i) => judge(docs[i]!, labels[i]!, h.classes, softmax(h.scores, temperature), margin, floor));
    const q = queueFigures(judged);
    if (q.flagged <= MAX_SHARE && q.wrongFlagged > bestCaught) {
      best = margin;
      bestCaught = q.wrongFlagged;
    }
  }
  return best;
}

/** Nested figures: per outer fold, temperature and margin from an inner CV of its training articles. */
export function nestedQueueFigures(
  articles: readonly LabelledArticle[],
  entries: ReadonlyArray<{ doc: FeatureDoc; label: string }>,
  opts: TrainOptions,
  k: number,
  inner: number,
  floor: number,
  log: (line: string) => void = () => undefined,
): { figures: QueueFigures; chosen: Array<{ temperature: number; margin: number }> } {
  const folds = assignFolds(articles, k, opts.seed);
  const judged: Judged[] = [];
  const chosen: Array<{ temperature: number; margin: number }> = [];
  for (let fold = 0; fold < k; fold++) {
    const train = articles.filter((_, i) => folds[i] !== fold);
    const test = articles.filter((_, i) => folds[i] === fold);
    const held = crossValidate(train, entries, opts, inner);
    const temperature = fitTemperature(held);
    const margin = chooseMargin(
      train.map((a) => a.doc),
      train.map((a) => a.label),
      held,
      temperature,
      floor,
    );
    chosen.push({ temperature, margin });
    const model = fromModelFile(trainModel(examplesFrom(train, entries, opts), { ...opts, temperature }));
    scoreHeldOut(model, test).forEach((h, i) => judged.push(judge(test[i]!.doc, test[i]!.label, h.classes, h.probs, margin, floor)));
    log(`  outer fold ${fold + 1}/${k}: temperature ${temperature}, close-call margin ${margin}`);
  }
  return { figures: queueFigures(judged), chosen };
}

/** The procedure on the whole corpus: the temperature and margin to ship (not an honest figure). */
export function selectOnCorpus(
  articles: readonly LabelledArticle[],
  entries: ReadonlyArray<{ doc: FeatureDoc; label: string }>,
  opts: TrainOptions,
  k: number,
  floor: number,
) {
  const held = crossValidate(articles, entries, opts, k);
  const temperature = fitTemperature(held);
  const margin = chooseMargin(
    articles.map((a) => a.doc),
    articles.map((a) => a.label),
    held,
    temperature,
    floor,
  );
  const judged = held.map((h, i) => judge(articles[i]!.doc, articles[i]!.label, h.classes, softmax(h.scores, temperature), margin, floor));
  return { temperature, margin, figures: queueFigures(judged) };
}
