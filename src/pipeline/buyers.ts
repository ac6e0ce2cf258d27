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
  /** Mentions that name the buyer in the title and the body together. */
  count: number;
  /** Where the body names the buyer. */
  inBody: readonly number[];
  /** The URL host is the buyer's own domain. */
  inHost: boolean;
}

/** An alias an analyst keeps removing: its mentions count as weak only (for one source, or everywhere). */
export interface WeakOnlyAlias {
  buyer: string;
  alias: string;
  source?: string;
}

/** What the review desk last set as one article's buyers (learnArticleBuyers): that article keeps them. */
export interface CorrectedBuyers {
  strong: readonly string[];
  weak: readonly string[];
}

interface BuyerMatcherOptions {
  /** `buyerRules.aliases`: when a common-word alias names its buyer. */
  aliasRules?: Readonly<Record<string, AliasRule>>;
  /** `buyerRules.contextChars`: how far either side of a body mention context words are looked for. */
  contextChars?: number;
  /** Learned from the review desk's corrections (learnWeakOnlyAliases). */
  weakOnly?: readonly WeakOnlyAlias[];
  /** Learned from the review desk's corrections: an article's buyers as the analyst last set them, by record id. */
  corrected?: ReadonlyMap<string, CorrectedBuyers>;
}

export interface BuyerMatcher {
  /**
   * `source`: the article's publication, for adjustments learned per source; `id`: the record id
   * (sha256 of the canonical URL), for the buyers an analyst set on that very article.
   */
  match(input: { title: string; content: string; url: string; source?: string; id?: string }): BuyerMatch;
}

/** Whole-word, case-insensitive: "max" does not match "Maxwell"; "disney+" and "p+" still match. */
function aliasPattern(aliases: readonly string[]): RegExp {
  const alternatives = [...aliases].sort((a, b) => b.length - a.length).map((alias) => escapeRegExp(alias.trim()).replace(/\s+/g, "\\s+"));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "giu");
}

/** A buyer's alias regex (global) and the same regex sticky, to try at candidate positions only. */
interface Patterns {
  pattern: RegExp;
  sticky: RegExp;
}

/** Where a match can start in one text, ascending; null: anywhere (the global regex searches it all). */
type Candidates = readonly number[] | null;

interface TextCandidates {
  title: Candidates;
  content: Candidates;
}

const NO_CANDIDATES: TextCandidates = { title: null, content: null };

/**
 * Characters outside ASCII that a case-insensitive Unicode regex matches with an ASCII letter (long s,
 * Kelvin sign): with one of them in a text, an alias's match need not be its needle in lower case.
 * Checked in the lower-cased text, which keeps the long s (the Kelvin sign becomes "k" there, its needle's letter).
 */
const FOLDS_TO_ASCII = /[\u017f\u212a]/;

/** The needle starts of the haystack `${title}\n${content}\n${host}` that fall in the title and in the content, each from 0. */
function splitCandidates(starts: readonly number[], titleLength: number, contentLength: number): TextCandidates {
  const title: number[] = [];
  const content: number[] = [];
  for (const p of starts) {
    if (p < titleLength) title.push(p);
    else if (p > titleLength && p <= titleLength + contentLength) content.push(p - titleLength - 1);
  }
  return { title, content };
}

/**
 * The matches `pattern.exec` would find in turn from 0 with the global regex, found by trying the sticky
 * regex at the candidate starts only: every match starts with one of its aliases' first words, so at a
 * candidate; the leftmost candidate where it matches is the global search's match, and the next search
 * starts at that match's end (a match is never empty).
 */
function stickyMatches(sticky: RegExp, text: string, starts: readonly number[]): { next(): RegExpExecArray | null } {
  let k = 0;
  let from = 0;
  return {
    next() {
      while (k < starts.length) {
        const p = starts[k++]!;
        if (p < from) continue;
        sticky.lastIndex = p;
        const found = sticky.exec(text);
        if (!found) continue;
        from = p + found[0].length;
        return found;
      }
      return null;
    },
  };
}

function firstIndex(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  const found = pattern.exec(text);
  return found ? found.index : -1;
}

/**
 * Where the needles of several lists occur in a text: one Aho-Corasick pass instead of an `includes`
 * per needle. Per list, the start of every occurrence of every one of its needles, ascending (undefined:
 * none occurs). Null when a needle is empty or has a character outside ASCII (the caller then uses
 * `includes` and the regexes alone).
 */
