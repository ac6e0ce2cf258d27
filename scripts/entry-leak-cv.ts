// Grouped 5-fold CV of the shipped settings with and without the report entries that tell a test
// article's own story (storyEntries): how much those entries inflate the figure.
// Usage: nice -n 10 npx tsx scripts/entry-leak-cv.ts
import path from "node:path";
import { fileURLToPath } from "node:url";
import { corpusDir, loadArticles, loadEntries } from "../src/engines/offline/corpus.js";
import { fromModelFile } from "../src/engines/offline/model.js";
import { argmaxLabel, DEFAULT_OPTIONS, examplesFrom, scoreHeldOut, trainModel } from "../src/engines/offline/train.js";
import { assignGroupedFolds, nearDuplicateGroups, storyEntries } from "../src/engines/offline/validation.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = corpusDir(root);
const loaded = loadArticles(dir);
const rawEntries = loadEntries(dir);
const articles = loaded.map((a) => ({ id: a.id, doc: a.doc, label: a.category as string }));
const entries = rawEntries.map((e) => ({ doc: e.doc, label: e.category as string }));
const own = storyEntries(loaded.map((a) => a.text), rawEntries.map((e) => [e.text, ...e.notes].join(" ")));
console.log(`${own.filter((o) => o.length > 0).length} of ${articles.length} articles have their own story among the report entries (${own.reduce((s, o) => s + o.length, 0)} entries)`);
const folds = assignGroupedFolds(articles, nearDuplicateGroups(loaded.map((a) => a.text)), 5, DEFAULT_OPTIONS.seed);
const section = (c: string) => c.split(" -> ")[0];
let full = 0;
let sec = 0;
for (let f = 0; f < 5; f++) {
  const test = articles.map((_, i) => i).filter((i) => folds[i] === f);
  const drop = new Set(test.flatMap((i) => own[i]!));
  const model = fromModelFile(trainModel(examplesFrom(articles.filter((_, i) => folds[i] !== f), entries.filter((_, j) => !drop.has(j)), DEFAULT_OPTIONS), DEFAULT_OPTIONS));
  for (const h of scoreHeldOut(model, test.map((i) => articles[i]!))) {
    if (argmaxLabel(h) === h.label) full++;
    if (section(argmaxLabel(h)) === section(h.label)) sec++;
  }
  console.log(`  fold ${f + 1}: dropped ${drop.size} entries`);
}
console.log(`shipped settings, grouped 5-fold, own-story entries out of training: full ${(full / articles.length).toFixed(3)}  section ${(sec / articles.length).toFixed(3)}`);
