// Scores story grouping on the hand-written pairs: the first of a pair is stored, then the second; a
// "same" pair is right when the second joins the first's story. The tune pairs are
// tests/fixtures/stories/pairs.json and pairs-report.json (the first report set: looked at once, then
// tuned on), the report pairs (never tuned on) pairs-report-2.json.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { decideStory, scorePair, storyFeatures, type StoryInput } from "../src/pipeline/story.js";

/** One article of a pair: what the grouping reads, and the outlet and company it would be stored with. */
type PairSide = Omit<StoryInput, "id"> & { source: string; company: string };

export interface StoryPair {
  n: number;
  split: "tune" | "report" | "report2";
  same: boolean;
  kind: string;
  a: PairSide;
  b: PairSide;
}

export interface StoryScore {
  pairs: number;
  precision: number;
  recall: number;
  truePositives: number;
  falsePositives: string[];
  falseNegatives: string[];
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const PAIR_FILES = { tune: "pairs.json", report: "pairs-report.json", report2: "pairs-report-2.json" } as const;

/** The pairs of `split` (when absent, the two tuned on: tune first, then report); each file's pairs are of its split. */
export function loadStoryPairs(split?: StoryPair["split"]): StoryPair[] {
  return (split ? [split] : (["tune", "report"] as const)).flatMap((name) => {
    const file = path.join(root, "tests", "fixtures", "stories", PAIR_FILES[name]);
    return (JSON.parse(readFileSync(file, "utf8")) as { pairs: StoryPair[] }).pairs.map((pair) => ({ ...pair, split: name }));
  });
}

export function scoreStoryPairs(pairs: readonly StoryPair[]): StoryScore {
  let truePositives = 0;
  const falsePositives: string[] = [];
  const falseNegatives: string[] = [];
  for (const pair of pairs) {
    const first = storyFeatures({ ...pair.a, id: `a${pair.n}` });
    const second = storyFeatures({ ...pair.b, id: `b${pair.n}` });
    const joined = decideStory(second, [first]).story_id === first.story_id;
    const why = scorePair(second, first);
    const label = `#${pair.n} ${pair.kind} (similarity ${why.similarity}${why.blocked ? `, ${why.blocked}` : ""})`;
    if (joined && pair.same) truePositives += 1;
    else if (joined) falsePositives.push(label);
    else if (pair.same) falseNegatives.push(label);
  }
  const predicted = truePositives + falsePositives.length;
  const actual = truePositives + falseNegatives.length;
  return {
    pairs: pairs.length,
    precision: predicted === 0 ? 1 : truePositives / predicted,
    recall: actual === 0 ? 1 : truePositives / actual,
    truePositives,
    falsePositives,
    falseNegatives,
  };
}
