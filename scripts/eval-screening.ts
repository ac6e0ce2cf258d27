/**
 * How much the analyst's examples improve feed screening (docs/feeds.md). Items: the corpus's 148
 * articles (coverage of the buyers: they should pass; title = the first sentence) and the 40
 * non-buyer texts in tests/fixtures/screening/non-buyer.jsonl (written for this: other arts,
 * sports and tech news, and buyers' retail, devices, parks and sports results: they should be
 * screened). Two folds by a hash of the id; in each, the analyst works through the training fold
 * in a fixed order and corrects each mistake of the screening as it stands (keeps a screened
 * coverage item, excludes a stored non-coverage one), and after N corrections the screening is
 * measured on the other fold, never seen. The likeness threshold is chosen inside the training
 * fold alone (corrections from its first half, F1 on its second half): nested, the test fold
 * plays no part in it. Prints precision and recall of "passes screening" per fold and N.
 *
 *   npx tsx scripts/eval-screening.ts [--corpus=/work/shared/corpus] [--json]
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../src/config/load.js";
import { screenReason } from "../src/feeds/items.js";
import { ALIKE, buyerWords, learnedVerdict, wordsOf, type Example } from "../src/feeds/learn.js";
import { buyerMatcherFor } from "../src/pipeline/buyers.js";
import { option } from "./args.js";

const CORPUS = option("corpus", process.env.NEWS_COVERAGE_CORPUS ?? "/work/shared/corpus");
const JSON_OUT = option("json", "false") === "true";
const CHECKPOINTS = [0, 5, 10, 20, Infinity];
/** The thresholds the inner selection picks from (on the training fold only). */
const THRESHOLDS = [0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3];

interface Item {
  id: string;
  title: string;
  text: string;
  coverage: boolean;
}

const readJsonl = <T>(file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

function corpusItems(): Item[] {
  return readJsonl<{ id: string; text: string }>(path.join(CORPUS, "articles-train.jsonl")).map((a) => {
    const text = a.text.trim();
    const end = text.search(/[.!?]\s/);
    const cut = end > 20 && end < 200 ? end + 1 : Math.min(text.length, 160);
    return { id: a.id, title: text.slice(0, cut).trim(), text: text.slice(cut).trim(), coverage: true };
  });
}

function negativeItems(): Item[] {
  const file = path.join(import.meta.dirname, "..", "tests", "fixtures", "screening", "non-buyer.jsonl");
  return readJsonl<{ id: string; title: string; text: string }>(file).map((n) => ({ ...n, coverage: false }));
}

const hash = (s: string) => createHash("sha256").update(s).digest();
const foldOf = (item: Item) => hash(`fold:${item.id}`)[0]! % 2;

const config = loadConfig({ env: { NEWS_COVERAGE_HOME: "/nonexistent-home" } });
const matcher = buyerMatcherFor(config);
const ignore = buyerWords(config.buyers);

function passes(item: Item, examples: readonly Example[], at: number): boolean {
  const reason = screenReason(
    matcher,
    { guid: null, link: `https://example.com/${item.id}`, title: item.title, published: null, text: item.text, summary: "" },
    null,
  );
  return learnedVerdict(reason, wordsOf(item.title, item.text, ignore), examples, at).reason === null;
}

function score(items: readonly Item[], examples: readonly Example[], at: number) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const item of items) {
    const pass = passes(item, examples, at);
    if (pass && item.coverage) tp++;
    else if (pass) fp++;
    else if (item.coverage) fn++;
  }
  return { precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, passed: tp + fp, missed: fn, let_through: fp };
}

/** The analyst works through `items` in order, correcting each mistake: the examples after each correction. */
function corrections(items: readonly Item[], at: number): Example[][] {
  const examples: Example[] = [];
  const after: Example[][] = [[]];
  for (const item of items) {
    if (passes(item, examples, at) === item.coverage) continue;
    examples.push({ label: item.coverage ? "keep" : "exclude", title: item.title, words: wordsOf(item.title, item.text, ignore) });
    after.push([...examples]);
  }
  return after;
}

const f1 = (s: { precision: number; recall: number }) => (2 * s.precision * s.recall) / (s.precision + s.recall || 1);

/** The threshold, chosen on the training fold alone: corrections from its first half, scored on its second half. */
function chooseThreshold(train: readonly Item[]): number {
  const half = Math.floor(train.length / 2);
  let best = { at: ALIKE, f1: -1 };
  for (const at of THRESHOLDS) {
    const examples = corrections(train.slice(0, half), at).at(-1)!;
    const value = f1(score(train.slice(half), examples, at));
    if (value > best.f1 + 1e-9) best = { at, f1: value };
  }
  return best.at;
}

const items = [...corpusItems(), ...negativeItems()];
const rows: Array<Record<string, unknown>> = [];
for (const fold of [0, 1]) {
  // The analyst's order: fixed, by a hash (not the file's order, which groups the non-buyer texts).
  const train = items.filter((i) => foldOf(i) !== fold).sort((a, b) => hash(a.id).compare(hash(b.id)));
  const test = items.filter((i) => foldOf(i) === fold);
  const at = chooseThreshold(train);
  const after = corrections(train, at);
  for (const n of CHECKPOINTS.map((c) => Math.min(c, after.length - 1)).filter((n, i, all) => all.indexOf(n) === i)) {
    const examples = after[n]!;
    const kinds = { keep: examples.filter((e) => e.label === "keep").length, exclude: examples.filter((e) => e.label === "exclude").length };
    rows.push({ fold, train: train.length, test: test.length, threshold: at, corrections: n, ...kinds, ...score(test, examples, at) });
  }
}

if (JSON_OUT) process.stdout.write(`${JSON.stringify(rows)}\n`);
else {
  const pct = (x: unknown) => `${((x as number) * 100).toFixed(1)}%`;
  process.stdout.write(
    `${items.filter((i) => i.coverage).length} coverage items (corpus), ${items.filter((i) => !i.coverage).length} non-coverage (fixture); 2 folds\n`,
  );
  process.stdout.write("fold  test  threshold  corrections (keep/exclude)  precision  recall   passed  missed  let through\n");
  for (const r of rows)
    process.stdout.write(
      `${String(r.fold).padEnd(5)} ${String(r.test).padEnd(5)} ${String(r.threshold).padEnd(10)} ${`${r.corrections} (${r.keep}/${r.exclude})`.padEnd(27)} ${pct(r.precision).padEnd(10)} ${pct(r.recall).padEnd(8)} ${String(r.passed).padEnd(7)} ${String(r.missed).padEnd(7)} ${r.let_through}\n`,
    );
}
