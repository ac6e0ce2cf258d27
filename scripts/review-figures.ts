// Confidence and the review queue on nested folds (issue 21 item 1), for scripts/eval-classifier.ts
// (`--review`). Outer k folds over the articles; inside each outer training fold an inner CV gives
// out-of-fold scores, on which the temperature is fitted and the close-call margin chosen; the outer
// fold is then scored once by a model trained on the whole outer training fold. Nothing reported is
// fitted or chosen on the articles it is reported on.
import { heldOutDecision, layerChoices, layersAgainst } from "../src/engines/offline/agreement.js";
import { decisionConfidence, fitConfidence, reviewLine, type ConfidenceModel, type DecisionSignals } from "../src/engines/offline/calibration.js";
import { classificationDoubts } from "../src/engines/offline/doubts.js";
import { fromModelFile, softmax, type LoadedModel } from "../src/engines/offline/model.js";
import { assignFolds, examplesFrom, fitTemperature, scoreHeldOut, trainModel, type LabelledArticle, type TrainOptions } from "../src/engines/offline/train.js";
import type { FeatureDoc } from "../src/engines/offline/features.js";

/** The close-call margins tried; the queue may take at most `maxShare` of the inner folds' records. */
const MARGINS = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4];
/** Layers against the chosen category that make a doubt (4: never). */
const AGAINST = [4, 3, 2, 1];
const MAX_SHARE = Number(process.env.REVIEW_MAX_SHARE ?? 0.3);

/** A queue rule: the close-call margin and how many layers against the choice flag it. */
export interface QueueRule {
  margin: number;
  against: number;
}

/** An out-of-fold prediction: the blend's scores and what each layer chose alone. */
interface Scored {
  doc: FeatureDoc;
  label: string;
  classes: string[];
  scores: Float64Array;
  against: number;
}

function scoreWith(model: LoadedModel, items: readonly LabelledArticle[]): Scored[] {
  return scoreHeldOut(model, items).map((h, i) => {
    const classes = h.classes;
    let best = 0;
    for (let c = 1; c < h.scores.length; c++) if (h.scores[c]! > h.scores[best]!) best = c;
    const against = layersAgainst(layerChoices(model, items[i]!.doc), classes[best]!);
    return { doc: items[i]!.doc, label: items[i]!.label, classes, scores: h.scores, against };
  });
}

/** k-fold out-of-fold predictions over `articles` (entries always train), in corpus order. */
function heldOutScored(
  articles: readonly LabelledArticle[],
  entries: ReadonlyArray<{ doc: FeatureDoc; label: string }>,
  opts: TrainOptions,
  k: number,
): Scored[] {
  const folds = assignFolds(articles, k, opts.seed);
  const out: Scored[] = new Array(articles.length);
  for (let fold = 0; fold < k; fold++) {
    const idx = articles.map((_, i) => i).filter((i) => folds[i] === fold);
    const model = fromModelFile(
      trainModel(
        examplesFrom(
          articles.filter((_, i) => folds[i] !== fold),
          entries,
          opts,
        ),
        opts,
      ),
    );
    scoreWith(
      model,
      idx.map((i) => articles[i]!),
    ).forEach((s, n) => (out[idx[n]!] = s));
  }
  return out;
}

interface Judged {
  confidence: number;
  right: boolean;
  sectionRight: boolean;
  flagged: boolean;
}

function judge(s: Scored, temperature: number, rule: QueueRule, floor: number): Judged {
  const probs = softmax(s.scores, temperature);
  const ranked = s.classes.map((category, i) => ({ category, probability: probs[i]! })).sort((a, b) => b.probability - a.probability);
  const top = ranked[0]!;
  const doubts = classificationDoubts(s.doc, ranked, rule.margin);
  return {
    confidence: top.probability,
    right: top.category === s.label,
    sectionRight: top.category.split(" -> ")[0] === s.label.split(" -> ")[0],
    flagged: top.probability < floor || doubts.length > 0 || s.against >= rule.against,
  };
}

