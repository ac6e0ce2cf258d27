// Doubts about a classification (issue 21 item 1): what sends a record to the review queue because its
// category is likely wrong. A close call between the first two paths, or a headline that reads as
// another section than the one chosen. Pure.

import type { FeatureDoc } from "./features.js";
import { KIND_CUES } from "./lexicon.js";
import { normalizeText } from "./tokenize.js";

/**
 * A first path less than this far (in calibrated probability) above the second is a close call. Chosen
 * by `scripts/eval-review.ts --select` on out-of-fold predictions of the whole corpus; the figures in
 * docs/classifier.md choose it inside each training fold instead.
 */
export const CLOSE_CALL_MARGIN = 0.3;

/** The section a headline's kind cue points to; kinds that many sections share (strategy, misc, deals) point nowhere. */
const KIND_SECTION: Readonly<Record<string, string>> = {
  exec: "Org",
  org: "Org",
  earnings: "Investor Relations",
  merger: "M&A",
  renewals: "Content, Deals & Distribution",
  cancellations: "Content, Deals & Distribution",
  greenlights: "Content, Deals & Distribution",
  pickups: "Content, Deals & Distribution",
  dating: "Content, Deals & Distribution",
};

/** The section the headline's earliest kind cue points to, with the cue's kind; null when none does. */
export function headlineSection(doc: Pick<FeatureDoc, "title">): { kind: string; section: string } | null {
  const title = normalizeText(doc.title);
  let best: { kind: string; section: string; at: number } | null = null;
  for (const [kind, re] of KIND_CUES) {
    const section = KIND_SECTION[kind];
    if (!section) continue;
    const at = title.search(re);
    if (at >= 0 && (!best || at < best.at)) best = { kind, section, at };
  }
  return best ? { kind: best.kind, section: best.section } : null;
}

interface Ranked {
  category: string;
  probability: number;
}

/** Why a human should check the category: a close call, a headline that reads as another section. Empty when neither. */
export function classificationDoubts(doc: Pick<FeatureDoc, "title">, ranked: readonly Ranked[], margin = CLOSE_CALL_MARGIN): string[] {
  const [first, second] = ranked;
  if (!first) return [];
  const doubts: string[] = [];
  if (second && first.probability - second.probability < margin) {
    doubts.push(`close call: ${first.category} ${first.probability.toFixed(2)} against ${second.category} ${second.probability.toFixed(2)}`);
  }
  const cued = headlineSection(doc);
  const section = first.category.split(" -> ")[0];
  if (cued && cued.section !== section) doubts.push(`the headline reads as ${cued.section} (${cued.kind}); classified as ${first.category}`);
  return doubts;
}
