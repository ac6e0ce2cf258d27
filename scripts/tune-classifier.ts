// Grid search of the post-hoc parameters (section mix, kind/medium priors) on one cross-validation run.
// Usage: npx tsx scripts/tune-classifier.ts [--opts '{...}'] [--k 5]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { corpusDir, loadArticles, loadEntries } from "../src/engines/offline/corpus.js";
import { extractFeatures, vectorize } from "../src/engines/offline/features.js";
import { combinedScores, fromModelFile } from "../src/engines/offline/model.js";
import { assignFolds, DEFAULT_OPTIONS, examplesFrom, trainModel, type TrainOptions } from "../src/engines/offline/train.js";
import { arg } from "./args.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const k = Number(arg("k") ?? 5);
// The logistic model alone (blend and neighbours null): the grid is over its section mix and priors.
const opts: TrainOptions = { ...DEFAULT_OPTIONS, blend: null, neighbours: null, ...(arg("opts") ? (JSON.parse(arg("opts")!) as Partial<TrainOptions>) : {}) };
const seeds = Number(arg("repeats") ?? 1);
const dir = corpusDir(root);
const articles = loadArticles(dir).map((a) => ({ id: a.id, doc: a.doc, label: a.category as string }));
const entries = loadEntries(dir).map((e) => ({ doc: e.doc, label: e.category as string }));

const grid: Array<{ mix: number; kind: number; secondary: number; medium: number; international: number; general: number }> = [];
for (const mix of [0, 0.5, 1])
  for (const kind of [0, 1, 1.5, 2, 3])
    for (const secondary of [0.25, 0.5, 1])
      for (const medium of [0, 0.25, 0.5])
        for (const international of [0, 0.5, 1, 1.5]) for (const general of [0, 0.5, 1]) grid.push({ mix, kind, secondary, medium, international, general });
const full = new Array(grid.length).fill(0);
const sec = new Array(grid.length).fill(0);
for (let r = 0; r < seeds; r++) {
  const o = { ...opts, seed: opts.seed + r * 7919 };
  const folds = assignFolds(articles, k, o.seed);
  for (let fold = 0; fold < k; fold++) {
    const model = fromModelFile(
      trainModel(
        examplesFrom(
          articles.filter((_, i) => folds[i] !== fold),
          entries,
          o,
        ),
        o,
      ),
    );
    articles.forEach((a, i) => {
      if (folds[i] !== fold) return;
      const raw = extractFeatures(a.doc);
      const x = vectorize(raw, model.vocab);
      grid.forEach((g, gi) => {
        const m = { ...model, sectionMix: g.mix };
        const s = combinedScores(m, x, raw, g);
        let best = 0;
        for (let c = 1; c < s.length; c++) if (s[c]! > s[best]!) best = c;
        const pred = model.leaf.classes[best]!;
        if (pred === a.label) full[gi]++;
        if (pred.split(" -> ")[0] === a.label.split(" -> ")[0]) sec[gi]++;
      });
    });
  }
}
const n = articles.length * seeds;
const rows = grid.map((g, i) => ({ ...g, full: full[i] / n, sec: sec[i] / n })).sort((a, b) => b.full + b.sec / 4 - (a.full + a.sec / 4));
const show = (r: (typeof rows)[number]) =>
  console.log(
    `mix ${r.mix}  kind ${r.kind}  secondary ${r.secondary}  medium ${r.medium}  intl ${r.international}  general ${r.general}   full ${r.full.toFixed(3)}  section ${r.sec.toFixed(3)}`,
  );
rows.slice(0, 10).forEach(show);
console.log("ablations:");
const pick = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f)[0];
const d = { ...opts.priors, mix: opts.sectionMix };
for (const [name, f] of [
  [
    "shipped setting",
    (r: (typeof rows)[number]) =>
      r.mix === d.mix &&
      r.kind === d.kind &&
      r.secondary === d.secondary &&
      r.medium === d.medium &&
      r.international === d.international &&
      r.general === (d.general ?? 0),
  ],
  [
    "no priors, no section layer (flat logistic regression)",
    (r: (typeof rows)[number]) => r.mix === 0 && r.kind === 0 && r.medium === 0 && r.international === 0 && r.general === 0,
  ],
  [
    "no priors, with section layer",
    (r: (typeof rows)[number]) => r.mix === d.mix && r.kind === 0 && r.medium === 0 && r.international === 0 && r.general === 0,
  ],
  [
    "priors, no section layer",
    (r: (typeof rows)[number]) =>
      r.mix === 0 &&
      r.kind === d.kind &&
      r.secondary === d.secondary &&
      r.medium === d.medium &&
      r.international === d.international &&
      r.general === (d.general ?? 0),
  ],
] as const) {
  const r = pick(f);
  if (r) {
    process.stdout.write(`  ${name}: `);
    show(r);
  }
}
