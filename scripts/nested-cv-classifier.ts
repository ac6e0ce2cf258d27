// Nested cross-validation of the offline classifier: every choice (training variant, section mix,
// headline priors, decision rule) is made by an inner cross-validation inside each outer training
// fold, so the outer folds measure the whole method, tuning included. Folds keep near-duplicate
// stories together (validation.ts). Report entries always train.
// Usage: nice -n 10 npx tsx scripts/nested-cv-classifier.ts [--repeats 1] [--outer 5] [--inner 4] [--variants base,balanced]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { corpusDir, loadArticles, loadEntries } from "../src/engines/offline/corpus.js";
import { extractFeatures, vectorize, type FeatureDoc, type RawFeatures } from "../src/engines/offline/features.js";
import { combinedScores, fromModelFile, scoreLayer, softmax, type LoadedModel, type Priors } from "../src/engines/offline/model.js";
import { DEFAULT_OPTIONS, examplesFrom, trainModel, type LabelledArticle, type TrainOptions } from "../src/engines/offline/train.js";
import { assignGroupedFolds, nearDuplicateGroups } from "../src/engines/offline/validation.js";
import { arg } from "./args.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repeats = Number(arg("repeats") ?? 1);
const outerK = Number(arg("outer") ?? 5);
const innerK = Number(arg("inner") ?? 4);
const dir = corpusDir(root);
const articles: LabelledArticle[] = loadArticles(dir).map((a) => ({ id: a.id, doc: a.doc, label: a.category as string }));
const entries = loadEntries(dir).map((e) => ({ doc: e.doc, label: e.category as string }));
const texts = loadArticles(dir).map((a) => a.text);
const groups = nearDuplicateGroups(texts);
const section = (c: string) => c.split(" -> ")[0]!;

/** Training variants (each costs a training per fold). */
const VARIANTS: Record<string, Partial<TrainOptions>> = {
  base: {},
  balanced: { sectionBalanced: true },
  "balanced-l2x2": { sectionBalanced: true, sectionL2: 0.016 },
};
const variants = (arg("variants") ?? "base,balanced").split(",");

type Decision = "argmax" | "marginal";
interface Setting extends Priors {
  mix: number;
  decision: Decision;
}
/** The grid the shipped model was tuned on (scripts/tune-classifier.ts), leaf argmax. */
const OLD_GRID: Setting[] = [];
for (const mix of [0, 0.5, 1]) for (const kind of [0, 1, 1.5, 2, 3]) for (const secondary of [0.25, 0.5, 1]) for (const medium of [0, 0.25, 0.5]) for (const international of [0, 0.5, 1, 1.5]) for (const general of [0, 0.5, 1]) OLD_GRID.push({ mix, kind, secondary, medium, international, general, decision: "argmax" });
/** Wider: stronger section layers, and a hierarchical decision (section by marginal, then the best path inside it). */
const NEW_GRID: Setting[] = [];
for (const mix of [0, 0.5, 1, 2, 4]) for (const kind of [0, 0.5, 1, 2, 3]) for (const secondary of [0.5]) for (const medium of [0, 0.25]) for (const international of [0, 0.5, 1]) for (const decision of ["argmax", "marginal"] as const) NEW_GRID.push({ mix, kind, secondary, medium, international, general: 0, decision });
const SHIPPED: Setting = { ...DEFAULT_OPTIONS.priors, general: 0, mix: DEFAULT_OPTIONS.sectionMix, decision: "argmax" };
const FLAT: Setting = { kind: 0, secondary: 0, medium: 0, international: 0, general: 0, mix: 0, decision: "argmax" };

interface Scored {
  x: { idx: number[]; val: number[] };
  raw: RawFeatures;
  label: string;
}

