// Everything else: one headline-style sentence, from the lead when it reads as news, else the headline.

import type { FactDraft } from "../../../core/engine.js";
import type { Category } from "../../../core/taxonomy.js";
import { cleanHeadline, compress, MAX_LINE, tidy, truncateWords, type Text } from "./text.js";

function isTitleCase(s: string): boolean {
  const words = s.split(/\s+/).filter((w) => /^[\p{L}]/u.test(w));
  if (words.length < 4) return false;
  const caps = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return caps / words.length > 0.7;
}

/** A lead sentence that reads as news: starts with a name, says what happened, not a quote or question. */
function newsyLead(text: Text): string | null {
  for (const s of text.headSentences.slice(0, 2)) {
    const t = tidy(s);
    if (t.length < 40 || t.length > 230) continue;
    if (/^[“"‘'(]/.test(t) || /\?$/.test(t)) continue;
    if (
      /^(?:In |As |When |While |After |Before |It |This |That |There |Here |If |Why |How |What |You |We |I |On |Over |For |With |Earlier |A year |It’s |It's )/.test(
        t,
      )
    )
      continue;
    if (!/^[\p{Lu}\p{N}]/u.test(t)) continue;
    return t;
  }
  return null;
}

export function headlineFact(text: Text, category: Category): FactDraft {
  const headline = cleanHeadline(text);
  const found = newsyLead(text);
  const lead = found ? compress(found) : null;
  // Prefer a sentence-case lead over a Title Case headline; otherwise the headline reads fine.
  const line =
    lead && (isTitleCase(headline) || headline.length < 25 || headline.length > 150)
      ? truncateWords(lead, MAX_LINE)
      : truncateWords(isTitleCase(headline) ? headline : compress(headline), MAX_LINE);
  return { category, line: line || text.title, notes: [] };
}
