// Learning curve of the corrections: an analyst corrects the first N articles of a held-out fold
// (N = 0, 10, 25, 50; each correction is what the review desk stores: headline + first 1,500
// characters), the model is retrained on the other fold + report entries + those corrections, and
// classifies the rest of the fold. Folds keep near-duplicate stories together.
// Usage: nice -n 10 npx tsx scripts/learning-curve-classifier.ts [--weights 3,9] [--folds 2]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { corpusDir, loadArticles, loadEntries } from "../src/engines/offline/corpus.js";
import { fromModelFile } from "../src/engines/offline/model.js";
import { argmaxLabel, DEFAULT_OPTIONS, examplesFrom, rng, scoreHeldOut, shuffled, trainModel, type LabelledArticle } from "../src/engines/offline/train.js";
import { assignGroupedFolds, nearDuplicateGroups } from "../src/engines/offline/validation.js";
import { arg } from "./args.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = corpusDir(root);
const loaded = loadArticles(dir);
const articles: LabelledArticle[] = loaded.map((a) => ({ id: a.id, doc: a.doc, label: a.category as string }));
const entries = loadEntries(dir).map((e) => ({ doc: e.doc, label: e.category as string }));
const k = Number(arg("folds") ?? 2);
const weights = (arg("weights") ?? "3,9").split(",").map(Number);
const steps = [0, 10, 25, 50];
const LEAD = 1500;
const section = (c: string) => c.split(" -> ")[0];

const folds = assignGroupedFolds(articles, nearDuplicateGroups(loaded.map((a) => a.text)), k, DEFAULT_OPTIONS.seed);
const heldFold = 0;
const train = articles.filter((_, i) => folds[i] !== heldFold);
const held = shuffled(
  articles.filter((_, i) => folds[i] === heldFold),
  rng(DEFAULT_OPTIONS.seed + 3),
);
const tail = held.slice(Math.max(...steps));
console.log(`training fold ${train.length} articles (+ ${entries.length} entries); held-out fold ${held.length}, common tail ${tail.length}`);

function accuracy(model: ReturnType<typeof fromModelFile>, items: readonly LabelledArticle[]): { full: number; sec: number } {
  const scored = scoreHeldOut(model, items);
  const full = scored.filter((h) => argmaxLabel(h) === h.label).length / items.length;
  const sec = scored.filter((h) => section(argmaxLabel(h)) === section(h.label)).length / items.length;
  return { full, sec };
}

const rows: string[] = [];
for (const w of weights) {
  for (const n of steps) {
    if (n === 0 && w !== weights[0]) continue;
    const corrections = held.slice(0, n).map((a) => ({ doc: { title: a.doc.title, body: a.doc.body.slice(0, LEAD) }, label: a.label }));
    const opts = { ...DEFAULT_OPTIONS, correctionWeight: w };
    const model = fromModelFile(trainModel(examplesFrom(train, entries, opts, corrections), opts));
    const rest = accuracy(model, held.slice(n));
    const common = accuracy(model, tail);
    const row = `| ${n} | ${n === 0 ? "–" : w} | ${held.length - n} | ${rest.full.toFixed(3)} | ${rest.sec.toFixed(3)} | ${common.full.toFixed(3)} | ${common.sec.toFixed(3)} |`;
    rows.push(row);
    console.log(row);
  }
}
console.log(
  "\n| corrected N | correction weight | rest of fold | full path (rest) | section (rest) | full path (last " +
    tail.length +
    ") | section (last " +
    tail.length +
    ") |",
);
console.log("|---|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
