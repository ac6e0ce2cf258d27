import { CATEGORIES, LEGACY_LABELS } from "./taxonomy-data.js";

export { CATEGORIES, LEGACY_LABELS };
export type Category = (typeof CATEGORIES)[number];

const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);

/** Top-level report sections in report order (the "0. Highlights" section is editorial, never a category). */
export const SECTIONS = ["Org", "Content, Deals & Distribution", "Strategy & Miscellaneous News", "Investor Relations", "M&A"] as const;
export type Section = (typeof SECTIONS)[number];

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
