// Learning from the analysts' corrections: which corrections teach the classifier what, and whether a
// retrained model may replace the current one (pure; the I/O is in src/learning/).

import { createHash } from "node:crypto";
import type { Correction } from "../../pipeline/correction.js";
import { headlineAndBody } from "./classifier.js";
import type { FeatureDoc } from "./features.js";
import type { CvFigure } from "./train.js";

/** A labelled text the classifier learns from: the record's headline and lead, and the right category. */
export interface LearnedCorrection {
  id: string;
  at: string;
  doc: FeatureDoc;
  label: string;
}

/**
 * What a correction teaches from: the record's title and stored lead read as the classifier reads an
 * input (`headlineAndBody`): a lead that starts with the title loses that copy, and a label title ("Article
 * 17") gives way to the lead's first sentence, as the corpus texts are read in training.
 */
export function correctionDoc(title: string, lead: string): FeatureDoc {
  return headlineAndBody(title, lead);
}

/**
 * The category corrections to learn from, one per record: the latest one that set a category (an
 * accept or a buyer fix afterwards leaves that category standing).
 */
export function categoryCorrections(corrections: readonly Correction[]): LearnedCorrection[] {
  const byId = new Map<string, LearnedCorrection>();
  for (const c of corrections) {
    const to = c.changes.category?.to;
    if (!to) continue;
    const previous = byId.get(c.id);
    if (previous && previous.at > c.at) continue;
    byId.set(c.id, { id: c.id, at: c.at, doc: correctionDoc(c.text.title, c.text.lead), label: to });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Identifies a set of corrections (what they say, not when): unchanged means nothing new to learn. */
export function correctionsFingerprint(list: readonly LearnedCorrection[]): string {
  const hash = createHash("sha256");
  for (const c of list) hash.update(`${c.id}\t${c.label}\t${c.doc.title}\t${c.doc.body}\n`);
  return hash.digest("hex");
}

interface GuardDecision {
  accept: boolean;
  reason: string;
}

/** Points are percentage points of accuracy (0.02 = 2 points). */
const MAX_LOSS = 0.02;

/**
 * The retrained model replaces the current one only when neither its full-path nor its section
 * accuracy on the base corpus's cross-validation is more than `maxLoss` below the current model's.
 */
export function guardDecision(current: CvFigure, candidate: CvFigure, maxLoss = MAX_LOSS): GuardDecision {
  const pts = (x: number) => `${(x * 100).toFixed(1)}`;
  const lossFull = current.full - candidate.full;
  const lossSection = current.section - candidate.section;
  const figures = `full path ${pts(current.full)} -> ${pts(candidate.full)}, section ${pts(current.section)} -> ${pts(candidate.section)}`;
  const eps = 1e-9;
  if (lossFull > maxLoss + eps)
    return { accept: false, reason: `full-path accuracy would drop by ${pts(lossFull)} points (more than ${pts(maxLoss)}): ${figures}` };
  if (lossSection > maxLoss + eps)
    return { accept: false, reason: `section accuracy would drop by ${pts(lossSection)} points (more than ${pts(maxLoss)}): ${figures}` };
  return { accept: true, reason: figures };
}
