// Trains the offline classifier on ../shared/corpus and writes models/classifier.json (deterministic).
// Usage: npm run train [-- --opts '{"l2":0.003}' --out models/classifier.json]
import { createHash } from "node:crypto";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { corpusDir, loadArticles, loadEntries } from "../src/engines/offline/corpus.js";
import { packBaseCorpus, serializeModel } from "../src/engines/offline/model-file.js";
import { DEFAULT_OPTIONS, trainFinal, type TrainOptions } from "../src/engines/offline/train.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const opts: TrainOptions = { ...DEFAULT_OPTIONS, ...(arg("opts") ? (JSON.parse(arg("opts")!) as Partial<TrainOptions>) : {}) };
const out = path.resolve(root, arg("out") ?? path.join("models", "classifier.json"));

const started = Date.now();
const dir = corpusDir(root);
const articles = loadArticles(dir).map((a) => ({ id: a.id, doc: a.doc, label: a.category as string }));
const entries = loadEntries(dir).map((e) => ({ doc: e.doc, label: e.category as string }));
console.log(`training on ${articles.length} articles + ${entries.length} report entries from ${dir}`);
const packed = packBaseCorpus({ articles, entries });
const file = trainFinal(articles, entries, opts, {
  corpus: "../shared/corpus (articles-train.jsonl, report-entries.jsonl)",
  // The learning guard reuses this model's cross-validation figures when it retrains on the same corpus.
  base_corpus_sha256: createHash("sha256").update(packed).digest("hex"),
});
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, serializeModel(file));
// The compact base corpus an installation retrains from (`news-coverage train`).
writeFileSync(path.join(path.dirname(out), "base-corpus.jsonl.gz"), packed);
const size = statSync(out).size;
console.log(
  `wrote ${path.relative(root, out)}: ${file.features.length} features, ${file.leaf.classes.length} categories, temperature ${file.temperature}, ${(size / 1e6).toFixed(2)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`out-of-fold full-path accuracy used for calibration: ${String(file.info.calibration_cv_full_path_accuracy)}`);
