// The reference point the issue quotes: multinomial naive Bayes on plain word counts, same folds.
import type { FeatureDoc } from "../src/engines/offline/features.js";
import { tokenize } from "../src/engines/offline/tokenize.js";
import { assignFolds } from "../src/engines/offline/train.js";

type Doc = { doc: FeatureDoc; label: string };

export function naiveBayesCrossValidate(articles: ReadonlyArray<Doc & { id: string }>, entries: readonly Doc[], k: number, seed: number) {
  const folds = assignFolds(articles, k, seed);
  const words = (d: FeatureDoc) => tokenize(`${d.title} ${d.body}`);
  let full = 0;
  let section = 0;
  for (let fold = 0; fold < k; fold++) {
    const train = [...articles.filter((_, i) => folds[i] !== fold), ...entries];
    const prior = new Map<string, number>();
    const counts = new Map<string, Map<string, number>>();
    const totals = new Map<string, number>();
    const vocab = new Set<string>();
    for (const t of train) {
      prior.set(t.label, (prior.get(t.label) ?? 0) + 1);
      const c = counts.get(t.label) ?? new Map<string, number>();
      counts.set(t.label, c);
      for (const w of words(t.doc)) {
        vocab.add(w);
        c.set(w, (c.get(w) ?? 0) + 1);
        totals.set(t.label, (totals.get(t.label) ?? 0) + 1);
      }
    }
    const labels = [...prior.keys()].sort();
    articles.forEach((a, i) => {
      if (folds[i] !== fold) return;
      let best = "";
      let bestScore = -Infinity;
      const ws = words(a.doc);
      for (const l of labels) {
        let s = Math.log(prior.get(l)! / train.length);
        const c = counts.get(l)!;
        const denom = (totals.get(l) ?? 0) + vocab.size;
        for (const w of ws) s += Math.log(((c.get(w) ?? 0) + 1) / denom);
        if (s > bestScore) {
          bestScore = s;
          best = l;
        }
      }
      if (best === a.label) full++;
      if (best.split(" -> ")[0] === a.label.split(" -> ")[0]) section++;
    });
  }
  return { full: full / articles.length, section: section / articles.length };
}
