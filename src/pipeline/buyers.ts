import type { BuyerConfig } from "../config/schema.js";

export const UNKNOWN_COMPANY = "Unknown";
export const LEAD_CHARS = 400;

export interface BuyerMatch {
  /** Buyers named in the title, lead or URL host, in priority order. */
  strong: string[];
  /** Buyers named only further down the body, in priority order. */
  weak: string[];
  /** The strong buyer whose earliest mention scores best, or "Unknown". */
  primary: string;
}

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

export interface BuyerMatcher {
  match(input: { title: string; content: string; url: string }): BuyerMatch;
  /** Maps a name, display name or alias-free spelling ("comcast", "Warner Bros Discovery") to the buyer name. */
  resolveName(name: string): string | null;
  displayName(name: string): string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whole-word, case-insensitive: "max" does not match "Maxwell"; "disney+" and "p+" still match. */
function aliasPattern(aliases: readonly string[]): RegExp {
  const alternatives = [...aliases]
    .sort((a, b) => b.length - a.length)
    .map((alias) => escapeRegExp(alias.trim()).replace(/\s+/g, "\\s+"));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "giu");
}

function firstIndex(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  const found = pattern.exec(text);
  return found ? found.index : -1;
}

export function createBuyerMatcher(buyers: readonly BuyerConfig[]): BuyerMatcher {
  const compiled = buyers.map((buyer) => ({
    name: buyer.name,
    pattern: aliasPattern(buyer.aliases),
    // Each alias's first word in lower case: the regex can only match where one of these occurs,
    // and a substring search is far cheaper than the whole-word, case-folding regex.
    needles: [...new Set(buyer.aliases.map((alias) => alias.trim().toLowerCase().split(/\s+/)[0]!))],
  }));
  const byName = new Map<string, string>();
  for (const buyer of buyers) {
    byName.set(buyer.name.toLowerCase(), buyer.name);
    byName.set(buyer.display.toLowerCase(), buyer.name);
  }
  byName.set(UNKNOWN_COMPANY.toLowerCase(), UNKNOWN_COMPANY);
  const displays = new Map(buyers.map((b) => [b.name, b.display]));

  function earliestMention(pattern: RegExp, title: string, content: string, host: string): Mention | null {
    const inTitle = firstIndex(pattern, title);
    if (inTitle >= 0) return { region: Region.Title, position: inTitle };
    // The whole body is searched once, so an alias (or a longer word) straddling the lead boundary
    // is neither lost nor cut into a false match; a mention that starts in the lead is a lead mention.
    const inContent = firstIndex(pattern, content);
    if (inContent >= 0 && inContent < LEAD_CHARS) return { region: Region.Lead, position: inContent };
    const inHost = firstIndex(pattern, host);
    if (inHost >= 0) return { region: Region.Host, position: inHost };
    if (inContent >= 0) return { region: Region.Body, position: inContent };
    return null;
  }

  return {
    match({ title, content, url }) {
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
      compiled.forEach(({ name, pattern, needles }, order) => {
        if (!needles.some((needle) => haystack.includes(needle))) return;
        const mention = earliestMention(pattern, title, content, host);
        if (!mention) return;
        if (mention.region === Region.Body) weak.push(name);
        else strong.push({ name, mention, order });
      });
      const best = [...strong].sort(
        (a, b) => a.mention.region - b.mention.region || a.mention.position - b.mention.position || a.order - b.order,
      )[0];
      return { strong: strong.map((s) => s.name), weak, primary: best ? best.name : UNKNOWN_COMPANY };
    },
    resolveName(name) {
      return byName.get(name.trim().toLowerCase()) ?? null;
    },
    displayName(name) {
      return displays.get(name) ?? name;
    },
  };
}

/** File-system-safe folder name for a buyer: never a path, never a dot-name. */
export function companyDirName(displayName: string): string {
  const safe = displayName
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N} _-]+/gu, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[_ .]+/, "");
  return safe.slice(0, 80) || "Unknown";
}
