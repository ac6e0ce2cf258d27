import type { BuyerMatcher } from "../src/pipeline/buyers.js";

/** One line of tests/fixtures/buyers-labelled.jsonl: an article and the buyers it truly names strongly. */
export interface LabelledArticle {
  id: string;
  title: string;
  url: string;
  content: string;
  strong: string[];
  note?: string;
}

export interface BuyerError {
  id: string;
  buyer: string;
  note?: string;
}

/** A URL with no buyer in its host, for labelled texts that have none. */
export const NEUTRAL_URL = "https://news.example.com/story";

/** Micro-averaged over (article, buyer) pairs. */
export function scoreStrongBuyers(labelled: readonly LabelledArticle[], matcher: BuyerMatcher) {
  let truePositives = 0;
  const falsePositives: BuyerError[] = [];
  const falseNegatives: BuyerError[] = [];
  for (const item of labelled) {
    const found = new Set(matcher.match({ title: item.title, content: item.content, url: item.url || NEUTRAL_URL }).strong);
    const truth = new Set(item.strong);
    for (const buyer of found) {
      if (truth.has(buyer)) truePositives += 1;
      else falsePositives.push({ id: item.id, buyer, note: item.note });
    }
    for (const buyer of truth) if (!found.has(buyer)) falseNegatives.push({ id: item.id, buyer, note: item.note });
  }
  const precision = truePositives / Math.max(1, truePositives + falsePositives.length);
  const recall = truePositives / Math.max(1, truePositives + falseNegatives.length);
  return { truePositives, falsePositives, falseNegatives, precision, recall };
}
