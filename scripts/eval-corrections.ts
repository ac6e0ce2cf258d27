// Do corrections generalise? (issue 21 item 4.) The experiment of the hidden check, on grouped
// folds of the corpus: per outer fold the model trains on the other folds' articles and the report
// entries (without the entries that tell a held-out article's own story); then 50 held-out articles,
// chosen at random (a story and its retelling may fall on both sides, as in a random 50 of 103), are
// stored as corrections the way a category override stores them (input title = the first sentence,
// lead = the first ~600 characters of the body, as src/pipeline/process.ts keeps it), the model is
// retrained as `news-coverage train` retrains it (`trainWithCorrections`), and the other held-out
// articles are classified before and after. Prints the gain per split, its mean and spread.
// `--variants '{"name": {TrainOptions overrides}, ...}'` compares other ways of learning on the same splits.
// Usage: nice -n 10 npx tsx scripts/eval-corrections.ts [--repeats 4] [--folds 2] [--splits 4] [--n 50] [--opts '{...}'] [--variants '{...}']
import path from "node:path";
import { fileURLToPath } from "node:url";
import { corpusDir, loadArticles, loadEntries } from "../src/engines/offline/corpus.js";
import { extractFeatures, type FeatureDoc, type RawFeatures } from "../src/engines/offline/features.js";
import { correctionDoc } from "../src/engines/offline/learn.js";
import { headlineAndBody } from "../src/engines/offline/classifier.js";
import { fromModelFile, type LoadedModel } from "../src/engines/offline/model.js";
import {
  argmaxLabel,
  DEFAULT_OPTIONS,
  examplesFrom,
  rng,
  scoreHeldOut,
  shuffled,
  trainModel,
  trainWithCorrections,
  type TrainOptions,
} from "../src/engines/offline/train.js";
import { leadOf } from "../src/pipeline/process.js";
import { assignGroupedFolds, nearDuplicateGroups, storyEntries } from "../src/engines/offline/validation.js";
import { arg } from "./args.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repeats = Number(arg("repeats") ?? 4);
const k = Number(arg("folds") ?? 2);
const splits = Number(arg("splits") ?? 4);
const nCorrections = Number(arg("n") ?? 50);
/** The title the input files carry: the first sentence, a short label ("Article a017") or a long one. */
const titleMode = arg("title") ?? "first";
const titleOf = (n: number, firstSentence: string) =>
  titleMode === "label" ? `Article a${String(n).padStart(3, "0")}` : titleMode === "long" ? `Held-out article ${n} of the test set` : firstSentence;
const opts: TrainOptions = { ...DEFAULT_OPTIONS, ...(arg("opts") ? (JSON.parse(arg("opts")!) as Partial<TrainOptions>) : {}) };
const variants: Record<string, Partial<TrainOptions>> = arg("variants")
  ? (JSON.parse(arg("variants")!) as Record<string, Partial<TrainOptions>>)
  : { shipped: {} };
const dir = corpusDir(root);
const loaded = loadArticles(dir);
const entriesAll = loadEntries(dir);
const own = storyEntries(
  loaded.map((a) => a.text),
  entriesAll.map((e) => [e.text, ...e.notes].join(" ")),
);
const groups = nearDuplicateGroups(loaded.map((a) => a.text));
const section = (c: string) => c.split(" -> ")[0];

const rawCache = new Map<FeatureDoc, RawFeatures>();
const withRaw = <T extends { doc: FeatureDoc }>(x: T) => {
  let raw = rawCache.get(x.doc);
  if (!raw) rawCache.set(x.doc, (raw = extractFeatures(x.doc)));
  return raw;
};

function accuracy(model: LoadedModel, items: ReadonlyArray<{ doc: FeatureDoc; label: string }>): { full: number; sec: number } {
  const scored = scoreHeldOut(model, items);
  return {
    full: scored.filter((h) => argmaxLabel(h) === h.label).length / items.length,
    sec: scored.filter((h) => section(argmaxLabel(h)) === section(h.label)).length / items.length,
  };
}

