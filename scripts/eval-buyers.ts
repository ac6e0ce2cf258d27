// Precision and recall of strong buyers on the hand-labelled set tests/fixtures/buyers-labelled.jsonl,
// with the configured buyers and alias rules (config/default.json). Usage: npm run eval:buyers [-- --json]
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { BuyerRulesSchema, BuyerSchema } from "../src/config/schema.js";
import { buyerMatcherFor } from "../src/pipeline/buyers.js";
import { scoreStrongBuyers, type LabelledArticle } from "./buyers-score.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const config = z
  .object({ buyers: z.array(BuyerSchema), buyerRules: BuyerRulesSchema })
  .parse(JSON.parse(readFileSync(path.join(root, "config", "default.json"), "utf8")));
const labelled = readFileSync(path.join(root, "tests", "fixtures", "buyers-labelled.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as LabelledArticle);

const withRules = scoreStrongBuyers(labelled, buyerMatcherFor(config));
const withoutRules = scoreStrongBuyers(labelled, buyerMatcherFor({ ...config, buyerRules: { ...config.buyerRules, aliases: {} } }));

if (process.argv.includes("--json")) {
  process.stdout.write(`${JSON.stringify({ withRules, withoutRules }, null, 2)}\n`);
} else {
  const pct = (x: number) => x.toFixed(3);
  const line = (name: string, s: typeof withRules) =>
    `${name.padEnd(22)} precision ${pct(s.precision)}  recall ${pct(s.recall)}  (${s.truePositives} right, ${s.falsePositives.length} false, ${s.falseNegatives.length} missed)`;
  console.log(`${labelled.length} labelled articles, ${withRules.truePositives + withRules.falseNegatives.length} true strong buyers`);
  console.log(line("alias rules on", withRules));
  console.log(line("alias rules off", withoutRules));
  // own: written beside the rules, with the tricky cases in mind; frozen: written after the rules
  // were fixed and never tuned on, the fairest figure for articles the rules have not seen.
  for (const [prefix, what] of [
    ["corpus:", "corpus articles"],
    ["sample:", "corpus samples"],
    ["own:", "own cases"],
    ["frozen:", "frozen cases"],
  ] as const) {
    const subset = labelled.filter((a) => a.id.startsWith(prefix));
    if (subset.length > 0) console.log(line(`  ${what} (${subset.length})`, scoreStrongBuyers(subset, buyerMatcherFor(config))));
  }
  for (const e of withRules.falsePositives) console.log(`  false   ${e.buyer.padEnd(13)} ${e.id}${e.note ? `  (${e.note})` : ""}`);
  for (const e of withRules.falseNegatives) console.log(`  missed  ${e.buyer.padEnd(13)} ${e.id}${e.note ? `  (${e.note})` : ""}`);
}
