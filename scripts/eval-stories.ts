// Precision and recall of story grouping on the hand-written pairs. By default the tune pairs
// (tests/fixtures/stories/pairs.json, what the thresholds and word lists are tuned on); with --report
// the report pairs (pairs-report.json), never tuned on: run it to report, not to tune.
// Usage: npx tsx scripts/eval-stories.ts [--report] [--json]
import { loadStoryPairs, scoreStoryPairs, type StoryScore } from "./stories-score.js";

const split = process.argv.includes("--report") ? "report" : "tune";
const score = scoreStoryPairs(loadStoryPairs(split));

if (process.argv.includes("--json")) {
  process.stdout.write(`${JSON.stringify({ [split]: score }, null, 2)}\n`);
} else {
  const line = (name: string, s: StoryScore) =>
    `${name.padEnd(12)} ${String(s.pairs).padStart(3)} pairs  precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  (${s.truePositives} joined right, ${s.falsePositives.length} wrong merges, ${s.falseNegatives.length} missed)`;
  console.log(line(`${split} pairs`, score));
  for (const m of score.falsePositives) console.log(`  wrong merge: ${m}`);
  for (const m of score.falseNegatives) console.log(`  missed: ${m}`);
}
