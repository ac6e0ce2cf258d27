// A classification with the confidence that means what it says and the doubts that send it to the
// review queue (issue 21 item 1). With a model that carries a recalibration (`confidence` in the model
// file, fitted by training on out-of-fold decisions), the confidence is the chance that the path is
// right given its probability, the margin to the second path, the layers' agreement and the headline;
// below the model's review line the record is queued as "low confidence". Older models keep the
// blend's probability and the close-call rule.

import type { Classification } from "../../core/engine.js";
import { decisionSignals } from "./agreement.js";
import { decisionConfidence } from "./calibration.js";
import { classifyDoc } from "./classifier.js";
import { classificationDoubts } from "./doubts.js";
import type { FeatureDoc } from "./features.js";
import type { LoadedModel } from "./model.js";

export function judgedClassification(doc: FeatureDoc, model: LoadedModel): { value: Classification; doubts: string[] } {
  const value = classifyDoc(doc, model);
  const ranked = [value, ...value.alternatives].map((c) => ({ category: c.category, probability: c.confidence }));
  if (!model.confidence) return { value, doubts: classificationDoubts(doc, ranked) };
  const signals = decisionSignals(model, doc, ranked);
  const confidence = Math.round(decisionConfidence(model.confidence, signals) * 1000) / 1000;
  // The headline doubt stands; the close call is one of the recalibration's signals, not a doubt of its own.
  const doubts = classificationDoubts(doc, ranked, 0);
  if (confidence < model.confidence.review_below) doubts.push(`low confidence ${confidence.toFixed(2)} for ${value.category}`);
  return { value: { ...value, confidence }, doubts };
}