function signalsOf(s: Scored, temperature: number): { signals: DecisionSignals; right: boolean; sectionRight: boolean } {
  const decision = heldOutDecision(s, s.doc, temperature);
  let best = 0;
  for (let c = 1; c < s.scores.length; c++) if (s.scores[c]! > s.scores[best]!) best = c;
  return { ...decision, sectionRight: s.classes[best]!.split(" -> ")[0] === s.label.split(" -> ")[0] };
}

/** Judged by the recalibrated confidence: flagged below `line` (or the floor), or with a contradicting headline. */
function judgeRecalibrated(s: Scored, temperature: number, model: ConfidenceModel, line: number, floor: number): Judged {
  const { signals, right, sectionRight } = signalsOf(s, temperature);
  const confidence = decisionConfidence(model, signals);
  return { confidence, right, sectionRight, flagged: confidence < Math.max(line, floor) || signals.headlineContradicts };
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

/** The rule catching most wrong records with at most MAX_SHARE of all records flagged (the smaller margin, then the fewer flags, on a tie). */
export function chooseRule(held: readonly Scored[], temperature: number, floor: number): QueueRule {
  let best: QueueRule = { margin: 0, against: 4 };
  let bestCaught = -1;
  for (const against of AGAINST)
    for (const margin of MARGINS) {
      const q = queueFigures(held.map((h) => judge(h, temperature, { margin, against }, floor)));
      if (q.flagged <= MAX_SHARE && q.wrongFlagged > bestCaught + 1e-9) {
        best = { margin, against };
        bestCaught = q.wrongFlagged;
      }
    }
  return best;
}

/** Nested figures: per outer fold, temperature and queue rule from an inner CV of its training articles. */
export function nestedQueueFigures(
  articles: readonly LabelledArticle[],
  entries: ReadonlyArray<{ doc: FeatureDoc; label: string }>,
  opts: TrainOptions,
  k: number,
  inner: number,
  floor: number,
  log: (line: string) => void = () => undefined,
): { figures: QueueFigures; recalibrated: QueueFigures; chosen: Array<{ temperature: number } & QueueRule> } {
  const folds = assignFolds(articles, k, opts.seed);
  const judged: Judged[] = [];
  const recal: Judged[] = [];
  const chosen: Array<{ temperature: number } & QueueRule> = [];
  for (let fold = 0; fold < k; fold++) {
    const train = articles.filter((_, i) => folds[i] !== fold);
    const test = articles.filter((_, i) => folds[i] === fold);
    const held = heldOutScored(train, entries, opts, inner);
    const temperature = fitTemperature(held.map((h) => ({ ...h, probs: h.scores })));
    const rule = chooseRule(held, temperature, floor);
    chosen.push({ temperature, ...rule });
    const model = fromModelFile(trainModel(examplesFrom(train, entries, opts), { ...opts, temperature }));
    const confidence = fitConfidence(held.map((h) => signalsOf(h, temperature)));
    const line = reviewLine(
      confidence,
      held.map((h) => signalsOf(h, temperature)),
    );
    for (const s of scoreWith(model, test)) {
      judged.push(judge(s, temperature, rule, floor));
      recal.push(judgeRecalibrated(s, temperature, confidence, line, floor));
    }
    log(
      `  outer fold ${fold + 1}/${k}: temperature ${temperature}, close-call margin ${rule.margin}, layers against ${rule.against < 4 ? `>= ${rule.against}` : "not used"}; recalibration [${confidence.weights.join(", ")}], review line ${line}`,
    );
  }
  return { figures: queueFigures(judged), recalibrated: queueFigures(recal), chosen };
}

/** The procedure on the whole corpus: the temperature and queue rule to ship (not an honest figure). */
export function selectOnCorpus(
  articles: readonly LabelledArticle[],
  entries: ReadonlyArray<{ doc: FeatureDoc; label: string }>,
  opts: TrainOptions,
  k: number,
  floor: number,
) {
  const held = heldOutScored(articles, entries, opts, k);
  const temperature = fitTemperature(held.map((h) => ({ ...h, probs: h.scores })));
  const rule = chooseRule(held, temperature, floor);
  const judged = held.map((h) => judge(h, temperature, rule, floor));
  return { temperature, ...rule, figures: queueFigures(judged) };
}
