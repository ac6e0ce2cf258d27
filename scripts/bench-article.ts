// What one worker thread does per article, in-process (no daemon, no disk): CPU microseconds per
// article (process.cpuUsage, user + system) per stage and in total, median over rounds after a warm-up
// (issue 23). The articles are the corpus's 148 article texts and its four samples, as
// scripts/engine-snapshot.ts builds them (long texts, as in the daemon's burst).
//
//   npm run bench:article                                  # this tree, 15 rounds
//   npx tsx scripts/bench-article.ts --rounds=25 --warmup=5
//   npx tsx scripts/bench-article.ts --a=. --b=/tmp/nc-main  # two builds alternately, same minutes, ratios a/b
//   npx tsx scripts/bench-article.ts --entries             # the 3,799 report entries as short articles too
//
// A build is a project root (its src/, models/ and config/ are used; it needs node_modules, e.g. a
// symlink). Make main's copy once: git archive main | tar -x -C /tmp/nc-main && ln -s $PWD/node_modules /tmp/nc-main/.
//
// Stages (each a loop over every article; inputs of a stage are computed before it is timed):
//   parse       validation of the input object (parseArticle)
//   buyers      id, buyer scan, company and quarter (prepare)
//   features    tokenize + n-grams + cue features of the classifier's document (docVector)
//   layers      the logistic and SVM layers with their priors (combinedScores without the vote)
//   neighbours  the nearest training texts' vote
//   classify    the engine's classify step (all of the three above, deal cues, softmax, doubts)
//   lines       the engine's line writer
//   total       parse + the whole per-article pipeline (processArticle: buyers, classify, lines, record)
// A stage a build does not export (another version's internals) is left out for that build.
import path from "node:path";
import { pathToFileURL } from "node:url";
import os from "node:os";
import { option } from "./args.js";
import { snapshotInputs, type SnapshotInput } from "./engine-snapshot.js";

interface Stage {
  name: string;
  /** Runs the stage once over every article. */
  run: () => Promise<void> | void;
}

