// k-fold cross-validation of the offline classifier over ../shared/corpus/articles-train.jsonl.
// Report entries always train. Usage: npm run eval:classifier [-- --k 5 --opts '{"epochs":15}' --baseline]
// --review: confidence and the review queue on nested folds (--inner 3 inner folds); --review-select:
// the same procedure on the whole corpus (the temperature and close-call margin to ship).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { corpusDir, loadArticles, loadEntries } from "../src/engines/offline/corpus.js";
import { fromModelFile, predict } from "../src/engines/offline/model.js";
import { softmax } from "../src/engines/offline/model.js";
import { argmaxLabel, crossValidate, DEFAULT_OPTIONS, examplesFrom, fitTemperature, trainModel, type TrainOptions } from "../src/engines/offline/train.js";
import { naiveBayesCrossValidate } from "./naive-bayes.js";
import { nestedQueueFigures, selectOnCorpus, type QueueFigures } from "./review-figures.js";
import { arg, args } from "./args.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const k = Number(arg("k") ?? 5);
const repeats = Number(arg("repeats") ?? 1);
const opts: TrainOptions = { ...DEFAULT_OPTIONS, ...(arg("opts") ? (JSON.parse(arg("opts")!) as Partial<TrainOptions>) : {}) };
const quiet = args.includes("--quiet") || args.includes("--baseline-only");

const dir = corpusDir(root);
const articles = loadArticles(dir).map((a) => ({ id: a.id, doc: a.doc, label: a.category as string }));
const entries = loadEntries(dir).map((e) => ({ doc: e.doc, label: e.category as string }));
const section = (c: string) => c.split(" -> ")[0]!;

console.log(`corpus: ${articles.length} articles, ${entries.length} report entries; ${k}-fold CV x ${repeats} (seeds ${opts.seed}..)`);

let fullSum = 0;
let secSum = 0;
const perSection = new Map<string, { n: number; full: number; sec: number }>();
const confusion = new Map<string, number>();
let top3Sum = 0;
const calib: Array<{ conf: number; ok: boolean }> = [];
for (let r = 0; r < (args.includes("--baseline-only") ? 0 : repeats); r++) {
  const o = { ...opts, seed: opts.seed + r * 7919 };
  const held = crossValidate(articles, entries, o, k);
  // Confidences as shipped: softmax with the temperature fitted on out-of-fold predictions.
  const temperature = fitTemperature(held);
  let full = 0;
  let sec = 0;
  let top3 = 0;
  held.forEach((h, i) => {
    const gold = articles[i]!.label;
    const pred = argmaxLabel(h);
    const probs = softmax(h.scores, temperature);
    const ranked = h.classes.map((c, j) => ({ c, p: probs[j]! })).sort((a, b) => b.p - a.p);
    if (ranked.slice(0, 3).some((x) => x.c === gold)) top3++;
    calib.push({ conf: ranked[0]!.p, ok: pred === gold });
    const s = perSection.get(section(gold)) ?? { n: 0, full: 0, sec: 0 };
    s.n++;
    if (args.includes("--errors") && r === 0 && pred !== gold) {
      console.log(
        `  ERR ${articles[i]!.id} gold=${gold.replace("Content, Deals & Distribution", "CDD")}  pred=${pred.replace("Content, Deals & Distribution", "CDD")} (${ranked[0]!.p.toFixed(2)})\n      ${articles[i]!.doc.title.slice(0, 160)}`,
      );
    }
    if (pred === gold) {
      full++;
      s.full++;
    } else {
      const key = `${gold}  =>  ${pred}`;
      confusion.set(key, (confusion.get(key) ?? 0) + 1);
    }
    if (section(pred) === section(gold)) {
      sec++;
      s.sec++;
    }
    perSection.set(section(gold), s);
  });
  fullSum += full / articles.length;
  secSum += sec / articles.length;
  top3Sum += top3 / articles.length;
  if (!quiet) console.log(`  repeat ${r + 1}: full-path ${(full / articles.length).toFixed(3)}  top-section ${(sec / articles.length).toFixed(3)}`);
}
const fmt = (x: number) => x.toFixed(3);
if (!args.includes("--baseline-only"))
  console.log(
    `\nlogistic regression (section + leaf):  full-path accuracy ${fmt(fullSum / repeats)}   top-section accuracy ${fmt(secSum / repeats)}   top-3 full-path ${fmt(top3Sum / repeats)}`,
  );

