import type { BuyerDirectory } from "../core/buyers.js";
import { datedLine, isExecChange, mdInline, mdLinkTarget, mdUrlText } from "../pipeline/markdown.js";
import { storyIdOf, type StoredRecord } from "../core/record.js";
import { CATEGORIES, type Category } from "../core/taxonomy.js";
import type { TraceLine } from "../store/trace.js";
import { alsoMarkdown } from "../report/render-md.js";
import { storyLeads } from "../report/outline.js";
import { oneLine } from "../core/text.js";

interface DigestInput {
  /** The day, YYYY-MM-DD in `timeZone`. */
  date: string;
  timeZone: string;
  /** When the digest is written (ISO), shown in its header. */
  generatedAt: string;
  /** The day's trace lines (already filtered to the day). */
  traces: readonly TraceLine[];
  /** Current versions of the records stored that day. */
  records: readonly StoredRecord[];
  buyers: BuyerDirectory;
  /** Feed subscriptions failing or paused when the digest is written (docs/feeds.md). */
  feeds?: readonly DigestFeedTrouble[];
}

export interface DigestFeedTrouble {
  url: string;
  title: string | null;
  paused: boolean;
  failures: number;
  error: string;
}

interface DigestTotals {
  processed: number;
  duplicates: number;
  failed: number;
  retried: number;
  inputs: number;
}

const CATEGORY_ORDER = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));

function inputKey(t: TraceLine): string {
  return `${t.file}#${t.index ?? 0}`;
}

function digestTotals(traces: readonly TraceLine[], records: readonly StoredRecord[]): DigestTotals {
  const storedIds = new Set(records.map((r) => r.id));
  let storedWithoutId = 0;
  let duplicates = 0;
  let failed = 0;
  const inputs = new Set<string>();
  const retried = new Set<string>();
  for (const t of traces) {
    if (t.outcome === "retry") {
      retried.add(inputKey(t));
      continue;
    }
    if (t.outcome === "dry-run") continue;
    inputs.add(inputKey(t));
    if (t.attempts > 1) retried.add(inputKey(t));
    if (t.outcome === "stored") {
      if (t.record_id) storedIds.add(t.record_id);
      else storedWithoutId += 1;
    } else if (t.outcome === "duplicate") duplicates += 1;
    else if (t.outcome === "failed") failed += 1;
  }
  const processed = storedIds.size + storedWithoutId;
  return { processed, duplicates, failed, retried: retried.size, inputs: Math.max(inputs.size, processed + duplicates + failed) };
}

/** Buyers a record is reported under: its company and every strong match, in priority order. */
function buyersOf(record: StoredRecord, buyers: BuyerDirectory): string[] {
  const names = new Set([record.company, ...record.buyers.strong].map(buyers.displayName));
  if (names.size > 1) names.delete("Unknown");
  return [...names];
}

/** Text from an article, a file or an error, inert in the digest's Markdown. */
const one = mdInline;

/** An input's name as code (shown as written), or as inert text when a backtick in it would end the code span. */
function fileLabel(t: TraceLine): string {
  const name = oneLine(t.file);
  return `${name.includes("`") ? one(name) : `\`${name}\``}${t.index !== undefined ? ` #${t.index}` : ""}`;
}

