import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config/schema.js";
import { learnArticleBuyers, learnWeakOnlyAliases } from "../pipeline/buyer-learning.js";
import { buyerMatcherFor, type BuyerMatcher } from "../pipeline/buyers.js";
import { isErrno } from "./fsutil.js";
import { CORRECTIONS_FILE, resolvePaths } from "./layout.js";
import { CorrectionSchema, type Correction } from "../pipeline/correction.js";

/**
 * Every valid line of data/corrections.jsonl; a missing file is none. A line that is not JSON or
 * no correction is skipped and told to `warn`; a torn last line (a writer mid-append) is skipped
 * silently, it is read whole next time.
 */
export function readCorrections(dataDir: string, warn: (message: string) => void = () => undefined): Correction[] {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, CORRECTIONS_FILE), "utf8");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return [];
    throw err;
  }
  const lines = text.split("\n");
  const out: Correction[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (i < lines.length - 1) warn(`${CORRECTIONS_FILE} line ${i + 1}: not JSON; skipped`);
      return;
    }
    const parsed = CorrectionSchema.safeParse(value);
    if (parsed.success) out.push(parsed.data);
    else warn(`${CORRECTIONS_FILE} line ${i + 1}: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}; skipped`);
  });
  return out;
}

/** The corrections the learner sees: an unreadable file teaches nothing, as a missing one. */
function readCorrectionsOrNone(dataDir: string): Correction[] {
  try {
    return readCorrections(dataDir);
  } catch {
    return [];
  }
}

/**
 * The configured buyer matcher plus what the review desk's buyer corrections taught it
 * (buyerRules.learning): aliases turned weak-only, and each corrected article's own buyers. It looks at data/corrections.jsonl at most every `checkEveryMs` and
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
    const corrections = stamp === "none" ? [] : readCorrectionsOrNone(dataDir);
    const learned = learnWeakOnlyAliases(corrections, config.buyers, config.buyerRules.learning);
    const articles = learnArticleBuyers(corrections);
    current = learned.length === 0 && articles.size === 0 ? plain : buyerMatcherFor(config, learned, articles);
    return current;
  }

  return {
    match: (input) => refresh().match(input),
  };
}