if (!quiet) {
  console.log("\nper gold section (n, full-path, section):");
  for (const [s, v] of [...perSection].sort((a, b) => b[1].n - a[1].n)) {
    console.log(`  ${s.padEnd(32)} n=${String(v.n / repeats).padStart(3)}  full ${fmt(v.full / v.n)}  section ${fmt(v.sec / v.n)}`);
  }
  console.log("\nconfusion hot spots (gold => predicted, count over repeats):");
  for (const [key, n] of [...confusion].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 12)) console.log(`  ${String(n).padStart(3)}  ${key}`);

  console.log("\ncalibration after temperature scaling (confidence bucket: n, accuracy):");
  for (const [lo, hi] of [
    [0, 0.3],
    [0.3, 0.5],
    [0.5, 0.7],
    [0.7, 0.9],
    [0.9, 1.01],
  ] as const) {
    const b = calib.filter((c) => c.conf >= lo && c.conf < hi);
    if (b.length)
      console.log(
        `  [${lo.toFixed(1)}, ${Math.min(hi, 1).toFixed(1)})  n=${String(b.length).padStart(3)}  mean conf ${fmt(b.reduce((s, c) => s + c.conf, 0) / b.length)}  accuracy ${fmt(b.filter((c) => c.ok).length / b.length)}`,
      );
  }

  // Timing: a model trained on everything, classifying every article (features + scoring).
  const model = fromModelFile(trainModel(examplesFrom(articles, entries, opts), opts));
  const docs = articles.map((a) => a.doc);
  for (const d of docs) predict(model, d); // warm-up
  const rounds = 5;
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const d of docs) predict(model, d);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / (rounds * docs.length);
  console.log(`\ntiming: ${ms.toFixed(3)} ms per article (feature extraction + scoring, mean over ${rounds * docs.length} calls)`);
}

if (args.includes("--baseline") || args.includes("--baseline-only")) {
  const nb = naiveBayesCrossValidate(articles, entries, k, opts.seed);
  console.log(
    `\nbaseline multinomial naive Bayes on words (articles + report entries): full-path accuracy ${fmt(nb.full)}   top-section accuracy ${fmt(nb.section)}`,
  );
  const nbA = naiveBayesCrossValidate(articles, [], k, opts.seed);
  console.log(
    `baseline multinomial naive Bayes on words (articles only):           full-path accuracy ${fmt(nbA.full)}   top-section accuracy ${fmt(nbA.section)}`,
  );
}

if (args.includes("--review") || args.includes("--review-select")) {
  const floor = (JSON.parse(readFileSync(path.join(root, "config", "default.json"), "utf8")) as { review: { confidenceFloor: number } }).review.confidenceFloor;
  const show = (what: string, q: QueueFigures) =>
    console.log(
      `${what}: full ${fmt(q.full)} section ${fmt(q.section)}; right at confidence >= 0.8: ${fmt(q.rightWhenConfident)} (${q.confident} of ${q.n}); flagged ${fmt(q.flagged)}; wrong ones flagged ${fmt(q.wrongFlagged)}`,
    );
  if (args.includes("--review")) {
    const inner = Number(arg("inner") ?? 3);
    console.log(
      `\nreview queue on nested folds (${k} outer x ${inner} inner; temperature, close-call margin and layer-agreement rule chosen inside; confidence floor ${floor}):`,
    );
    const { figures, recalibrated } = nestedQueueFigures(articles, entries, opts, k, inner, floor, console.log);
    show("  outer folds", figures);
    show("  outer folds, recalibrated confidence", recalibrated);
  }
  if (args.includes("--review-select")) {
    const chosen = selectOnCorpus(articles, entries, opts, k, floor);
    console.log(
      `\nwhole-corpus selection (${k}-fold; not an honest figure): temperature ${chosen.temperature}, close-call margin ${chosen.margin}, layers against ${chosen.against < 4 ? `>= ${chosen.against}` : "not used"}`,
    );
    show("  the same folds", chosen.figures);
  }
}