interface Build {
  label: string;
  stages: Stage[];
  count: number;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- another build's modules are loaded by path, untyped */
async function loadBuild(root: string, label: string, all: readonly SnapshotInput[]): Promise<Build> {
  let inputs = all;
  const load = (p: string): Promise<any> => import(pathToFileURL(path.join(root, "src", p)).href);
  const { loadConfig } = await load("config/load.ts");
  const { parseArticle } = await load("pipeline/article.ts");
  const { createBuyerDirectory } = await load("pipeline/buyer-directory.ts");
  const { buyerMatcherFor } = await load("pipeline/buyers.ts");
  const { prepare, processArticle } = await load("pipeline/process.ts");
  const { createOfflineEngine } = await load("engines/offline/index.ts");
  const classifier = await load("engines/offline/classifier.ts");
  const model = await load("engines/offline/model.ts");
  const features = await load("engines/offline/features.ts");
  const neighbours = await load("engines/offline/neighbours.ts");

  const config = loadConfig({ env: { NEWS_COVERAGE_HOME: path.join(os.tmpdir(), "nc-bench-article-no-home") } });
  const engine = createOfflineEngine(config.buyers, null);
  const matcher = buyerMatcherFor(config);
  const { resolveCompany } = createBuyerDirectory(config.buyers);
  const loaded = model.loadModel();
  const ctx = { matcher, confidenceFloor: config.review.confidenceFloor, arrivalMs: Date.UTC(2025, 5, 30), processedAt: "2026-01-01T00:00:00.000Z" };

  // Inputs the validation refuses (a corpus text whose first 12 words run over the title limit) are left out.
  inputs = inputs.filter((i) => parseArticle(i.raw, resolveCompany).ok);
  const articles = inputs.map((i) => parseArticle(i.raw, resolveCompany).article);
  const engineInputs = articles.map((article: any) => {
    const p = prepare(article, ctx);
    return { article, buyers: p.buyers, company: p.company, date: p.date };
  });
  const classifications = await Promise.all(engineInputs.map(async (input: any) => (await engine.classify(input)).value));
  const docs = articles.map((article: any) => classifier.docFromInput({ article }));

  const stages: Stage[] = [
    { name: "parse", run: () => inputs.forEach((i) => parseArticle(i.raw, resolveCompany)) },
    { name: "buyers", run: () => articles.forEach((a: any) => prepare(a, ctx)) },
  ];
  if (typeof features.docVector === "function") {
    const vectors = docs.map((d: any) => features.docVector(d, loaded.vocab));
    stages.push({ name: "features", run: () => docs.forEach((d: any) => features.docVector(d, loaded.vocab)) });
    if (typeof model.combinedScores === "function") {
      const noVote = { ...loaded, neighbours: null };
      stages.push({ name: "layers", run: () => vectors.forEach((v: any) => model.combinedScores(noVote, v.x, v.raw)) });
    }
    if (loaded.neighbours && typeof neighbours.neighbourVotes === "function") {
      const n = loaded.leaf.classes.length;
      stages.push({ name: "neighbours", run: () => vectors.forEach((v: any) => neighbours.neighbourVotes(loaded.neighbours, v.x, n)) });
    }
  }
  stages.push(
    {
      name: "classify",
      run: async () => {
        for (const input of engineInputs) await engine.classify(input);
      },
    },
    {
      name: "lines",
      run: async () => {
        for (let i = 0; i < engineInputs.length; i++) await engine.writeFacts(engineInputs[i], classifications[i]);
      },
    },
    {
      name: "total",
      run: async () => {
        for (const [n, i] of inputs.entries()) {
          const parsed = parseArticle(i.raw, resolveCompany);
          await processArticle(parsed.article, engine, { ...ctx, inputFile: `a-${n}.json` });
        }
      },
    },
  );
  return { label, stages, count: inputs.length };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** CPU microseconds (user + system) per article of one run of the stage. */
async function measure(stage: Stage, count: number): Promise<number> {
  const start = process.cpuUsage();
  await stage.run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / count;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const rounds = Number(option("rounds", "15"));
const warmup = Number(option("warmup", "3"));
const here = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const roots = [option("a", here), ...(option("b", "") ? [option("b", "")] : [])].map((r) => path.resolve(r));
const inputs = snapshotInputs().filter((i) => option("entries", "false") === "true" || !i.id.startsWith("entry:"));

const builds: Build[] = [];
for (const [i, root] of roots.entries()) builds.push(await loadBuild(root, roots.length > 1 ? "ab"[i]! : "µs", inputs));
const samples = builds.map((b) => new Map(b.stages.map((s) => [s.name, [] as number[]])));
const stageNames = [...new Set(builds.flatMap((b) => b.stages.map((s) => s.name)))];
for (let r = 0; r < warmup + rounds; r++) {
  // Stage by stage the builds take turns, and which goes first alternates, so both see the same seconds.
  const order = r % 2 === 0 ? builds.map((_, i) => i) : builds.map((_, i) => builds.length - 1 - i);
  for (const name of stageNames) {
    for (const bi of order) {
      const stage = builds[bi]!.stages.find((s) => s.name === name);
      if (!stage) continue;
      const us = await measure(stage, builds[bi]!.count);
      if (r >= warmup) samples[bi]!.get(stage.name)!.push(us);
    }
  }
}

const load = os.loadavg().map((l) => l.toFixed(2));
process.stdout.write(
  `${builds[0]!.count} articles x ${rounds} rounds (after ${warmup} warm-up), load average ${load.join(" ")}, ${os.cpus()[0]?.model}, Node ${process.version}\n`,
);
process.stdout.write(`median CPU µs per article (user + system); ${builds.length > 1 ? roots.map((r, i) => `${"ab"[i]} = ${r}`).join(", ") : roots[0]}\n`);
const header = ["stage", ...builds.map((b) => b.label), ...(builds.length === 2 ? ["a/b"] : [])];
const rows = stageNames.map((name) => {
  const meds = samples.map((s) => (s.has(name) ? median(s.get(name)!) : NaN));
  const cells = meds.map((m) => (Number.isNaN(m) ? "-" : m.toFixed(0)));
  if (builds.length === 2) cells.push(Number.isNaN(meds[0]!) || Number.isNaN(meds[1]!) ? "-" : (meds[0]! / meds[1]!).toFixed(3));
  return [name, ...cells];
});
for (const row of [header, ...rows])
  process.stdout.write(`${row.map((c, i) => (i === 0 ? c.padEnd(11) : c.padStart(i <= builds.length ? 8 : 7))).join("  ")}\n`);
