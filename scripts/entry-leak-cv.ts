// Grouped 5-fold CV of the shipped settings with and without the report entries that tell a test
// article's own story (storyEntries): how much those entries inflate the figure.
// Usage: nice -n 10 npx tsx scripts/entry-leak-cv.ts
import path from "node:path";
import { fileURLToPath } from "node:url";
import { corpusDir, loadArticles, loadEntries } from "../src/engines/offline/corpus.js";
import { extractFeatures, vectorize } from "../src/engines/offline/features.js";
import { combinedScores, fromModelFile, scoreLayer } from "../src/engines/offline/model.js";
import { argmaxLabel, DEFAULT_OPTIONS as SHIPPED_OPTIONS, examplesFrom, scoreHeldOut, trainModel } from "../src/engines/offline/train.js";
import { assignGroupedFolds, nearDuplicateGroups, storyEntries } from "../src/engines/offline/validation.js";

// The session-3 measurement of the logistic model alone (the blend's honest figures: nested-cv-classifier.ts).
const DEFAULT_OPTIONS = { ...SHIPPED_OPTIONS, blend: null, neighbours: null };
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = corpusDir(root);
const loaded = loadArticles(dir);
const rawEntries = loadEntries(dir);
const articles = loaded.map((a) => ({ id: a.id, doc: a.doc, label: a.category as string }));
const entries = rawEntries.map((e) => ({ doc: e.doc, label: e.category as string }));
const own = storyEntries(
  loaded.map((a) => a.text),
  rawEntries.map((e) => [e.text, ...e.notes].join(" ")),
);
console.log(
  `${own.filter((o) => o.length > 0).length} of ${articles.length} articles have their own story among the report entries (${own.reduce((s, o) => s + o.length, 0)} entries)`,
);
const folds = assignGroupedFolds(articles, nearDuplicateGroups(loaded.map((a) => a.text)), 5, DEFAULT_OPTIONS.seed);
const section = (c: string) => c.split(" -> ")[0];
let full = 0;
let sec = 0;
// Exploration only (chosen by looking at these same folds): a few fixed decision settings.
const SETTINGS: Record<string, { mix: number; kind: number; secondary: number; medium: number; international: number }> = {
  flat: { mix: 0, kind: 0, secondary: 0, medium: 0, international: 0 },
  "mix 1": { ...DEFAULT_OPTIONS.priors, mix: 1 },
  "mix 2": { ...DEFAULT_OPTIONS.priors, mix: 2 },
  "kind 1": { ...DEFAULT_OPTIONS.priors, kind: 1, mix: 0.5 },
};
const explore = new Map<string, { full: number; sec: number }>();
for (let f = 0; f < 5; f++) {
  const test = articles.map((_, i) => i).filter((i) => folds[i] === f);
  const drop = new Set(test.flatMap((i) => own[i]!));
  const model = fromModelFile(
    trainModel(
      examplesFrom(
        articles.filter((_, i) => folds[i] !== f),
        entries.filter((_, j) => !drop.has(j)),
        DEFAULT_OPTIONS,
      ),
      DEFAULT_OPTIONS,
    ),
  );
  for (const i of test) {
    const raw = extractFeatures(articles[i]!.doc);
    const x = vectorize(raw, model.vocab);
    const gold = articles[i]!.label;
    for (const [name, g] of Object.entries(SETTINGS)) {
      const sc = combinedScores({ ...model, sectionMix: g.mix }, x, raw, g);
      let b = 0;
      for (let c = 1; c < sc.length; c++) if (sc[c]! > sc[b]!) b = c;
      const t = explore.get(name) ?? { full: 0, sec: 0 };
      if (model.leaf.classes[b] === gold) t.full++;
      if (section(model.leaf.classes[b]!) === section(gold)) t.sec++;
      explore.set(name, t);
    }
    const ss = scoreLayer(model.section, x);
    let b = 0;
    for (let c = 1; c < ss.length; c++) if (ss[c]! > ss[b]!) b = c;
    const t = explore.get("section layer alone") ?? { full: 0, sec: 0 };
    if (model.section.classes[b] === section(gold)) t.sec++;
    explore.set("section layer alone", t);
  }
  for (const h of scoreHeldOut(
    model,
    test.map((i) => articles[i]!),
  )) {
    if (argmaxLabel(h) === h.label) full++;
    if (section(argmaxLabel(h)) === section(h.label)) sec++;
  }
  console.log(`  fold ${f + 1}: dropped ${drop.size} entries`);
}
console.log(
  `shipped settings, grouped 5-fold, own-story entries out of training: full ${(full / articles.length).toFixed(3)}  section ${(sec / articles.length).toFixed(3)}`,
);
for (const [name, t] of explore)
  console.log(`  (exploration) ${name}: full ${(t.full / articles.length).toFixed(3)}  section ${(t.sec / articles.length).toFixed(3)}`);