/** The digest Markdown: totals, coverage by buyer and category, review, failures, duplicates, cost. */
export function buildDigest(input: DigestInput): string {
  const { buyers } = input;
  const totals = digestTotals(input.traces, input.records);
  const out: string[] = [
    `# news-coverage digest: ${input.date}`,
    "",
    `Day ${input.date} (${input.timeZone}); written ${input.generatedAt}.`,
    "",
    "## Totals",
    "",
    "| | count |",
    "|---|---:|",
    `| Processed (stored) | ${totals.processed} |`,
    `| Stories (one per news event) | ${new Set(input.records.map(storyIdOf)).size} |`,
    `| Duplicates | ${totals.duplicates} |`,
    `| Failed | ${totals.failed} |`,
    `| Retried | ${totals.retried} |`,
    `| Inputs handled | ${totals.inputs} |`,
    "",
    "## Coverage",
    "",
  ];

  // buyer -> category -> lines
  const byBuyer = new Map<string, Map<Category, string[]>>();
  const sorted = [...input.records].sort((a, b) =>
    a.published_at < b.published_at ? 1 : a.published_at > b.published_at ? -1 : a.title.localeCompare(b.title),
  );
  // One entry per story (docs/stories.md): the first report of the day, with the other outlets.
  for (const { record, also } of storyLeads(sorted)) {
    for (const buyer of buyersOf(record, buyers)) {
      const categories = byBuyer.get(buyer) ?? new Map<Category, string[]>();
      byBuyer.set(buyer, categories);
      for (const fact of record.facts) {
        const lines = categories.get(fact.category) ?? [];
        categories.set(fact.category, lines);
        lines.push(`- ${datedLine(fact, record.published_at, record.url)}${alsoMarkdown(also)}`);
        if (!isExecChange(fact.category)) lines.push(...fact.notes.map((n) => `  - ${one(n)}`));
      }
    }
  }
  if (byBuyer.size === 0) out.push("Nothing was stored this day.", "");
  for (const [buyer, categories] of [...byBuyer].sort((a, b) => buyers.priority(a[0]) - buyers.priority(b[0]) || a[0].localeCompare(b[0]))) {
    out.push(`### ${buyer}`, "");
    const ordered = [...categories].sort((a, b) => (CATEGORY_ORDER.get(a[0]) ?? 999) - (CATEGORY_ORDER.get(b[0]) ?? 999));
    for (const [category, lines] of ordered) out.push(`**${category}**`, "", ...lines, "");
  }

  const review = sorted.filter((r) => r.review.length > 0);
  out.push(`## Needs review (${review.length})`, "");
  if (review.length === 0) out.push("Nothing flagged.", "");
  else {
    for (const r of review) {
      out.push(
        `- [${one(r.title.replace(/[[\]]/g, ""))}](${mdLinkTarget(r.url)}) (${buyers.displayName(r.company)}, ${r.quarter}): ${r.review.map(one).join("; ")}`,
      );
    }
    out.push("");
  }

  const byTime = [...input.traces].sort((a, b) => a.time.localeCompare(b.time));
  const failed = byTime.filter((t) => t.outcome === "failed");
  out.push(`## Failed (${failed.length})`, "");
  if (failed.length === 0) out.push("No failures.", "");
  else {
    for (const t of failed) {
      const attempts = t.attempts > 1 ? ` (after ${t.attempts} attempts)` : "";
      out.push(`- ${fileLabel(t)}: ${one(t.reason ?? "no reason recorded")}${attempts}`);
    }
    out.push("");
  }

  // One line per input that needed more than one attempt: its latest state.
  const retried = new Map<string, TraceLine>();
  for (const t of byTime) if (t.outcome !== "dry-run" && (t.outcome === "retry" || t.attempts > 1)) retried.set(inputKey(t), t);
  if (retried.size > 0) {
    out.push(`## Retried (${retried.size})`, "");
    for (const t of retried.values()) {
      const what = t.outcome === "retry" ? `waiting to retry: ${one(t.reason ?? "transient error")}` : `${t.outcome} after ${t.attempts} attempts`;
      out.push(`- ${fileLabel(t)}: ${what}`);
    }
    out.push("");
  }

  const duplicates = byTime.filter((t) => t.outcome === "duplicate");
  if (duplicates.length > 0) {
    out.push(`## Duplicates (${duplicates.length})`, "");
    for (const t of duplicates) {
      const what = t.title ? ` ${one(t.title)}` : "";
      const where = t.url ? ` <${mdLinkTarget(t.url)}>` : "";
      out.push(`- ${fileLabel(t)}:${what}${where} (already stored)`);
    }
    out.push("");
  }

  const feeds = input.feeds ?? [];
  if (feeds.length > 0) {
    out.push(`## Feeds failing or paused (${feeds.length})`, "");
    for (const f of feeds) {
      const state = f.paused ? `paused after ${f.failures} failures in a row` : `failing (${f.failures} in a row)`;
      out.push(`- ${f.title ? `${one(f.title)} ` : ""}<${mdUrlText(f.url)}>: ${state}: ${one(f.error)}`);
    }
    out.push("");
  }

  // Tokens and cost: from the traces (one per processed input), else from the records.
  const usageRows = new Map<string, { calls: number; input: number; cached: number; output: number; cost: number }>();
  const add = (model: string, u: { calls: number; input_tokens: number; cached_tokens: number; output_tokens: number; cost_usd: number }) => {
    const row = usageRows.get(model) ?? { calls: 0, input: 0, cached: 0, output: 0, cost: 0 };
    row.calls += u.calls;
    row.input += u.input_tokens;
    row.cached += u.cached_tokens;
    row.output += u.output_tokens;
    row.cost += u.cost_usd;
    usageRows.set(model, row);
  };
  const traced = input.traces.filter((t) => t.usage && t.outcome !== "dry-run");
  if (traced.length > 0) for (const t of traced) add(t.model ?? t.provider ?? "unknown", t.usage!);
  else for (const r of input.records) if (r.usage) add(r.model, r.usage);
  const openaiRan =
    input.traces.some((t) => t.provider === "openai") || input.records.some((r) => r.provider === "openai") || [...usageRows.values()].some((r) => r.calls > 0);
  if (openaiRan) {
    out.push("## Tokens and cost", "", "| model | calls | input tokens | cached | output tokens | cost (USD) |", "|---|---:|---:|---:|---:|---:|");
    const total = { calls: 0, input: 0, cached: 0, output: 0, cost: 0 };
    for (const [model, row] of [...usageRows].sort((a, b) => a[0].localeCompare(b[0]))) {
      out.push(`| ${model} | ${row.calls} | ${row.input} | ${row.cached} | ${row.output} | ${row.cost.toFixed(4)} |`);
      total.calls += row.calls;
      total.input += row.input;
      total.cached += row.cached;
      total.output += row.output;
      total.cost += row.cost;
    }
    out.push(`| **total** | ${total.calls} | ${total.input} | ${total.cached} | ${total.output} | ${total.cost.toFixed(4)} |`, "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
