// The fixed report outline (spec taxonomy.json). Generated once from ../shared/spec/taxonomy.json.
export const CATEGORIES = [
  "Org -> Exec Changes",
  "Org -> Org",
  "Content, Deals & Distribution -> Film -> General News & Strategy",
  "Content, Deals & Distribution -> Film -> Development",
  "Content, Deals & Distribution -> Film -> Greenlights",
  "Content, Deals & Distribution -> Film -> Pickups",
  "Content, Deals & Distribution -> Film -> Dating",
  "Content, Deals & Distribution -> Film -> Renewals",
  "Content, Deals & Distribution -> Film -> Cancellations",
  "Content, Deals & Distribution -> TV -> General News & Strategy",
  "Content, Deals & Distribution -> TV -> Development",
  "Content, Deals & Distribution -> TV -> Greenlights",
  "Content, Deals & Distribution -> TV -> Pickups",
  "Content, Deals & Distribution -> TV -> Dating",
  "Content, Deals & Distribution -> TV -> Renewals",
  "Content, Deals & Distribution -> TV -> Cancellations",
  "Content, Deals & Distribution -> Specials -> General News & Strategy",
  "Content, Deals & Distribution -> Specials -> Development",
  "Content, Deals & Distribution -> Specials -> Greenlights",
  "Content, Deals & Distribution -> Specials -> Pickups",
  "Content, Deals & Distribution -> Specials -> Dating",
  "Content, Deals & Distribution -> Specials -> Renewals",
  "Content, Deals & Distribution -> Specials -> Cancellations",
  "Content, Deals & Distribution -> Sports -> General News & Strategy",
  "Content, Deals & Distribution -> Sports -> Development",
  "Content, Deals & Distribution -> Sports -> Greenlights",
  "Content, Deals & Distribution -> Sports -> Pickups",
  "Content, Deals & Distribution -> Sports -> Dating",
  "Content, Deals & Distribution -> Sports -> Renewals",
  "Content, Deals & Distribution -> Sports -> Cancellations",
  "Content, Deals & Distribution -> News -> General News & Strategy",
  "Content, Deals & Distribution -> News -> Development",
  "Content, Deals & Distribution -> News -> Greenlights",
  "Content, Deals & Distribution -> News -> Pickups",
  "Content, Deals & Distribution -> News -> Dating",
  "Content, Deals & Distribution -> News -> Renewals",
  "Content, Deals & Distribution -> News -> Cancellations",
  "Content, Deals & Distribution -> Podcasts -> General News & Strategy",
  "Content, Deals & Distribution -> Podcasts -> Development",
  "Content, Deals & Distribution -> Podcasts -> Greenlights",
  "Content, Deals & Distribution -> Podcasts -> Pickups",
  "Content, Deals & Distribution -> Podcasts -> Dating",
  "Content, Deals & Distribution -> Podcasts -> Renewals",
  "Content, Deals & Distribution -> Podcasts -> Cancellations",
  "Content, Deals & Distribution -> International -> General News & Strategy",
  "Content, Deals & Distribution -> International -> Development -> Film",
  "Content, Deals & Distribution -> International -> Development -> TV",
  "Content, Deals & Distribution -> International -> Greenlights -> Film",
  "Content, Deals & Distribution -> International -> Greenlights -> TV",
  "Content, Deals & Distribution -> International -> Pickups -> Film",
  "Content, Deals & Distribution -> International -> Pickups -> TV",
  "Content, Deals & Distribution -> International -> Dating -> Film",
  "Content, Deals & Distribution -> International -> Dating -> TV",
  "Content, Deals & Distribution -> International -> Renewals -> Film",
  "Content, Deals & Distribution -> International -> Renewals -> TV",
  "Content, Deals & Distribution -> International -> Cancellations -> Film",
  "Content, Deals & Distribution -> International -> Cancellations -> TV",
  "Content, Deals & Distribution -> Deals",
  "Strategy & Miscellaneous News -> Strategy",
  "Strategy & Miscellaneous News -> Misc.",
  "Investor Relations -> Quarterly Earnings -> Company Materials",
  "Investor Relations -> Quarterly Earnings -> News Coverage",
  "Investor Relations -> IR Conferences",
  "Investor Relations -> Analyst Perspective",
  "Investor Relations -> Misc.",
  "M&A -> General News & Strategy",
] as const;

/** Labels spoken by older tools and the fine-tuned classifier, mapped to canonical paths. */
export const LEGACY_LABELS: Readonly<Record<string, Category>> = {
  "Content, Deals & Distribution -> Deals -> General News & Strategy": "Content, Deals & Distribution -> Deals",
  "Strategy & Miscellaneous News -> General News & Strategy -> Strategy": "Strategy & Miscellaneous News -> Strategy",
  "Strategy & Miscellaneous News -> General News & Strategy -> Misc. News": "Strategy & Miscellaneous News -> Misc.",
  "Strategy & Miscellaneous News -> General News & Strategy": "Strategy & Miscellaneous News -> Misc.",
  "Investor Relations -> General News & Strategy -> Quarterly Earnings": "Investor Relations -> Quarterly Earnings -> News Coverage",
  "Investor Relations -> General News & Strategy -> IR Conferences": "Investor Relations -> IR Conferences",
  "Investor Relations -> General News & Strategy -> Analyst Perspective": "Investor Relations -> Analyst Perspective",
};
export type Category = (typeof CATEGORIES)[number];

const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);

/** Top-level report sections in report order (the "0. Highlights" section is editorial, never a category). */
type Section = "Org" | "Content, Deals & Distribution" | "Strategy & Miscellaneous News" | "Investor Relations" | "M&A";

export function isCategory(value: string): value is Category {
  return CATEGORY_SET.has(value);
}

/** Normalises spacing and the "Content, Deals, Distribution" spelling an earlier tool used. */
function normaliseSpelling(label: string): string {
  return label
    .split(/\s*->\s*/)
    .map((part) => part.trim().replace(/\s+/g, " "))
    .join(" -> ")
    .replace(/^Content, Deals,? (?:and |& )?Distribution\b/i, "Content, Deals & Distribution");
}

/** Maps any accepted spelling (canonical, legacy, odd spacing) to a canonical category, or null. */
export function toCategory(label: string): Category | null {
  const normal = normaliseSpelling(label);
  if (isCategory(normal)) return normal;
  const legacy = LEGACY_LABELS[normal];
  if (legacy) return legacy;
  const ci = CATEGORIES.find((c) => c.toLowerCase() === normal.toLowerCase());
  return ci ?? null;
}

export function sectionOf(category: Category): Section {
  return category.split(" -> ")[0] as Section;
}

/** The heading under the section ("Exec Changes", "Film", "Deals", "Quarterly Earnings", ...). */
export function subheadingOf(category: Category): string {
  return category.split(" -> ")[1] ?? "";
}
