import type { BuyerDirectory } from "../../core/buyers.js";
import type { FailedInput } from "../../daemon/failed.js";
import { versionStamp } from "../../pipeline/correction.js";
import type { StoredRecord } from "../../core/record.js";
import { QUARTER_PATTERN, shortDate } from "../../core/quarter.js";
import { CATEGORIES } from "../../core/taxonomy.js";
import type { ReportEntry, ReportOutline } from "../../report/outline.js";
import { analystReason } from "../../report/needs-review.js";
import { escapeHtml as esc } from "../html.js";
import { fullText, historyTable, recordActions, type ArticleText } from "./record-parts.js";
import { storyAlso, storyCounts, storyNote } from "./story.js";

/**
 * The review desk's HTML, rendered on the server: every text from an article or an analyst goes
 * through `esc`, every link through `safeHref`. The page script (assets/desk.ts) only moves
 * between and swaps fragments rendered here, and sets text with textContent.
 */

export interface Chrome {
  csrf: string;
  page: "quarter" | "queue" | "record" | "inbox" | "feeds";
  title: string;
  queueCount: number;
  inbox: { waiting: number | null; inFlight: number | null; failed: number };
}

/** Only http(s) links are rendered as links; anything else (javascript:, data:) goes nowhere. */
function safeHref(url: string): string {
  return /^https?:\/\//i.test(url) ? esc(url) : "#";
}

const qs = (params: Record<string, string | undefined>) =>
  esc(new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString());

export function page(chrome: Chrome, body: string): string {
  const n = (v: number | null) => (v === null ? "–" : String(v));
  const link = (href: string, label: string, name: Chrome["page"]) => `<a href="${href}"${chrome.page === name ? ' aria-current="page"' : ""}>${label}</a>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(chrome.title)} · Coverage Review Desk</title>
<meta name="csrf-token" content="${esc(chrome.csrf)}">
<link rel="stylesheet" href="/assets/desk.css">
<script type="module" src="/assets/desk.js"></script>
</head><body data-page="${chrome.page}">
<header class="top">
<strong class="brand">Coverage Review Desk</strong>
<nav>
${link("/quarter", "Quarter", "quarter")}
${link("/queue", `Review queue <span class="badge" id="queue-count">${chrome.queueCount}</span>`, "queue")}
${link("/feeds", "Feeds", "feeds")}
${link("/inbox", `Inbox <span class="counts"><span id="inbox-waiting">${n(chrome.inbox.waiting)}</span> waiting · <span id="inbox-inflight">${n(chrome.inbox.inFlight)}</span> in flight · <span id="inbox-failed">${chrome.inbox.failed}</span> failed</span>`, "inbox")}
</nav>
<span class="live" id="live-dot" title="live updates">●</span>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${esc(chrome.csrf)}"><button class="link">Sign out</button></form>
</header>
<main>
${body}
</main>
</body></html>
`;
}

/** The HTML `pattern` attribute is anchored by the browser: the quarter pattern without ^ and $. */
const QUARTER_INPUT_PATTERN = esc(QUARTER_PATTERN.source.slice(1, -1));

function options(values: ReadonlyArray<{ value: string; label: string }>, selected: string): string {
  return values.map((o) => `<option value="${esc(o.value)}"${o.value === selected ? " selected" : ""}>${esc(o.label)}</option>`).join("");
}

/** A checkbox that selects a record for the bulk bar (`base`: the version the analyst sees). */
export function pickBox(id: string, base: string, title: string): string {
  return `<input type="checkbox" class="pick" value="${esc(id)}" data-base="${esc(base)}" aria-label="Select: ${esc(title.slice(0, 120))}">`;
}

interface EntryContext {
  flagged: ReadonlySet<string>;
  /** record id -> the version stamp its bulk checkbox sends. */
  bases: ReadonlyMap<string, string>;
}

