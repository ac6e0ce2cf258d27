import type { BuyerConfig } from "../config/schema.js";
import { escapeRegExp } from "./alias-rules.js";
import { MATCH_LEAD_CHARS, aliasKey, type CorrectedBuyers, type WeakOnlyAlias } from "./buyers.js";

/** What the learner reads of one line of data/corrections.jsonl (src/store/corrections.ts). */
export interface BuyerCorrection {
  /** The record id (sha256 of the canonical URL). */
  id?: string;
  source: string;
  text: { title: string; lead: string };
  changes: { buyers?: { from: { strong: string[] }; to: { strong: string[]; weak?: string[] } } };
}

interface LearningOptions {
  /** Removals of a buyer's strong match, with the alias in the title or lead, before the alias turns weak-only. */
  minRemovals: number;
  /** Removals as a share of all buyer corrections where that buyer was strong with that alias there. */
  minShare: number;
}

interface Tally {
  removed: number;
  kept: number;
}

function present(alias: string, text: string): boolean {
  const pattern = escapeRegExp(alias.trim()).replace(/\s+/g, "\\s+");
  return new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, "iu").test(text);
}

/**
 * Aliases the analyst keeps taking away: when the review desk removes buyer B from an article's
 * strong buyers, every alias of B in the title or lead (where strong matches come from) gets a
 * removal; when B stays strong through a buyer correction, a keep. An alias with at least
 * `minRemovals` removals making at least `minShare` of its tally turns weak-only: everywhere when
 * that holds over all sources, else for each source where it holds. A buyer's own name ("netflix",
 * "sony") is never demoted: a passing mention the analyst drops is not a wrong name.
 */
export function learnWeakOnlyAliases(corrections: readonly BuyerCorrection[], buyers: readonly BuyerConfig[], options: LearningOptions): WeakOnlyAlias[] {
  const byName = new Map(buyers.map((b) => [b.name, b]));
  const overall = new Map<string, Tally>();
  const perSource = new Map<string, Tally>();
  const bump = (map: Map<string, Tally>, key: string, removed: boolean) => {
    const tally = map.get(key) ?? { removed: 0, kept: 0 };
    if (removed) tally.removed += 1;
    else tally.kept += 1;
    map.set(key, tally);
  };

  for (const correction of corrections) {
    const change = correction.changes.buyers;
    if (!change) continue;
    const strongText = `${correction.text.title}\n${correction.text.lead.slice(0, MATCH_LEAD_CHARS)}`;
    const after = new Set(change.to.strong);
    const source = correction.source.trim().toLowerCase();
    for (const name of new Set(change.from.strong)) {
      const buyer = byName.get(name);
      if (!buyer) continue;
      const removed = !after.has(name);
      for (const alias of new Set(buyer.aliases.map(aliasKey))) {
        if (!present(alias, strongText)) continue;
        bump(overall, `${name}\u0000${alias}`, removed);
        bump(perSource, `${name}\u0000${alias}\u0000${source}`, removed);
      }
    }
  }

  const passes = (t: Tally) => t.removed >= options.minRemovals && t.removed / (t.removed + t.kept) >= options.minShare;
  const ownNames = new Set(buyers.flatMap((b) => [`${b.name}\u0000${aliasKey(b.name)}`, `${b.name}\u0000${aliasKey(b.display)}`]));
  const learned: WeakOnlyAlias[] = [];
  const global = new Set<string>();
  for (const [key, tally] of overall) {
    if (ownNames.has(key) || !passes(tally)) continue;
    const [buyer, alias] = key.split("\u0000") as [string, string];
    global.add(key);
    learned.push({ buyer, alias });
  }
  for (const [key, tally] of perSource) {
    const [buyer, alias, source] = key.split("\u0000") as [string, string, string];
    const pair = `${buyer}\u0000${alias}`;
    if (ownNames.has(pair) || global.has(pair) || !passes(tally)) continue;
    learned.push({ buyer, alias, source });
  }
  return learned.sort((a, b) => `${a.buyer}${a.alias}${a.source ?? ""}`.localeCompare(`${b.buyer}${b.alias}${b.source ?? ""}`));
}

/**
 * Each corrected article's buyers as the analyst last set them, by record id: the same article read
 * again (a re-run, `process --dry-run`, a reprocess) keeps them, whatever its aliases say. Later lines
 * of corrections.jsonl win.
 */
export function learnArticleBuyers(corrections: readonly BuyerCorrection[]): Map<string, CorrectedBuyers> {
  const byId = new Map<string, CorrectedBuyers>();
  for (const correction of corrections) {
    const to = correction.changes.buyers?.to;
    if (!to || correction.id === undefined) continue;
    byId.set(correction.id, { strong: [...to.strong], weak: [...(to.weak ?? [])] });
  }
  return byId;
}