function needleScanner(lists: ReadonlyArray<readonly string[]>): ((text: string) => Array<number[] | undefined>) | null {
  const all = lists.flat();
  if (all.some((n) => n === "" || /[^\x00-\x7f]/.test(n))) return null;
  const A = 128;
  let delta = new Int32Array(A * 64);
  // Per state: [list, needle length] pairs of the needles that end there.
  const outputs: number[][] = [[]];
  let states = 1;
  const addOutput = (out: number[], li: number, len: number) => {
    for (let k = 0; k < out.length; k += 2) if (out[k] === li && out[k + 1] === len) return;
    out.push(li, len);
  };
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
      addOutput(outputs[s]!, li, needle.length);
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
    const inherited = outputs[fail[s]!]!;
    for (let k = 0; k < inherited.length; k += 2) addOutput(outputs[s]!, inherited[k]!, inherited[k + 1]!);
    for (let c = 0; c < A; c++) {
      const t = delta[s * A + c]!;
      if (t !== 0) {
        fail[t] = delta[fail[s]! * A + c]!;
        queue.push(t);
      } else delta[s * A + c] = delta[fail[s]! * A + c]!;
    }
  }
  const hasOut = Uint8Array.from(outputs, (o) => (o.length > 0 ? 1 : 0));
  return (text) => {
    const found: Array<number[] | undefined> = new Array(lists.length);
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      s = c < A ? delta[s * A + c]! : 0;
      if (hasOut[s] !== 1) continue;
      const out = outputs[s]!;
      for (let k = 0; k < out.length; k += 2) (found[out[k]!] ??= []).push(i + 1 - out[k + 1]!);
    }
    // Occurrences come in the order they end; needles of one list may start out of that order.
    for (const starts of found) if (starts && starts.length > 1) starts.sort((a, b) => a - b);
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
    sticky: new RegExp(aliasPattern(buyer.aliases).source, "iuy"),
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
    { pattern, sticky }: Patterns,
    text: string,
    starts: Candidates,
    around: (index: number, length: number) => string,
    source: string,
    inTitle: boolean,
  ): { index: number; weakOnly: boolean; positions: number[] } | null {
    pattern.lastIndex = 0;
    let weakOnlyAt: number | null = null;
    const positions: number[] = [];
    const matches = starts ? stickyMatches(sticky, text, starts) : null;
    for (let found = matches ? matches.next() : pattern.exec(text); found; found = matches ? matches.next() : pattern.exec(text)) {
      const key = aliasKey(found[0]);
      const check = checks.get(key);
      if (check && !check({ text, index: found.index, length: found[0].length, around: around(found.index, found[0].length), inTitle })) continue;
      if (weakOnly.size > 0 && (weakOnly.has(weakKey(name, key)) || weakOnly.has(weakKey(name, key, source)))) {
        weakOnlyAt ??= found.index;
        continue;
      }
      positions.push(found.index);
    }
    if (positions.length > 0) return { index: positions[0]!, weakOnly: false, positions };
    return weakOnlyAt === null ? null : { index: weakOnlyAt, weakOnly: true, positions };
  }

  function earliestMention(name: string, patterns: Patterns, title: string, content: string, host: string, source: string, at: TextCandidates): Mention | null {
    const { pattern } = patterns;
    const lead = content.slice(0, MATCH_LEAD_CHARS);
    const inTitle = firstNaming(name, patterns, title, at.title, (i, n) => `${title.slice(0, i)} ${title.slice(i + n)}\n${lead}`, source, true);
    // The whole body is searched once, so an alias (or a longer word) straddling the lead boundary
    // is neither lost nor cut into a false match; a mention that starts in the lead is a lead mention.
    const inContent = firstNaming(
      name,
      patterns,
      content,
      at.content,
      (i, n) => `${content.slice(Math.max(0, i - contextChars), i)} ${content.slice(i + n, i + n + contextChars)}`,
      source,
      false,
    );
    // A host is a brand's own domain (news.sky.com): no rule applies to it.
    const inHost = firstIndex(pattern, host);
    const hostNames = inHost >= 0 && !(weakOnly.size > 0 && hostIsWeakOnly(name, pattern, host, source));
    const inBody = inContent?.positions ?? [];
    const seen = { count: (inTitle?.positions.length ?? 0) + inBody.length, inBody, inHost: hostNames };
    if (inTitle && !inTitle.weakOnly) return { region: Region.Title, position: inTitle.index, ...seen };
    if (inContent && !inContent.weakOnly && inContent.index < MATCH_LEAD_CHARS) return { region: Region.Lead, position: inContent.index, ...seen };
    if (hostNames) return { region: Region.Host, position: inHost, ...seen };
    if (inContent) return { region: Region.Body, position: inContent.index, ...seen };
    if (inTitle || inHost >= 0) return { region: Region.Body, position: 0, ...seen };
    return null;
  }

  function hostIsWeakOnly(name: string, pattern: RegExp, host: string, source: string): boolean {
    pattern.lastIndex = 0;
    const found = pattern.exec(host);
    if (!found) return false;
    const key = aliasKey(found[0]);
    return weakOnly.has(weakKey(name, key)) || weakOnly.has(weakKey(name, key, source));
  }

  const order = new Map(buyers.map((b, i) => [b.name, i]));
  const sortByOrder = (names: string[]) => [...names].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));

  return {
    match({ title, content, url, source = "", id }) {
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
      // Where the needles occur are where the regexes can match, when lower-casing kept every position.
      const aligned = present !== null && haystack.length === title.length + content.length + host.length + 2 && !FOLDS_TO_ASCII.test(haystack);
      compiled.forEach((buyer, order) => {
        const { name, needles } = buyer;
        if (present ? present[order] === undefined : !needles.some((needle) => haystack.includes(needle))) return;
        const at = aligned ? splitCandidates(present[order]!, title.length, content.length) : NO_CANDIDATES;
        const mention = earliestMention(name, buyer, title, content, host, source.trim().toLowerCase(), at);
        if (!mention) return;
        if (mention.region === Region.Body) weak.push(name);
        else strong.push({ name, mention, order });
      });
      const about = strong.filter((s) => !namedInPassing(s.mention, strong, content));
      if (about.length < strong.length) weak.push(...strong.filter((s) => !about.includes(s)).map((s) => s.name));
      const best = [...about].sort((a, b) => a.mention.region - b.mention.region || a.mention.position - b.mention.position || a.order - b.order)[0];
      const found: BuyerMatch = { strong: about.map((s) => s.name), weak: sortByOrder(weak), primary: best ? best.name : UNKNOWN_COMPANY };
      const set = id === undefined ? undefined : options.corrected?.get(id);
      return set ? asCorrected(found, set) : found;
    },
  };
}