const before: number[] = [];
const result = new Map(Object.keys(variants).map((name) => [name, { after: [] as number[], gains: [] as number[], sectionGains: [] as number[] }]));
const started = Date.now();
console.log(
  `corpus: ${loaded.length} articles, ${entriesAll.length} entries; ${k} grouped folds x ${repeats} repeat(s), ${splits} random split(s) of ${nCorrections} corrections per held-out fold; input titles: ${titleMode}`,
);
for (let r = 0; r < repeats; r++) {
  const seed = opts.seed + r * 7919;
  const folds = assignGroupedFolds(
    loaded.map((a) => ({ label: a.category })),
    groups,
    k,
    seed,
  );
  for (let fold = 0; fold < k; fold++) {
    const trainIdx = loaded.map((_, i) => i).filter((i) => folds[i] !== fold);
    const heldIdx = loaded.map((_, i) => i).filter((i) => folds[i] === fold);
    const drop = new Set(heldIdx.flatMap((i) => own[i]!));
    const articles = trainIdx.map((i) => ({ id: loaded[i]!.id, doc: loaded[i]!.doc, label: loaded[i]!.category as string }));
    const entries = entriesAll.flatMap((e, j) => (drop.has(j) ? [] : [{ doc: e.doc, label: e.category as string }]));
    const baseExamples = examplesFrom(articles, entries, opts).map((ex) => ({ ...ex, raw: withRaw(ex) }));
    const base = fromModelFile(trainModel(baseExamples, opts));
    // As the pipeline reads an input file: its title, and the whole text as its content.
    const held = heldIdx.map((i) => {
      const title = titleOf(i + 1, loaded[i]!.doc.title);
      const text = loaded[i]!.text;
      return { id: loaded[i]!.id, title, text, doc: headlineAndBody(title, text), label: loaded[i]!.category as string };
    });
    const n = Math.min(nCorrections, held.length - 10);
    for (let s = 0; s < splits; s++) {
      const order = shuffled(held, rng(seed + 101 * (s + 1) + fold));
      const corrected = order.slice(0, n);
      const rest = order.slice(n);
      const corrections = corrected.map((a) => ({
        doc: correctionDoc(a.title, leadOf(a.text)),
        label: a.label,
      }));
      const b = accuracy(base, rest);
      before.push(b.full);
      const line: string[] = [];
      for (const [name, overrides] of Object.entries(variants)) {
        const model = fromModelFile(
          trainWithCorrections(articles, entries, corrections, { ...opts, ...overrides }, (examples) => examples.map((ex) => ({ ...ex, raw: withRaw(ex) }))),
        );
        const a = accuracy(model, rest);
        const v = result.get(name)!;
        v.after.push(a.full);
        v.gains.push(a.full - b.full);
        v.sectionGains.push(a.sec - b.sec);
        line.push(`${name} ${a.full.toFixed(3)} (${fmtGain(a.full - b.full)}), section ${b.sec.toFixed(3)} -> ${a.sec.toFixed(3)}`);
      }
      console.log(
        `  repeat ${r + 1} fold ${fold + 1} split ${s + 1}: ${n} corrections, ${rest.length} others: full ${b.full.toFixed(3)} -> ${line.join("; ")}  (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
  }
}

function fmtGain(x: number): string {
  return `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} pts`;
}
function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean, sd };
}
console.log(`\nfull path on the other held-out articles before the corrections: ${meanSd(before).mean.toFixed(3)}`);
for (const [name, v] of result) {
  const g = meanSd(v.gains);
  const gs = meanSd(v.sectionGains);
  console.log(
    `${name}: after ${meanSd(v.after).mean.toFixed(3)}; gain ${fmtGain(g.mean)} (sd ${(g.sd * 100).toFixed(1)} over ${v.gains.length} splits, standard error ${((g.sd / Math.sqrt(v.gains.length)) * 100).toFixed(1)}; min ${fmtGain(Math.min(...v.gains))}, max ${fmtGain(Math.max(...v.gains))}); section gain ${fmtGain(gs.mean)} (sd ${(gs.sd * 100).toFixed(1)})`,
  );
}
