import type { Buyer, BuyerDirectory } from "../core/buyers.js";
import { UNKNOWN_COMPANY } from "./buyers.js";

/**
 * The one folder-safe form of a name (store folders, report folders and files): letters, digits,
 * space, `_` and `-` only, never a path, never a dot-name, no separator at either end, at most 80
 * characters. Company names come from configuration and articles: never used as paths as they are.
 */
export function folderSafeName(name: string): string {
  const safe = name
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N} _-]+/gu, "_")
    .replace(/\s+/g, " ")
    .replace(/^[_ .-]+/, "")
    .slice(0, 80)
    .replace(/[_ .-]+$/, "");
  return safe || UNKNOWN_COMPANY;
}

const key = (name: string) => name.trim().toLowerCase();

export function createBuyerDirectory(buyers: readonly Buyer[]): BuyerDirectory {
  const byKey = new Map<string, Buyer>();
  // Later spellings never take an earlier buyer's: the first (highest priority) wins a clash.
  for (const spelling of ["name", "display", "folder"] as const) {
    for (const buyer of buyers) {
      const written = spelling === "folder" ? folderSafeName(buyer.display) : buyer[spelling];
      if (!byKey.has(key(written))) byKey.set(key(written), buyer);
    }
  }
  const rank = new Map(buyers.map((buyer, i) => [buyer, i]));
  const resolve = (name: string) => byKey.get(key(name)) ?? null;
  const displayName = (name: string) => resolve(name)?.display ?? name;
  return {
    all: buyers,
    resolve,
    resolveCompany: (name) => (key(name) === key(UNKNOWN_COMPANY) ? UNKNOWN_COMPANY : (resolve(name)?.name ?? null)),
    displayName,
    folderName: (name) => folderSafeName(displayName(name)),
    priority: (name) => {
      const buyer = resolve(name);
      return buyer ? rank.get(buyer)! : buyers.length;
    },
  };
}