function decide(model: LoadedModel, s: Scored, g: Setting): string {
  const scores = combinedScores({ ...model, sectionMix: g.mix }, s.x, s.raw, g);
  if (g.decision === "argmax") {
    let best = 0;
    for (let c = 1; c < scores.length; c++) if (scores[c]! > scores[best]!) best = c;
    return model.leaf.classes[best]!;
  }
  const p = softmax(scores);
  const mass = new Float64Array(model.section.classes.length);
  for (let c = 0; c < p.length; c++) mass[model.leafSection[c]!]! += p[c]!;
  let sec = 0;
  for (let j = 1; j < mass.length; j++) if (mass[j]! > mass[sec]!) sec = j;
  let best = -1;
  for (let c = 0; c < scores.length; c++) if (model.leafSection[c] === sec && (best < 0 || scores[c]! > scores[best]!)) best = c;
  return model.leaf.classes[best]!;
}

function sectionLayerAlone(model: LoadedModel, s: Scored): string {
  const sc = scoreLayer(model.section, s.x);
  let best = 0;
  for (let c = 1; c < sc.length; c++) if (sc[c]! > sc[best]!) best = c;
  return model.section.classes[best]!;
}

const rawCache = new Map<FeatureDoc, RawFeatures>();
function prepared(model: LoadedModel, a: LabelledArticle): Scored {
  let raw = rawCache.get(a.doc);
  if (!raw) rawCache.set(a.doc, (raw = extractFeatures(a.doc)));
  return { x: vectorize(raw, model.vocab), raw, label: a.label };
}

function train(items: readonly LabelledArticle[], opts: TrainOptions): LoadedModel {
  return fromModelFile(trainModel(examplesFrom(items, entries, opts), opts));
}

/** Criterion for picking a setting on inner folds: section accuracy counts as much as the full path. */
const criterion = (full: number, sec: number) => full + sec;
const oldCriterion = (full: number, sec: number) => full + sec / 4;

interface Tally {
  full: number;
  sec: number;
}
const results = new Map<string, Tally>();
const tally = (name: string, pred: string, gold: string) => {
  const t = results.get(name) ?? { full: 0, sec: 0 };
  if (pred === gold) t.full++;
  if (section(pred) === section(gold)) t.sec++;
  results.set(name, t);
};
const chosen: string[] = [];

