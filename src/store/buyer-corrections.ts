import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config/schema.js";
import { learnWeakOnlyAliases } from "../pipeline/buyer-learning.js";
import { buyerMatcherFor, type BuyerMatcher } from "../pipeline/buyers.js";
import { CORRECTIONS_FILE, resolvePaths } from "./layout.js";
import { CorrectionSchema, type Correction } from "../pipeline/correction.js";

/** Every valid line of data/corrections.jsonl; a torn or foreign line is skipped, a missing file is none. */
export function readCorrections(dataDir: string): Correction[] {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, CORRECTIONS_FILE), "utf8");
  } catch {
    return [];
  }
  const out: Correction[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const parsed = CorrectionSchema.safeParse(JSON.parse(line));
      if (parsed.success) out.push(parsed.data);
    } catch {
      // a torn last line (a writer mid-append) is read next time
    }
  }
  return out;
}

/**
 * The configured buyer matcher plus what the review desk's buyer corrections taught it
 * (buyerRules.learning). It looks at data/corrections.jsonl at most every `checkEveryMs` and
 * relearns when the file changed, so a running daemon picks corrections up without a restart.
 */
export function createLearningMatcher(config: Config, checkEveryMs = 5_000, now: () => number = Date.now): BuyerMatcher {
  const plain = buyerMatcherFor(config);
  if (!config.buyerRules.learning.enabled) return plain;
  const dataDir = resolvePaths(config).data;
  const file = path.join(dataDir, CORRECTIONS_FILE);
  let current = plain;
  let seen = "";
  let checkedAt = -Infinity;

  function refresh(): BuyerMatcher {
    if (now() - checkedAt < checkEveryMs) return current;
    checkedAt = now();
    let stamp = "none";
    try {
      const stat = statSync(file);
      stamp = `${stat.size}:${stat.mtimeMs}`;
    } catch {
      // no corrections yet
    }
    if (stamp === seen) return current;
    seen = stamp;
    const learned = stamp === "none" ? [] : learnWeakOnlyAliases(readCorrections(dataDir), config.buyers, config.buyerRules.learning);
    current = learned.length === 0 ? plain : buyerMatcherFor(config, learned);
    return current;
  }

  return {
    match: (input) => refresh().match(input),
  };
}
