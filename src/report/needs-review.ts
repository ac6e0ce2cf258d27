import type { BuyerDirectory } from "../core/buyers.js";
import type { StoredRecord } from "../core/record.js";
import { shortDate } from "../core/quarter.js";
import { mdInline, mdLinkTarget } from "../pipeline/markdown.js";

/**
 * needs_review.md: every record of the quarter a human should look at (weak-only matches, low
 * confidence, inferred quarters, ...), grouped by primary company, newest first, each with its
 * reasons, its category and confidence, and the buyers it was matched to.
 */
export function renderNeedsReview(input: { quarter: string; records: readonly StoredRecord[]; buyers: BuyerDirectory }): string {
  const flagged = input.records.filter((r) => r.quarter === input.quarter && r.review.length > 0);
  const out: string[] = [`# ${input.quarter}: needs review`, ""];
  if (flagged.length === 0) {
    out.push("Nothing to review: no stored article of this quarter was flagged.");
    return `${out.join("\n")}\n`;
  }
  out.push(
    `${flagged.length} of ${input.records.filter((r) => r.quarter === input.quarter).length} articles were flagged. ` +
      'Fix the category, company or quarter in the article file and re-run it with `--force` (or `"reprocess": true`); the new version replaces this one in the reports.',
    "",
  );
  const groups = new Map<string, StoredRecord[]>();
  for (const record of flagged) {
    const key = input.buyers.displayName(record.company);
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  for (const [company, records] of [...groups].sort((a, b) => input.buyers.priority(a[0]) - input.buyers.priority(b[0]) || a[0].localeCompare(b[0]))) {
    out.push(`## ${company}`, "");
    records.sort((a, b) => (a.published_at < b.published_at ? 1 : a.published_at > b.published_at ? -1 : a.title.localeCompare(b.title)));
    for (const record of records) {
      const strong = record.buyers.strong.map(input.buyers.displayName);
      const weak = record.buyers.weak.map(input.buyers.displayName);
      out.push(`- [${mdInline(record.title.replace(/[[\]]/g, ""))}](${mdLinkTarget(record.url)}) (${shortDate(record.published_at)})`);
      out.push(`  - why: ${record.review.map(mdInline).join("; ")}`);
      out.push(`  - category: ${record.category} (confidence ${record.confidence.toFixed(2)})`);
      out.push(`  - buyers: strong [${strong.join(", ")}], weak [${weak.join(", ")}]; quarter from ${record.quarter_source}`);
      out.push(`  - file: ${record.input_file}; record ${record.id.slice(0, 12)}`);
    }
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
