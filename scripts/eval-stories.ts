// Precision and recall of story grouping on the hand-written pairs. By default the pairs tuned on:
// tests/fixtures/stories/pairs.json and pairs-report.json (the first report set, looked at once and
// tuned on since). With --report the report pairs (pairs-report-2.json), never tuned on: run it to
// report, not to tune.
// Usage: npx tsx scripts/eval-stories.ts [--report] [--json]
import { loadStoryPairs, scoreStoryPairs, type StoryPair, type StoryScore } from "./stories-score.js";

const sets: Array<{ key: string; label: string; pairs: StoryPair[]; details: boolean }> = process.argv.includes("--report")
  ? [{ key: "report2", label: "report pairs", pairs: loadStoryPairs("report2"), details: true }]
  : [
      { key: "tune", label: "tune pairs", pairs: loadStoryPairs("tune"), details: true },
      { key: "report", label: "old report pairs (tuned on)", pairs: loadStoryPairs("report"), details: true },
      { key: "all", label: "all tuned on", pairs: loadStoryPairs(), details: false },
    ];
const scores = sets.map((set) => ({ ...set, score: scoreStoryPairs(set.pairs) }));

if (process.argv.includes("--json")) {
  process.stdout.write(`${JSON.stringify(Object.fromEntries(scores.map(({ key, score }) => [key, score])), null, 2)}\n`);
} else {
  const line = (name: string, s: StoryScore) =>
    `${name.padEnd(28)} ${String(s.pairs).padStart(3)} pairs  precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  (${s.truePositives} joined right, ${s.falsePositives.length} wrong merges, ${s.falseNegatives.length} missed)`;
  for (const { label, score, details } of scores) {
    console.log(line(label, score));
    if (!details) continue;
    for (const m of score.falsePositives) console.log(`  wrong merge: ${m}`);
    for (const m of score.falseNegatives) console.log(`  missed: ${m}`);
  }
}
