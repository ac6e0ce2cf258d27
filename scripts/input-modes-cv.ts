// How the shipped training options fare when a test article reaches the daemon in the ways a headline-less
// text can be turned into an input file: grouped 5-fold CV, own-story report entries out of training, each
// tested article presented as corpus training reads it and as an input file whose title is its first
// sentence, its first 80 characters, or a label ("Article a001"), read with and without `headlineAndBody`.
// Usage: nice -n 10 npx tsx scripts/input-modes-cv.ts [--repeats 2]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { headlineAndBody } from "../src/engines/offline/classifier.js";
import { corpusDir, loadArticles, loadEntries } from "../src/engines/offline/corpus.js";
import { extractFeatures, type FeatureDoc, type RawFeatures } from "../src/engines/offline/features.js";
import { fromModelFile, predict } from "../src/engines/offline/model.js";
import { splitSentences } from "../src/engines/offline/tokenize.js";
import { DEFAULT_OPTIONS, trainModel, type TrainExample } from "../src/engines/offline/train.js";
import { assignGroupedFolds, nearDuplicateGroups, storyEntries } from "../src/engines/offline/validation.js";
import { cleanInline, cleanText } from "../src/pipeline/text.js";
import { arg } from "./args.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = corpusDir(root);
const articles = loadArticles(dir);
const entries = loadEntries(dir);
const own = storyEntries(
  articles.map((a) => a.text),
  entries.map((e) => [e.text, ...e.notes].join(" ")),
);
const groups = nearDuplicateGroups(articles.map((a) => a.text));
const repeats = Number(arg("repeats") ?? 2);
const section = (c: string) => c.split(" -> ")[0]!;

const firstSentence = (t: string) => splitSentences(t.trim())[0] ?? t;
const INPUTS: Record<string, (text: string, id: string) => { title: string; content: string }> = {
  "title = first sentence": (t) => ({ title: firstSentence(t), content: t }),
  "title = first 80 characters": (t) => ({ title: t.slice(0, 80), content: t }),
  'title = a label ("Article a001")': (t, id) => ({ title: `Article ${id}`, content: t }),
  "title = the whole text": (t) => ({ title: t, content: t }),
};
const docs: Record<string, FeatureDoc[]> = { "as training reads it (first sentence split off)": articles.map((a) => a.doc) };
for (const [name, make] of Object.entries(INPUTS)) {
  const inputs = articles.map((a) => make(a.text, a.id)).map(({ title, content }) => ({ title: cleanInline(title), content: cleanText(content) }));
  docs[`${name}, read as given`] = inputs.map(({ title, content }) => ({ title, body: content }));
  docs[`${name}, headlineAndBody`] = inputs.map(({ title, content }) => headlineAndBody(title, content));
}
const rawCache = new Map<FeatureDoc, RawFeatures>();
const rawOf = (doc: FeatureDoc) => {
  let r = rawCache.get(doc);
  if (!r) rawCache.set(doc, (r = extractFeatures(doc)));
  return r;
};
const tally = new Map<string, { full: number; sec: number }>();
for (let r = 0; r < repeats; r++) {
  const seed = DEFAULT_OPTIONS.seed + r * 7919;
  const folds = assignGroupedFolds(
    articles.map((a) => ({ label: a.category })),
    groups,
    5,
    seed,
  );
  for (let f = 0; f < 5; f++) {
    const test = articles.map((_, i) => i).filter((i) => folds[i] === f);
    const drop = new Set(test.flatMap((i) => own[i]!));
    const opts = { ...DEFAULT_OPTIONS, seed };
    const examples: TrainExample[] = [
      ...articles.flatMap((a, i) => (folds[i] === f ? [] : [{ doc: a.doc, label: a.category as string, weight: opts.articleWeight, raw: rawOf(a.doc) }])),
      ...entries.flatMap((e, j) => (drop.has(j) ? [] : [{ doc: e.doc, label: e.category as string, weight: opts.entryWeight, raw: rawOf(e.doc) }])),
    ];
    const model = fromModelFile(trainModel(examples, opts));
    for (const i of test) {
      for (const [name, list] of Object.entries(docs)) {
        const pred = predict(model, list[i]!)[0]!.category;
        const t = tally.get(name) ?? { full: 0, sec: 0 };
        if (pred === articles[i]!.category) t.full++;
        if (section(pred) === section(articles[i]!.category)) t.sec++;
        tally.set(name, t);
      }
    }
    console.error(`repeat ${r + 1} fold ${f + 1} done`);
  }
}
const n = articles.length * repeats;
for (const [name, t] of tally) console.log(`${name.padEnd(58)} full ${(t.full / n).toFixed(3)}  section ${(t.sec / n).toFixed(3)}`);
