// Story grouping through the real pipeline and store (dist/, so `npm run build` first): for each
// pair of tests/fixtures/stories/pairs.json, a fresh home, the first article stored with
// `news-coverage process`, then the second in a second run; a "same" pair is right when the second
// record carries the first's story_id. The headline, lead (as the body), outlet and date come from
// the pair; the company, buyers and category are the pipeline's own (offline engine).
//
//   npx tsx scripts/eval-stories-pipeline.ts [--split=report2|report|tune|all]
// (report2, the default: pairs-report-2.json, never tuned on; all: the pairs tuned on, tune and report)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { option } from "./args.js";
import { loadStoryPairs, type StoryPair } from "./stories-score.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const CLI = path.join(ROOT, "dist", "cli", "index.js");
const split = option("split", "report2");

interface Stored {
  id: string;
  company: string;
  story_id?: string;
}

function store(home: string, pair: StoryPair, side: "a" | "b"): Stored {
  const article = pair[side];
  const dir = path.join(home, `in-${side}`);
  mkdirSync(dir, { recursive: true });
  const host = article.source.toLowerCase().replace(/[^a-z]+/g, "");
  const input = {
    title: article.title,
    url: `https://${host}.com/2025/${pair.n}/${side}/`,
    published_at: article.published_at,
    content: article.lead ?? "",
    source: article.source,
  };
  writeFileSync(path.join(dir, `${side}.json`), JSON.stringify(input));
  const env: NodeJS.ProcessEnv = { ...process.env, NEWS_COVERAGE_HOME: home, NEWS_COVERAGE_PROVIDER: "offline" };
  delete env.OPENAI_API_KEY;
  const out = execFileSync(process.execPath, [CLI, "process", "--json", "--concurrency", "1", dir], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return JSON.parse(out.trim()) as Stored;
}

function evaluate(pairs: readonly StoryPair[], name: string): void {
  let truePositives = 0;
  const wrong: string[] = [];
  const missed: string[] = [];
  for (const pair of pairs) {
    const home = mkdtempSync(path.join(os.tmpdir(), "nc-eval-stories-"));
    try {
      const first = store(home, pair, "a");
      const second = store(home, pair, "b");
      const joined = second.story_id === (first.story_id ?? first.id);
      const label = `#${pair.n} ${pair.kind} (${first.company} / ${second.company})`;
      if (joined && pair.same) truePositives += 1;
      else if (joined) wrong.push(label);
      else if (pair.same) missed.push(label);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  const precision = truePositives + wrong.length === 0 ? 1 : truePositives / (truePositives + wrong.length);
  const recall = truePositives + missed.length === 0 ? 1 : truePositives / (truePositives + missed.length);
  console.log(
    `${name} half through process: ${pairs.length} pairs  precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  (${truePositives} joined right, ${wrong.length} wrong merges, ${missed.length} missed)`,
  );
  for (const m of wrong) console.log(`  wrong merge: ${m}`);
  for (const m of missed) console.log(`  missed: ${m}`);
}

const all = [...loadStoryPairs(), ...loadStoryPairs("report2")];
for (const name of split === "all" ? ["tune", "report"] : [split])
  evaluate(
    all.filter((p) => p.split === name),
    name,
  );
