import type { AliasRule, BuyerConfig, BuyerRules } from "../config/schema.js";
import type { BuyerMatch } from "../core/buyer-match.js";
import { compileAliasRule, escapeRegExp, type OccurrenceCheck } from "./alias-rules.js";

export const UNKNOWN_COMPANY = "Unknown";
/** A mention starting within this many characters of the body is a lead mention: a strong match (spec §3). */
export const MATCH_LEAD_CHARS = 400;

/** Where a mention was found; lower is stronger. */
const enum Region {
  Title = 0,
  Lead = 1,
  Host = 2,
  Body = 3,
}

interface Mention {
  region: Region;
  position: number;
}

/** An alias an analyst keeps removing: its mentions count as weak only (for one source, or everywhere). */
export interface WeakOnlyAlias {
  buyer: string;
  alias: string;
  source?: string;
}

interface BuyerMatcherOptions {
  /** `buyerRules.aliases`: when a common-word alias names its buyer. */
  aliasRules?: Readonly<Record<string, AliasRule>>;
  /** `buyerRules.contextChars`: how far either side of a body mention context words are looked for. */
  contextChars?: number;
  /** Learned from the review desk's corrections (learnWeakOnlyAliases). */
  weakOnly?: readonly WeakOnlyAlias[];
}

export interface BuyerMatcher {
  /** `source`: the article's publication, for adjustments learned per source. */
  match(input: { title: string; content: string; url: string; source?: string }): BuyerMatch;
}

/** Whole-word, case-insensitive: "max" does not match "Maxwell"; "disney+" and "p+" still match. */
function aliasPattern(aliases: readonly string[]): RegExp {
  const alternatives = [...aliases].sort((a, b) => b.length - a.length).map((alias) => escapeRegExp(alias.trim()).replace(/\s+/g, "\\s+"));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "giu");
}

function firstIndex(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  const found = pattern.exec(text);
  return found ? found.index : -1;
}

/**
 * Which of several needle lists have a needle occurring in a text: one Aho-Corasick pass instead of an
 * `includes` per needle (same answer: every occurrence of every needle is found). Null when a needle has
 * a character outside ASCII (the caller then uses `includes`).
 */
function needleScanner(lists: ReadonlyArray<readonly string[]>): ((text: string) => Uint8Array) | null {
  const all = lists.flat();
  if (all.some((n) => /[^\x00-\x7f]/.test(n))) return null;
  const A = 128;
  let delta = new Int32Array(A * 64);
  const outputs: number[][] = [[]];
  let states = 1;
  for (let li = 0; li < lists.length; li++) {
    for (const needle of lists[li]!) {
      let s = 0;
      for (let i = 0; i < needle.length; i++) {
        const c = needle.charCodeAt(i);
        let next = delta[s * A + c]!;
        if (next === 0) {
          next = states++;
          outputs.push([]);
          if (states * A > delta.length) {
            const grown = new Int32Array(delta.length * 2);
            grown.set(delta);
            delta = grown;
          }
          delta[s * A + c] = next;
        }
        s = next;
      }
      if (!outputs[s]!.includes(li)) outputs[s]!.push(li);
    }
  }
  // Breadth first: failure links, outputs merged along them, and the goto function completed into a DFA.
  const fail = new Int32Array(states);
  const queue: number[] = [];
  for (let c = 0; c < A; c++) {
    const t = delta[c]!;
    if (t !== 0) {
      fail[t] = 0;
      queue.push(t);
    }
  }
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!;
    for (const li of outputs[fail[s]!]!) if (!outputs[s]!.includes(li)) outputs[s]!.push(li);
    for (let c = 0; c < A; c++) {
      const t = delta[s * A + c]!;
      if (t !== 0) {
        fail[t] = delta[fail[s]! * A + c]!;
        queue.push(t);
      } else delta[s * A + c] = delta[fail[s]! * A + c]!;
    }
  }
  const rootOut = outputs[0]!; // empty needles: present in every text
  const hasOut = Uint8Array.from(outputs, (o) => (o.length > 0 ? 1 : 0));
  return (text) => {
    const found = new Uint8Array(lists.length);
    for (const li of rootOut) found[li] = 1;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      s = c < A ? delta[s * A + c]! : 0;
      if (hasOut[s] === 1) for (const li of outputs[s]!) found[li] = 1;
    }
    return found;
  };
}

/** An alias as the matcher keys it: lower case, single spaces. */
export function aliasKey(alias: string): string {
  return alias.trim().replace(/\s+/g, " ").toLowerCase();
}

const DEFAULT_CONTEXT_CHARS = 160;