const multi = new Map<number, number>();
groups.forEach((g) => multi.set(g, (multi.get(g) ?? 0) + 1));
console.log(`corpus: ${articles.length} articles in ${multi.size} story groups (${[...multi.values()].filter((n) => n > 1).length} with near-duplicates), ${entries.length} entries; ${outerK}-fold outer x ${innerK}-fold inner, ${repeats} repeat(s), variants ${variants.join(", ")}`);
const started = Date.now();
if (process.argv.includes("--select")) {
  // The procedure applied to the whole corpus: the setting the shipped model should use.
  const all = articles.map((_, i) => i);
  const folds = assignGroupedFolds(articles, groups, innerK, DEFAULT_OPTIONS.seed + 1);
  const score = new Map<number, Tally>();
  for (let f = 0; f < innerK; f++) {
    const model = train(all.filter((i) => folds[i] !== f).map((i) => articles[i]!), DEFAULT_OPTIONS);
    for (const i of all.filter((i) => folds[i] === f)) {
      const s = prepared(model, articles[i]!);
      NEW_GRID.forEach((g, gi) => {
        const t = score.get(gi) ?? { full: 0, sec: 0 };
        const pred = decide(model, s, g);
        if (pred === s.label) t.full++;
        if (section(pred) === section(s.label)) t.sec++;
        score.set(gi, t);
      });
    }
    console.log(`  fold ${f + 1} done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  const ranked = [...score].sort((a, b) => criterion(b[1].full, b[1].sec) - criterion(a[1].full, a[1].sec) || a[0] - b[0]);
  for (const [gi, t] of ranked.slice(0, 8)) console.log(`${JSON.stringify(NEW_GRID[gi])}  full ${(t.full / articles.length).toFixed(3)}  section ${(t.sec / articles.length).toFixed(3)}`);
  process.exit(0);
}
for (let r = 0; r < repeats; r++) {
  const seed = DEFAULT_OPTIONS.seed + r * 7919;
  const outer = assignGroupedFolds(articles, groups, outerK, seed);
  for (let fold = 0; fold < outerK; fold++) {
    const trainIdx = articles.map((_, i) => i).filter((i) => outer[i] !== fold);
    const testIdx = articles.map((_, i) => i).filter((i) => outer[i] === fold);
    const inner = assignGroupedFolds(trainIdx.map((i) => articles[i]!), trainIdx.map((i) => groups[i]!), innerK, seed + 1);
    // Inner CV: accuracy of every (variant, setting) on the inner held-out articles.
    const innerScore = new Map<string, Tally>();
    for (const v of variants) {
      const opts = { ...DEFAULT_OPTIONS, ...VARIANTS[v], seed };
      for (let f = 0; f < innerK; f++) {
        const model = train(trainIdx.filter((_, n) => inner[n] !== f).map((i) => articles[i]!), opts);
        for (const [n, i] of trainIdx.entries()) {
          if (inner[n] !== f) continue;
          const s = prepared(model, articles[i]!);
          for (const [gridName, grid] of [["old", OLD_GRID], ["new", NEW_GRID]] as const) {
            if (gridName === "old" && v !== "base") continue;
            grid.forEach((g, gi) => {
              const key = `${gridName}|${v}|${gi}`;
              const t = innerScore.get(key) ?? { full: 0, sec: 0 };
              const pred = decide(model, s, g);
              if (pred === s.label) t.full++;
              if (section(pred) === section(s.label)) t.sec++;
              innerScore.set(key, t);
            });
          }
        }
      }
    }
    const best = (prefix: string, crit: (f: number, s: number) => number) => {
      let bestKey = "";
      let bestValue = -Infinity;
      for (const [key, t] of innerScore) if (key.startsWith(prefix) && crit(t.full, t.sec) > bestValue + 1e-9) [bestKey, bestValue] = [key, crit(t.full, t.sec)];
      const [grid, v, gi] = bestKey.split("|");
      return { variant: v!, setting: (grid === "old" ? OLD_GRID : NEW_GRID)[Number(gi)]! };
    };
    const oldPick = best("old|base|", oldCriterion);
    const newPick = best("new|", criterion);
    chosen.push(`r${r + 1} f${fold + 1}: old ${JSON.stringify(oldPick.setting)}  new ${newPick.variant} ${JSON.stringify(newPick.setting)}`);
    // Outer test: each variant trained once on the whole outer training fold.
    for (const v of variants) {
      const model = train(trainIdx.map((i) => articles[i]!), { ...DEFAULT_OPTIONS, ...VARIANTS[v], seed });
      for (const i of testIdx) {
        const s = prepared(model, articles[i]!);
        if (v === "base") {
          tally("old method, tuned inside (nested)", decide(model, s, oldPick.setting), s.label);
          tally("shipped settings (chosen on all folds: optimistic)", decide(model, s, SHIPPED), s.label);
          tally("flat logistic regression, no priors", decide(model, s, FLAT), s.label);
        }
        if (v === newPick.variant) tally("new method, tuned inside (nested)", decide(model, s, newPick.setting), s.label);
        const secOnly = sectionLayerAlone(model, s);
        tally(`section layer alone (${v})`, `${secOnly} -> ?`, s.label);
      }
    }
    console.log(`  repeat ${r + 1} fold ${fold + 1} done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
}
const n = articles.length * repeats;
console.log("\nchoices per outer fold:");
for (const c of chosen) console.log("  " + c);
console.log("\nouter-fold accuracy (grouped folds):");
for (const [name, t] of results) console.log(`  ${name.padEnd(56)} full ${(t.full / n).toFixed(3)}  section ${(t.sec / n).toFixed(3)}`);