function entryHtml(entry: ReportEntry, ctx: EntryContext): string {
  const notes = entry.notes.length ? `<ul class="notes">${entry.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : "";
  const flag = ctx.flagged.has(entry.record_id) ? ' <span class="flag" title="in the review queue">review</span>' : "";
  return `<li class="entry" data-record="${esc(entry.record_id)}" title="${esc(entry.title)}">${pickBox(entry.record_id, ctx.bases.get(entry.record_id) ?? "", entry.title)} ${esc(entry.before)}(<a href="${safeHref(entry.url)}" target="_blank" rel="noopener noreferrer">${esc(entry.date)}</a>)${esc(entry.after)}${storyAlso(entry)}${flag} <a class="edit" href="/record/${esc(entry.record_id)}">Edit</a>${notes}</li>`;
}

const entryList = (entries: readonly ReportEntry[], ctx: EntryContext) =>
  entries.length ? `<ul class="entries">${entries.map((e) => entryHtml(e, ctx)).join("")}</ul>` : "";

function countSubheading(sub: ReportOutline["sections"][number]["subheadings"][number]): number {
  return sub.entries.length + sub.labels.reduce((n, l) => n + l.entries.length + l.sublabels.reduce((m, s) => m + s.entries.length, 0), 0);
}

interface QuarterView {
  quarters: string[];
  quarter: string;
  buyers: ReadonlyArray<{ value: string; label: string }>;
  buyer: string;
  outline: ReportOutline;
  excluded: number;
  flagged: ReadonlySet<string>;
  search: string;
  results: StoredRecord[] | null;
  directory: BuyerDirectory;
  bases: ReadonlyMap<string, string>;
  /** The filter form and the bulk bar (filters.ts). */
  filters: string;
  bulk: string;
  /** The search box's placeholder: what it searches. */
  searchScope: string;
  /** Said above the results while the article texts are still being indexed. */
  searchNote?: string;
}

export function quarterBody(view: QuarterView): string {
  const { outline } = view;
  const ctx: EntryContext = { flagged: view.flagged, bases: view.bases };
  const quarterOptions = options(
    view.quarters.map((q) => ({ value: q, label: q })),
    view.quarter,
  );
  const params = { quarter: view.quarter, buyer: view.buyer };
  const sectionCounts = outline.sections.map((s) => ({ s, count: s.subheadings.reduce((n, sub) => n + countSubheading(sub), 0) }));
  const results =
    view.results === null
      ? ""
      : `<section class="results" id="results"><h2>${view.results.length} result${view.results.length === 1 ? "" : "s"} for “${esc(view.search)}”${view.results.length >= 200 ? " (first 200)" : ""}</h2>${view.searchNote ? `<p class="note" role="status">${esc(view.searchNote)}</p>` : ""}
<ol>${view.results
          .map(
            (r) =>
              `<li><a href="/record/${esc(r.id)}">${esc(r.title)}</a> <span class="meta">${esc(r.quarter)} · ${esc(view.directory.displayName(r.company))} · ${esc(shortDate(r.published_at))}${r.excluded ? " · excluded" : ""}</span><ul class="lines">${r.facts.map((f) => `<li>${esc(f.line)}</li>`).join("")}</ul></li>`,
          )
          .join("")}</ol></section>`;
  const sections = sectionCounts
    .map(({ s, count }) => {
      const subs = s.subheadings
        .map((sub) => {
          const labels = sub.labels
            .map(
              (l) =>
                `<h4>${esc(l.title)}</h4>${entryList(l.entries, ctx)}${l.sublabels.map((sl) => `<h5>${esc(sl.title)}</h5>${entryList(sl.entries, ctx)}`).join("")}`,
            )
            .join("");
          const heading = sub.title ? `<h3>${esc(sub.title)} <span class="count">${countSubheading(sub)}</span></h3>` : "";
          return `${heading}${entryList(sub.entries, ctx)}${labels}`;
        })
        .join("");
      return `<section class="report-section" id="section-${s.number}"><h2>${esc(s.heading)} <span class="count">${count}</span></h2>${subs || (count === 0 ? '<p class="empty">No entries.</p>' : "")}</section>`;
    })
    .join("");
  return `<div class="toolbar">
<form class="filters" method="get" action="/quarter">
<label>Quarter <select name="quarter" id="pick-quarter">${quarterOptions}</select></label>
<label>Buyer <select name="buyer" id="pick-buyer">${options(view.buyers, view.buyer)}</select></label>
<button>Show</button>
</form>
<form class="search" method="get" action="/quarter" role="search">
<input type="hidden" name="quarter" value="${esc(view.quarter)}"><input type="hidden" name="buyer" value="${esc(view.buyer)}">
<input type="search" name="q" value="${esc(view.search)}" placeholder="${esc(view.searchScope)}" aria-label="Search">
<button>Search</button>
</form>
<span class="downloads">Report: <a class="button" href="/report?${qs({ ...params, format: "md" })}">.md</a> <a class="button" href="/report?${qs({ ...params, format: "docx" })}">.docx</a></span>
</div>
${view.filters}
${results}
${view.bulk}
<article class="report" id="report">
<header><h1>${esc(outline.title)}</h1><p class="subtitle">${esc(outline.subtitle)} · ${esc(outline.display)} · ${storyCounts(outline)}, ${outline.entryCount} entries${view.excluded ? ` · ${view.excluded} excluded` : ""}</p></header>
<nav class="toc"><ol>${sectionCounts.map(({ s, count }) => `<li><a href="#section-${s.number}">${esc(s.heading)}</a> <span class="count">${count}</span></li>`).join("")}</ol></nav>
${sections}
</article>`;
}

function queueItem(record: StoredRecord, buyers: BuyerDirectory, selected: boolean): string {
  return `<li class="queue-item${selected ? " selected" : ""}" data-id="${esc(record.id)}">${pickBox(record.id, versionStamp(record), record.title)}<a href="/queue?id=${esc(record.id)}">
<span class="title">${esc(record.title)}</span>
<span class="meta">${esc(record.quarter)} · ${esc(buyers.displayName(record.company))} · ${esc(record.source)} · processed ${esc(record.processed_at.slice(0, 10))}</span>
<span class="reason">${esc(record.review.map((r) => analystReason(r).text).join(" "))}</span></a></li>`;
}

export function queueBody(input: {
  records: StoredRecord[];
  /** Flagged records the filter lets through, and all flagged records (the badge). */
  total: number;
  all: number;
  selected: StoredRecord | null;
  buyers: BuyerDirectory;
  detail: string;
  filters: string;
  bulk: string;
}): string {
  const list = input.records.length
    ? `<ol class="queue-list" id="queue-list">${input.records.map((r) => queueItem(r, input.buyers, r.id === input.selected?.id)).join("")}</ol>`
    : '<p class="empty">Nothing to review.</p>';
  return `<div class="queue">
<section class="queue-pane"><h1>Review queue <span class="count" id="queue-total">${input.total}</span>${input.total !== input.all ? ` <span class="of">of ${input.all} (filtered)</span>` : ""}</h1>
${input.filters}
${input.bulk}
<p class="hint"><kbd>j</kbd>/<kbd>k</kbd> move · <kbd>1</kbd>–<kbd>3</kbd> pick an alternative · <kbd>a</kbd> accept${input.total > input.records.length ? ` · oldest ${input.records.length} shown` : ""}</p>
${list}</section>
<section class="detail-pane" id="detail">${input.detail}</section>
</div>`;
}

const CATEGORY_GROUPS = [...new Set(CATEGORIES.map((c) => c.split(" -> ")[0]!))];

function categoryPicker(record: StoredRecord): string {
  const first = [record.category, ...record.alternatives.map((a) => a.category)].filter((c, i, all) => all.indexOf(c) === i);
  const conf = new Map<string, number>([[record.category, record.confidence], ...record.alternatives.map((a): [string, number] => [a.category, a.confidence])]);
  const opt = (c: string) =>
    `<option value="${esc(c)}"${c === record.category ? " selected" : ""}>${esc(c)}${conf.has(c) ? ` (${conf.get(c)!.toFixed(2)})` : ""}</option>`;
  const groups = CATEGORY_GROUPS.map(
    (g) =>
      `<optgroup label="${esc(g)}">${CATEGORIES.filter((c) => c.startsWith(`${g} -> `) && !first.includes(c))
        .map(opt)
        .join("")}</optgroup>`,
  ).join("");
  return `<select name="category" id="category" data-initial="${esc(record.category)}"><optgroup label="Current and the model's alternatives">${first.map(opt).join("")}</optgroup>${groups}</select>`;
}

function buyerRows(record: StoredRecord, buyers: BuyerDirectory): string {
  const state = (name: string) => (record.buyers.strong.includes(name) ? "strong" : record.buyers.weak.includes(name) ? "weak" : "none");
  const listed = [...buyers.all].sort((a, b) => Number(state(b.name) !== "none") - Number(state(a.name) !== "none"));
  const rows = listed
    .map((b) => {
      const s = state(b.name);
      return `<div class="buyer-row${s === "none" ? "" : " attached"}"><label class="buyer-name" for="buyer-${esc(b.name)}">${esc(b.display)}</label>
<select id="buyer-${esc(b.name)}" data-buyer="${esc(b.name)}" data-initial="${s}">${options(
        [
          { value: "none", label: "–" },
          { value: "strong", label: "buyer" },
          { value: "weak", label: "weak mention" },
        ],
        s,
      )}</select>
<label class="primary"><input type="radio" name="primary" value="${esc(b.name)}"${record.company === b.name ? " checked" : ""}> primary</label></div>`;
    })
    .join("");
  return `<fieldset class="buyers" data-initial-company="${esc(record.company)}"><legend>Buyers</legend>${rows}
<label class="primary none"><input type="radio" name="primary" value="Unknown"${record.company === "Unknown" ? " checked" : ""}> no primary buyer (Unknown)</label></fieldset>`;
}

/** `story`: the story panel (story.ts `storyPanel`), or the member's note alone. */
export function recordDetail(
  record: StoredRecord,
  buyers: BuyerDirectory,
  versions: readonly StoredRecord[],
  body: ArticleText = null,
  story: string = storyNote(record),
): string {
  const history = versions.length;
  const alternatives = record.alternatives.slice(0, 3);
  const facts = record.facts
    .map(
      (f) => `<div class="fact" data-fact="${esc(f.fact_id)}"><div class="fact-category">${esc(f.category)}</div>
<label>Line <textarea name="line" rows="2" data-initial="${esc(f.line)}">${esc(f.line)}</textarea></label>
<label>Notes (one per line) <textarea name="notes" rows="${Math.max(1, f.notes.length)}" data-initial="${esc(f.notes.join("\n"))}">${esc(f.notes.join("\n"))}</textarea></label></div>`,
    )
    .join("");
  return `<div class="record" id="record" data-id="${esc(record.id)}" data-base="${esc(versionStamp(record))}">
<h2 class="record-title"><a href="${safeHref(record.url)}" target="_blank" rel="noopener noreferrer">${esc(record.title)}</a></h2>
<p class="meta">${esc(record.source)} · published ${esc(record.published_at)} · ${esc(record.quarter)} (from ${esc(record.quarter_source)}) · ${esc(buyers.displayName(record.company))} · ${esc(record.provider)} ${esc(record.model)} · confidence ${record.confidence.toFixed(2)}${history > 1 ? ` · ${history} versions` : ""}${record.reviewed ? ` · reviewed ${esc(record.reviewed.at.slice(0, 16).replace("T", " "))}` : ""}${record.excluded ? " · <strong>excluded</strong>" : ""}</p>
${record.review.length ? `<ul class="reasons">${record.review.map((r) => `<li>${esc(analystReason(r).text)}</li>`).join("")}</ul>` : ""}
${story}
${recordActions(record)}
${historyTable(versions, record)}
${fullText(record, body)}
<div class="alternatives">${alternatives.length ? "Model's alternatives:" : "The model gave no alternatives."} ${alternatives
    .map(
      (a, i) =>
        `<button type="button" class="alt" data-alt="${esc(a.category)}" data-key="${i + 1}"><kbd>${i + 1}</kbd> ${esc(a.category)} <span class="conf">${a.confidence.toFixed(2)}</span></button>`,
    )
    .join(" ")}</div>
<form class="correction" id="correction" novalidate>
<label class="wide">Category ${categoryPicker(record)}</label>
${buyerRows(record, buyers)}
<div class="when"><label>Date <input type="date" name="published_at" value="${esc(record.published_at)}" data-initial="${esc(record.published_at)}"></label>
<label>Quarter <input name="quarter" value="${esc(record.quarter)}" data-initial="${esc(record.quarter)}" pattern="${QUARTER_INPUT_PATTERN}" size="8"></label>
<label class="exclude"><input type="checkbox" name="excluded"${record.excluded ? " checked" : ""} data-initial="${record.excluded ? "on" : ""}"> Exclude from reports</label></div>
<fieldset class="facts"><legend>Lines</legend>${facts}</fieldset>
<div class="actions"><button type="submit" class="primary-action">Save correction</button>
<button type="button" data-action="accept"><kbd>a</kbd> Accept as is</button>
<span class="status" id="status" role="status" aria-live="polite"></span></div>
</form></div>`;
}

export function failedRows(failed: readonly FailedInput[]): string {
  if (failed.length === 0) return '<p class="empty" id="no-failed">No failed inputs.</p>';
  return `<table class="failed"><thead><tr><th>File</th><th>Failed</th><th>Reason</th><th></th></tr></thead><tbody>${failed
    .map(
      (f) => `<tr data-key="${esc(f.key)}"><td class="file">${esc(f.name)}</td><td>${esc((f.time ?? f.day).slice(0, 16).replace("T", " "))}</td>
<td class="reason">${esc(f.reason)}${f.fields.length ? `<ul>${f.fields.map((e) => `<li><code>${esc(e.field)}</code>: ${esc(e.message)}</li>`).join("")}</ul>` : ""}</td>
<td class="row-actions"><button type="button" data-action="retry">Retry</button> <button type="button" data-action="delete">Delete</button> <span class="row-status"></span></td></tr>`,
    )
    .join("")}</tbody></table>`;
}

export function inboxBody(input: { failed: readonly FailedInput[]; waiting: number | null; inFlight: number | null; running: boolean }): string {
  const n = (v: number | null) => (v === null ? "–" : String(v));
  return `<h1>Inbox</h1>
<p class="inbox-counts">Daemon ${input.running ? "running" : "not running"} · <strong id="panel-waiting">${n(input.waiting)}</strong> waiting · <strong id="panel-inflight">${n(input.inFlight)}</strong> in flight · updates live.</p>
<div class="inbox">
<section><h2>Failed inputs</h2><div id="failed">${failedRows(input.failed)}</div></section>
<section><h2>Just processed</h2><ol class="live-log" id="live-log"><li class="empty">Outcomes appear here as the daemon processes files.</li></ol></section>
</div>`;
}