export function createBuyerMatcher(buyers: readonly BuyerConfig[], options: BuyerMatcherOptions = {}): BuyerMatcher {
  const checks = new Map<string, OccurrenceCheck>();
  for (const [alias, rule] of Object.entries(options.aliasRules ?? {})) checks.set(aliasKey(alias), compileAliasRule(rule));
  const contextChars = options.contextChars ?? DEFAULT_CONTEXT_CHARS;
  const weakOnly = new Set((options.weakOnly ?? []).map((w) => weakKey(w.buyer, w.alias, w.source)));
  const compiled = buyers.map((buyer) => ({
    name: buyer.name,
    pattern: aliasPattern(buyer.aliases),
    // Each alias's first word in lower case: the regex can only match where one of these occurs,
    // and a substring search is far cheaper than the whole-word, case-folding regex.
    needles: [...new Set(buyer.aliases.map((alias) => alias.trim().toLowerCase().split(/\s+/)[0]!))],
  }));
  const scanNeedles = needleScanner(compiled.map((c) => c.needles));

  /**
   * The first occurrence in `text` from `from` on that names the buyer: an alias with a rule must
   * pass it, and one learned as weak-only never counts here (the caller counts it as a body mention).
   */
  function firstNaming(
    name: string,
    pattern: RegExp,
    text: string,
    around: (index: number, length: number) => string,
    source: string,
    inTitle: boolean,
  ): { index: number; weakOnly: boolean } | null {
    pattern.lastIndex = 0;
    let weakOnlyAt: number | null = null;
    for (let found = pattern.exec(text); found; found = pattern.exec(text)) {
      const key = aliasKey(found[0]);
      const check = checks.get(key);
      if (check && !check({ text, index: found.index, length: found[0].length, around: around(found.index, found[0].length), inTitle })) continue;
      if (weakOnly.size > 0 && (weakOnly.has(weakKey(name, key)) || weakOnly.has(weakKey(name, key, source)))) {
        weakOnlyAt ??= found.index;
        continue;
      }
      return { index: found.index, weakOnly: false };
    }
    return weakOnlyAt === null ? null : { index: weakOnlyAt, weakOnly: true };
  }

  function earliestMention(name: string, pattern: RegExp, title: string, content: string, host: string, source: string): Mention | null {
    const lead = content.slice(0, MATCH_LEAD_CHARS);
    const inTitle = firstNaming(name, pattern, title, (i, n) => `${title.slice(0, i)} ${title.slice(i + n)}\n${lead}`, source, true);
    if (inTitle && !inTitle.weakOnly) return { region: Region.Title, position: inTitle.index };
    // The whole body is searched once, so an alias (or a longer word) straddling the lead boundary
    // is neither lost nor cut into a false match; a mention that starts in the lead is a lead mention.
    const inContent = firstNaming(
      name,
      pattern,
      content,
      (i, n) => `${content.slice(Math.max(0, i - contextChars), i)} ${content.slice(i + n, i + n + contextChars)}`,
      source,
      false,
    );
    if (inContent && !inContent.weakOnly && inContent.index < MATCH_LEAD_CHARS) return { region: Region.Lead, position: inContent.index };
    // A host is a brand's own domain (news.sky.com): no rule applies to it.
    const inHost = firstIndex(pattern, host);
    if (inHost >= 0 && !(weakOnly.size > 0 && hostIsWeakOnly(name, pattern, host, source))) return { region: Region.Host, position: inHost };
    if (inContent) return { region: Region.Body, position: inContent.index };
    if (inTitle || inHost >= 0) return { region: Region.Body, position: 0 };
    return null;
  }

  function hostIsWeakOnly(name: string, pattern: RegExp, host: string, source: string): boolean {
    pattern.lastIndex = 0;
    const found = pattern.exec(host);
    if (!found) return false;
    const key = aliasKey(found[0]);
    return weakOnly.has(weakKey(name, key)) || weakOnly.has(weakKey(name, key, source));
  }

  return {
    match({ title, content, url, source = "" }) {
      let host = "";
      try {
        host = new URL(url).hostname.replace(/\./g, " ");
      } catch {
        host = "";
      }
      const strong: Array<{ name: string; mention: Mention; order: number }> = [];
      const weak: string[] = [];
      const haystack = `${title}\n${content}\n${host}`.toLowerCase();
      // Every alias of every buyer is checked: a weak hit never hides a later strong one.
      const present = scanNeedles ? scanNeedles(haystack) : null;
      compiled.forEach(({ name, pattern, needles }, order) => {
        if (present ? present[order] !== 1 : !needles.some((needle) => haystack.includes(needle))) return;
        const mention = earliestMention(name, pattern, title, content, host, source.trim().toLowerCase());
        if (!mention) return;
        if (mention.region === Region.Body) weak.push(name);
        else strong.push({ name, mention, order });
      });
      const best = [...strong].sort((a, b) => a.mention.region - b.mention.region || a.mention.position - b.mention.position || a.order - b.order)[0];
      return { strong: strong.map((s) => s.name), weak, primary: best ? best.name : UNKNOWN_COMPANY };
    },
  };
}

function weakKey(buyer: string, alias: string, source?: string): string {
  return source === undefined ? `${buyer}\u0000${aliasKey(alias)}` : `${buyer}\u0000${aliasKey(alias)}\u0000${source.trim().toLowerCase()}`;
}

/** The matcher the configuration describes: `buyers`, their alias rules, and what was learned. */
export function buyerMatcherFor(config: { buyers: readonly BuyerConfig[]; buyerRules: BuyerRules }, weakOnly: readonly WeakOnlyAlias[] = []): BuyerMatcher {
  return createBuyerMatcher(config.buyers, { aliasRules: config.buyerRules.aliases, contextChars: config.buyerRules.contextChars, weakOnly });
}
