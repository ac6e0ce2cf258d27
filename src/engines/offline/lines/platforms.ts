// The networks, streamers and studios a line may name as a title's platform or a person's company:
// the configured buyers' names and aliases as the press spells them, and the word list of the rest.

import type { BuyerConfig } from "../../../config/schema.js";
import { PhraseList, wordRe } from "./phrases.js";
import type { Text } from "./text.js";
import { NOT_PLATFORM_NAMES, OTHER_PLATFORMS, WORD_SPELLINGS } from "./words.js";

/** A name as the press writes it: a lower-case alias capitalised word by word ("prime video" -> "Prime Video"), anything else as given. */
function pressSpelling(name: string): string {
  if (name !== name.toLowerCase()) return name;
  return name
    .split(/\s+/)
    .map((w) => WORD_SPELLINGS[w] ?? w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}

/** Longest first (most specific spelling first), then in code-unit order: one order whatever the configuration's. */
function mostSpecificFirst(a: string, b: string): number {
  return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Every platform name: the buyers' names, display names and aliases (except those in NOT_PLATFORM_NAMES) and OTHER_PLATFORMS. */
export function platformNames(buyers: ReadonlyArray<Pick<BuyerConfig, "name" | "display" | "aliases">>): string[] {
  const names = new Set(OTHER_PLATFORMS);
  for (const buyer of buyers) {
    for (const name of [buyer.name, buyer.display, ...buyer.aliases]) {
      const trimmed = name.trim().replace(/\s+/g, " ");
      if (!NOT_PLATFORM_NAMES.has(trimmed.toLowerCase())) names.add(pressSpelling(trimmed));
    }
  }
  return [...names].sort(mostSpecificFirst);
}

export class Platforms {
  private readonly list: PhraseList;
  private readonly lowerNames: ReadonlySet<string>;

  constructor(readonly names: readonly string[]) {
    this.list = new PhraseList(names);
    this.lowerNames = new Set(names.map((p) => p.toLowerCase()));
  }

  static fromBuyers(buyers: ReadonlyArray<Pick<BuyerConfig, "name" | "display" | "aliases">>): Platforms {
    return new Platforms(platformNames(buyers));
  }

  has(name: string): boolean {
    return this.names.includes(name);
  }

  /** Whether `text` is a platform's name in any case ("NETFLIX" is no title). */
  isNamedAs(text: string): boolean {
    return this.lowerNames.has(text.toLowerCase());
  }

  /** The earliest platform named in `scope` (longest spelling on ties), or null. */
  earliestIn(scope: string): string | null {
    return this.list.earliestIn(scope);
  }

  /** The longest platform name `text` starts with. */
  longestAt(text: string): string | null {
    return this.names.find((p) => text.startsWith(p) && !/[\p{L}\p{N}]/u.test(text[p.length] ?? "")) ?? null;
  }

  /** The fullest spelling of `platform` named in `text` ("Sony" -> "Sony Pictures Television"), if any. */
  fullestIn(platform: string, text: string): string | undefined {
    return this.names.find((p) => p.startsWith(platform) && wordRe(p).test(text));
  }

  /** The platform named nearest after the title (or anywhere in the head), as the article spells it. */
  find(text: Text, near: string | null): string | null {
    const scopes: string[] = [];
    if (near) {
      for (const s of [...text.headSentences, text.title]) if (s.includes(near)) scopes.push(s);
    }
    scopes.push(text.title, text.headSentences.join(" "), text.body.slice(0, 1500));
    for (const scope of scopes) {
      const best = this.earliestIn(scope);
      if (best) return best;
    }
    return null;
  }
}