/** A buyer named this many times or fewer, outside a headline that names another, is named in passing. */
const PASSING_MENTIONS = 1;

/** Abbreviations whose full stop ends no sentence ("Warner Bros. Discovery", "U.S. rights"). */
const SENTENCE_END = /(?<!\b(?:Bros|Inc|Corp|Co|Ltd|Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|No|U\.S|U\.K))[.!?]["”’)]*\s+/g;

/** Start and end of the sentence of `text` holding `index`. */
function sentenceAround(text: string, index: number): [number, number] {
  let start = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
    const end = m.index + m[0].length;
    if (end > index) return [start, end];
    start = end;
  }
  return [start, text.length];
}

/**
 * The story is about the buyers its headline names. A buyer the headline does not name, named once
 * in the lead in a sentence that names none of the headline's buyers, is named in passing ("Netflix
 * is in talks for a partnership" under a headline about WBD): weak. Named in a sentence with the
 * headline's buyer ("WBD's TNT loses the NBA to Amazon"), it is part of the story; a brand's own
 * domain stays strong.
 */
function namedInPassing(mention: Mention, strong: ReadonlyArray<{ mention: Mention }>, content: string): boolean {
  if (mention.region !== Region.Lead || mention.count > PASSING_MENTIONS || mention.inHost) return false;
  const headline = strong.filter((s) => s.mention.region === Region.Title);
  if (headline.length === 0) return false;
  const [start, end] = sentenceAround(content, mention.position);
  return !headline.some((s) => s.mention.inBody.some((at) => at >= start && at < end));
}

/** The analyst's lists for this article; the primary stays the matcher's if the analyst kept it strong. */
function asCorrected(found: BuyerMatch, set: CorrectedBuyers): BuyerMatch {
  const strong = [...set.strong];
  const primary = strong.includes(found.primary) ? found.primary : (strong[0] ?? UNKNOWN_COMPANY);
  return { strong, weak: set.weak.filter((w) => !strong.includes(w)), primary };
}

function weakKey(buyer: string, alias: string, source?: string): string {
  return source === undefined ? `${buyer}\u0000${aliasKey(alias)}` : `${buyer}\u0000${aliasKey(alias)}\u0000${source.trim().toLowerCase()}`;
}

/** The matcher the configuration describes: `buyers`, their alias rules, and what was learned. */
export function buyerMatcherFor(
  config: { buyers: readonly BuyerConfig[]; buyerRules: BuyerRules },
  weakOnly: readonly WeakOnlyAlias[] = [],
  corrected?: ReadonlyMap<string, CorrectedBuyers>,
): BuyerMatcher {
  return createBuyerMatcher(config.buyers, { aliasRules: config.buyerRules.aliases, contextChars: config.buyerRules.contextChars, weakOnly, corrected });
}
