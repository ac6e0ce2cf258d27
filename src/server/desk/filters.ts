import type { StoredRecord } from "../../core/record.js";
import { analystReason } from "../../report/needs-review.js";
import { escapeHtml as esc } from "../html.js";

/**
 * The filters of the quarter view and the review queue (pure): source, flag reason, confidence
 * (at most), publication date range and category (a section or a whole category). Read from the
 * page's query string; anything malformed is ignored, never an error.
 */
export interface DeskFilter {
  source: string;
  reason: string;
  /** Highest confidence shown, "" for any. */
  confidence: string;
  from: string;
  to: string;
  category: string;
}

type Query = Record<string, string | undefined>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const text = (value: string | undefined, max = 200) => (value ?? "").trim().slice(0, max);

export function readFilter(query: Query): DeskFilter {
  const confidence = text(query.confidence, 5);
  return {
    source: text(query.source),
    reason: text(query.reason),
    confidence: /^(0(\.\d+)?|1(\.0+)?)$/.test(confidence) ? confidence : "",
    from: DATE.test(text(query.from)) ? text(query.from) : "",
    to: DATE.test(text(query.to)) ? text(query.to) : "",
    category: text(query.category, 300),
  };
}

export const filterActive = (f: DeskFilter) => Object.values(f).some(Boolean);

/** The filter's query parameters (for links that keep it). */
export const filterParams = (f: DeskFilter): Record<string, string> => Object.fromEntries(Object.entries(f).filter((e) => e[1])) as Record<string, string>;

const kinds = (record: StoredRecord) => record.review.map((r) => analystReason(r).kind);
const inCategory = (category: string, wanted: string) => category === wanted || category.startsWith(`${wanted} -> `);

export function filterRecords(records: readonly StoredRecord[], f: DeskFilter): StoredRecord[] {
  if (!filterActive(f)) return [...records];
  const max = f.confidence ? Number(f.confidence) : null;
  return records.filter(
    (r) =>
      (!f.source || r.source.toLowerCase() === f.source.toLowerCase()) &&
      (!f.reason || kinds(r).includes(f.reason)) &&
      (max === null || r.confidence <= max) &&
      (!f.from || r.published_at >= f.from) &&
      (!f.to || r.published_at <= f.to) &&
      (!f.category || inCategory(r.category, f.category) || r.facts.some((fact) => inCategory(fact.category, f.category))),
  );
}

function choice(name: string, label: string, values: readonly string[], selected: string, any: string): string {
  const opts = [...new Set([...values, ...(selected ? [selected] : [])])]
    .sort((a, b) => a.localeCompare(b))
    .map((v) => `<option value="${esc(v)}"${v === selected ? " selected" : ""}>${esc(v)}</option>`)
    .join("");
  return `<label>${label} <select name="${name}"><option value="">${any}</option>${opts}</select></label>`;
}

/** The filter form; `records` give the choices (sources, reasons, categories present), `keep` the other query parameters. */
export function filterForm(f: DeskFilter, records: readonly StoredRecord[], keep: Record<string, string>, action: string): string {
  const sources = [...new Set(records.map((r) => r.source).filter(Boolean))];
  const reasons = [...new Set(records.flatMap(kinds))];
  const categories = [...new Set(records.flatMap((r) => [r.category, r.category.split(" -> ")[0]!]))];
  const hidden = Object.entries(keep)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  return `<form class="filters more" method="get" action="${esc(action)}" aria-label="Filters">${hidden}
${choice("source", "Source", sources, f.source, "any")}
${choice("reason", "Flag reason", reasons, f.reason, "any")}
<label>Confidence at most <input name="confidence" type="number" min="0" max="1" step="0.05" value="${esc(f.confidence)}" size="4"></label>
<label>From <input name="from" type="date" value="${esc(f.from)}"></label>
<label>To <input name="to" type="date" value="${esc(f.to)}"></label>
${choice("category", "Category", categories, f.category, "any")}
<button>Filter</button>${filterActive(f) ? ` <a href="${esc(action)}?${esc(new URLSearchParams(keep).toString())}">Clear filters</a>` : ""}
</form>`;
}

/** The bar that acts on the selected stories (each gets its own version and corrections line). */
export function bulkBar(categories: readonly string[], buyers: ReadonlyArray<{ value: string; label: string }>): string {
  const options = (values: ReadonlyArray<{ value: string; label: string }>) =>
    values.map((o) => `<option value="${esc(o.value)}">${esc(o.label)}</option>`).join("");
  return `<div class="bulk" role="toolbar" aria-label="Selected stories"><span id="picked">0 selected</span>
<button type="button" data-bulk="accept">Accept selected</button>
<button type="button" data-bulk="exclude">Exclude selected</button>
<label>Category <select id="bulk-category">${options(categories.map((c) => ({ value: c, label: c })))}</select></label><button type="button" data-bulk="category">Set category</button>
<label>Buyer <select id="bulk-buyer">${options(buyers)}</select></label><button type="button" data-bulk="buyer">Set buyer</button>
<span id="bulk-status" role="status" aria-live="polite"></span>
<ul id="bulk-done" class="bulk-done"></ul></div>`;
}
