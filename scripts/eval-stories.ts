// Precision and recall of story grouping on the report half of tests/fixtures/stories/pairs.json
// (the thresholds were tuned on the tune half only). Usage: npx tsx scripts/eval-stories.ts [--tune] [--json]
import { loadStoryPairs, scoreStoryPairs, type StoryScore } from "./stories-score.js";

const pairs = loadStoryPairs();
const report = scoreStoryPairs(pairs.filter((p) => p.split === "report"));
const tune = scoreStoryPairs(pairs.filter((p) => p.split === "tune"));

if (process.argv.includes("--json")) {
  process.stdout.write(`${JSON.stringify({ report, tune }, null, 2)}\n`);
} else {
  const line = (name: string, s: StoryScore) =>
    `${name.padEnd(14)} ${String(s.pairs).padStart(3)} pairs  precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  (${s.truePositives} joined right, ${s.falsePositives.length} wrong merges, ${s.falseNegatives.length} missed)`;
  console.log(line("report half", report));
  const shown = process.argv.includes("--tune") ? [["tune", tune] as const] : [];
  for (const [name, s] of [["report", report] as const, ...shown]) {
    for (const m of s.falsePositives) console.log(`  ${name} wrong merge: ${m}`);
    for (const m of s.falseNegatives) console.log(`  ${name} missed: ${m}`);
  }
  if (process.argv.includes("--tune")) console.log(line("tune half", tune));
}
