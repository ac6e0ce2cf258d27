import type { BuyerDirectory } from "../core/buyers.js";
import type { StoredRecord } from "../core/record.js";
import { shortDate } from "../core/quarter.js";
import { mdInline, mdLinkTarget } from "../pipeline/markdown.js";

/**
 * The review reasons the pipeline stores (short, technical) in words for an analyst: what is
 * uncertain and what to do about it in the review desk. `kind` is the short name the desk's
 * "flag reason" filter lists. One table, used by the desk and needs_review.md.
 */
const REASONS: ReadonlyArray<{ kind: string; test: RegExp; say: (m: RegExpExecArray) => string }> = [
  {
    kind: "exec change without a name",
    test: /^exec change: no person name found/,
    say: () => "An executive change, but no person's name was found, so the headline is used as the line: edit the line to say who moved where.",
  },
  {
    kind: "no title found",
    test: /^title list: no title found/,
    say: () => "No show or film title was found, so the headline is used as the line: edit the line to name the title.",
  },
  {
    kind: "no coverage line",
    test: /^no coverage line could be written/,
    say: () => "No coverage line could be written, so the headline is used: edit the line.",
  },
  {
    kind: "category outside the list",
    test: /^fact category "(.+)" is not in the taxonomy; placed under (.+)$/,
    say: (m) => `The suggested category "${m[1]}" is not one of the report's; it was filed under ${m[2]}: pick the right category.`,
  },
  {
    kind: "only a passing mention of a buyer",
    test: /^weak-only buyer match: (.+)$/,
    say: (m) => `${m[1]} is only mentioned in passing: mark the buyer this story is about (or none), or exclude the story.`,
  },
  { kind: "no buyer", test: /^no buyer matched$/, say: () => "No buyer was recognised: pick the buyer this story is about, or exclude or delete it." },
  {
    kind: "close call between two categories",
    test: /^close call: (.+) ([\d.]+) against (.+) ([\d.]+)$/,
    say: (m) => `The model hesitated between ${m[1]} (${m[2]}) and ${m[3]} (${m[4]}): pick the right one.`,
  },
  {
    kind: "headline reads as another section",
    test: /^the headline reads as (.+) \((.+)\); classified as (.+)$/,
    say: (m) => `The headline reads as ${m[1]} (${m[2]}), but the story was filed under ${m[3]}: check the category.`,
  },
  {
    kind: "unsure of the category",
    test: /^low confidence ([\d.]+) for (.+)$/,
    say: (m) => `The category ${m[2]} is uncertain (confidence ${m[1]}): check it, or pick one of the model's alternatives.`,
  },
  {
    kind: "date in the future",
    test: /^published_at (\S+) is more than a day after processing time/,
    say: (m) => `The publication date ${m[1]} is in the future: correct the date.`,
  },
  {
    kind: "quarter from the link",
    test: /^quarter inferred from the date in the URL$/,
    say: () => "The article gave no publication date; the quarter comes from the date in its link: check the date.",
  },
  {
    kind: "quarter from the arrival time",
    test: /^quarter inferred from the file's arrival time$/,
    say: () => "The article gave no publication date; the quarter is when it arrived: set the date, or delete it if it is not real coverage.",
  },
  {
    kind: "written by the offline engine",
    test: /^(\w+) by the offline engine: (.+)$/,
    say: (m) => `The online model failed (${m[2]}), so the offline engine did the ${m[1]}: check the category and the lines.`,
  },
];

/** A stored review reason as the analyst reads it, and its kind (for the desk's filter). */
export function analystReason(reason: string): { kind: string; text: string } {
  for (const rule of REASONS) {
    const m = rule.test.exec(reason);
    if (m) return { kind: rule.kind, text: rule.say(m) };
  }
  return { kind: "other", text: reason };
}

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
      "Open each in the review desk (Review queue, or the link after `desk:`) to correct the category, buyers, date or lines, accept it as it is, exclude it from reports or delete it; the report follows the corrected version.",
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
      out.push(`  - why: ${record.review.map((r) => mdInline(analystReason(r).text)).join(" ")}`);
      out.push(`  - category: ${record.category} (confidence ${record.confidence.toFixed(2)})`);
      out.push(`  - buyers: strong [${strong.join(", ")}], weak [${weak.join(", ")}]; quarter from ${record.quarter_source}`);
      out.push(`  - file: ${record.input_file}; desk: /queue?id=${record.id}`);
    }
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
