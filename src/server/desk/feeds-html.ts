// The desk's Feeds page (HTML, rendered on the server): the subscriptions with their last poll and
// counts, the forms that change them (plain forms posted with the CSRF field, answered by a
// redirect back), and the screened items with Keep. Every feed title, item text and address goes
// through `esc`, every link through `safeHref`.
import type { FeedState } from "../../feeds/policy.js";
import type { ScreenedItem } from "../../feeds/screened.js";
import { escapeHtml as esc } from "../html.js";

/** The page's own stylesheet (served at /assets/feeds.css; the pages carry no inline style). */
export const FEEDS_CSS = `
.feeds-forms{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem;margin-bottom:1rem;max-width:100rem}
.feeds-forms form{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:.6rem 1rem;margin:0;min-width:0}
.feeds-forms h2{font-size:1rem;margin:.1rem 0 .5rem}
.feeds-forms .row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
.feeds-forms label{display:flex;flex-direction:column;font-size:13px;color:#333;min-width:0}
.feeds-forms label.url{flex:1 1 18rem}
.feeds-forms input[type=url]{width:100%;padding:.3rem .5rem}
.feeds-forms input[type=number]{width:6rem;padding:.3rem .5rem}
.feeds-forms input[type=file]{max-width:100%}
.feeds-forms textarea{width:100%;min-height:3.2rem;font:12px ui-monospace,monospace}
.feeds-forms .hint{margin:.3rem 0 0}
.flash{max-width:100rem;padding:.5rem .8rem;border-radius:6px;margin:0 0 1rem;background:#ecfdf3;border:1px solid #86efac;color:#14532d;overflow-wrap:anywhere}
.flash.error{background:#fef2f2;border-color:#fca5a5;color:#7f1d1d}
section.feeds-list,section.screened{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:.5rem 1rem;margin-bottom:1rem;max-width:100rem;overflow-x:auto}
section.feeds-list h2,section.screened h2{font-size:1.05rem;margin:.3rem 0 .5rem}
table.feeds,table.screened{width:100%;border-collapse:collapse;table-layout:fixed;font-size:13px}
table.feeds th,table.feeds td,table.screened th,table.screened td{text-align:left;vertical-align:top;padding:.35rem .4rem;border-bottom:1px solid #eceef2;overflow-wrap:anywhere}
table.feeds th,table.screened th{font-weight:600;color:#444;font-size:12px}
table.feeds .num{text-align:right;font-variant-numeric:tabular-nums}
table.feeds .feed-title{font-weight:600;display:block}
table.feeds .feed-url,table.screened .item-url{color:#555;font-size:12px;display:block;word-break:break-all}
table.feeds tr.paused{background:#fff7ed}table.feeds tr.failing{background:#fef2f2}
.state{font-weight:600}.state.ok{color:#15803d}.state.failing{color:#b91c1c}.state.paused{color:#9a3412}
.why{display:block;color:#7f1d1d;font-size:12px}.note{display:block;color:#555;font-size:12px}
td.actions-cell form{display:inline;margin:0}td.actions-cell button{margin:0 .2rem .2rem 0}
table.screened .reason{color:#9a3412}
col.c-feed{width:23%}col.c-when{width:9.5%}col.c-http{width:5%}col.c-n{width:6.5%}col.c-state{width:auto}col.c-act{width:10.5rem}
col.s-title{width:40%}col.s-feed{width:15%}col.s-date{width:9%}col.s-reason{width:auto}col.s-act{width:5.5rem}
@media (max-width:1100px){.feeds-forms{grid-template-columns:1fr}}
`;

/** Only http(s) links are rendered as links; anything else (javascript:, data:) goes nowhere. */
function safeHref(url: string): string {
  return /^https?:\/\//i.test(url) ? esc(url) : "#";
}

/** "2025-06-10 12:00" (UTC), or the dash. */
function when(iso: string | null | undefined): string {
  return iso ? esc(iso.slice(0, 16).replace("T", " ")) : "–";
}

function hidden(csrf: string, fields: Record<string, string> = {}): string {
  return [
    `<input type="hidden" name="_csrf" value="${esc(csrf)}">`,
    ...Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`),
  ].join("");
}

function button(csrf: string, action: string, label: string, fields: Record<string, string>, extra = ""): string {
  return `<form method="post" action="/feeds/${action}">${hidden(csrf, fields)}<button type="submit"${extra}>${label}</button></form>`;
}

function stateCell(s: FeedState): string {
  if (s.paused) {
    const why = s.paused_by ?? `after ${s.failures} failures in a row: ${s.error ?? ""}`;
    return `<span class="state paused">Paused</span><span class="why">${esc(why)}</span>`;
  }
  if (s.error) return `<span class="state failing">Failing (${s.failures}×)</span><span class="why">${esc(s.error)}</span>`;
  const note = s.note ? `<span class="note">${esc(s.note)}</span>` : "";
  return `${s.last_poll_at ? '<span class="state ok">OK</span>' : '<span class="state">Not polled yet</span>'}${note}`;
}

function feedRow(s: FeedState, csrf: string): string {
  const cls = s.paused ? "paused" : s.error ? "failing" : "";
  const next = s.paused ? "paused" : s.next_poll_at === null ? "due now" : when(s.next_poll_at);
  const toggle = s.paused ? button(csrf, "resume", "Resume", { url: s.url }) : button(csrf, "pause", "Pause", { url: s.url });
  const every = s.every_minutes === null ? "" : ` · every ${s.every_minutes} min`;
  return `<tr class="${cls}" data-url="${esc(s.url)}"><td><span class="feed-title">${esc(s.title ?? "(title not known yet)")}</span><a class="feed-url" href="${safeHref(s.url)}" target="_blank" rel="noopener noreferrer">${esc(s.url)}</a><span class="note">${esc(`added ${s.added_at.slice(0, 10)}${every}`)}</span></td>
<td>${when(s.last_poll_at)}</td><td class="num">${s.last_status ?? "–"}</td><td class="num">${s.items}</td><td class="num">${s.stored}</td><td class="num">${s.screened}</td><td>${next}</td>
<td>${stateCell(s)}</td><td class="actions-cell">${toggle}${button(csrf, "remove", "Remove", { url: s.url }, ' class="danger"')}</td></tr>`;
}

function screenedRow(item: ScreenedItem, csrf: string, feedTitle: (url: string) => string): string {
  return `<tr data-id="${esc(item.id)}"><td><a href="${safeHref(item.url)}" target="_blank" rel="noopener noreferrer">${esc(item.title || "(no title)")}</a><span class="item-url">${esc(item.url)}</span></td>
<td>${esc(item.source ?? feedTitle(item.feed))}</td><td>${when(item.published ?? item.at)}</td><td class="reason">${esc(item.reason)}</td>
<td>${button(csrf, "keep", "Keep", { id: item.id }, ` title="Store it as coverage"`)}</td></tr>`;
}

export interface FeedsView {
  csrf: string;
  feeds: readonly FeedState[];
  /** The screened items not kept yet, newest first, and how many there are in all. */
  screened: readonly ScreenedItem[];
  screenedTotal: number;
  flash: { text: string; error: boolean } | null;
  defaultEvery: number;
  /** Whether the daemon polls (feeds.enabled): otherwise only `feeds poll` does. */
  polling: boolean;
}

export function feedsBody(view: FeedsView): string {
  const titles = new Map(view.feeds.map((f) => [f.url, f.title ?? f.url]));
  const feedTitle = (url: string) => titles.get(url) ?? url;
  const flash = view.flash ? `<p class="flash${view.flash.error ? " error" : ""}" role="status">${esc(view.flash.text)}</p>` : "";
  const failing = view.feeds.filter((f) => f.error && !f.paused).length;
  const paused = view.feeds.filter((f) => f.paused).length;
  const summary = `${view.feeds.length} feed${view.feeds.length === 1 ? "" : "s"}${failing ? ` · ${failing} failing` : ""}${paused ? ` · ${paused} paused` : ""}`;
  const table = view.feeds.length
    ? `<table class="feeds"><colgroup><col class="c-feed"><col class="c-when"><col class="c-http"><col class="c-n"><col class="c-n"><col class="c-n"><col class="c-when"><col class="c-state"><col class="c-act"></colgroup>
<thead><tr><th>Feed</th><th>Last poll (UTC)</th><th class="num">HTTP</th><th class="num">Items</th><th class="num">Stored</th><th class="num">Screened</th><th>Next poll</th><th>Status</th><th></th></tr></thead>
<tbody>${view.feeds.map((f) => feedRow(f, view.csrf)).join("")}</tbody></table>`
    : '<p class="empty">No feeds yet: add one above, or import an OPML export from your feed reader.</p>';
  const screened = view.screened.length
    ? `<table class="screened"><colgroup><col class="s-title"><col class="s-feed"><col class="s-date"><col class="s-reason"><col class="s-act"></colgroup>
<thead><tr><th>Item</th><th>Feed</th><th>Published</th><th>Why it was screened out</th><th></th></tr></thead>
<tbody>${view.screened.map((i) => screenedRow(i, view.csrf, feedTitle)).join("")}</tbody></table>${view.screenedTotal > view.screened.length ? `<p class="hint">Newest ${view.screened.length} of ${view.screenedTotal} shown (all of them: <code>news-coverage feeds screened</code>).</p>` : ""}`
    : '<p class="empty">No screened items waiting.</p>';
  return `<link rel="stylesheet" href="/assets/feeds.css"><script type="module" src="/assets/feeds.js"></script>
<h1>Feeds <span class="count">${esc(summary)}</span></h1>
${flash}
<div class="feeds-forms">
<form method="post" action="/feeds/add" aria-label="Add a feed">${hidden(view.csrf)}<h2>Add a feed</h2>
<div class="row"><label class="url">Feed address (RSS, Atom, RDF or JSON Feed) <input type="url" name="url" required maxlength="2000" placeholder="https://variety.com/feed/"></label>
<label>Every (minutes) <input type="number" name="every" min="1" max="10080" step="1" placeholder="${view.defaultEvery}"></label>
<button type="submit" class="primary-action">Add feed</button></div>
<p class="hint">${view.polling ? "The daemon polls it within a minute, then on its interval." : "The daemon does not poll feeds (feeds.enabled is false): run <code>news-coverage feeds poll</code>."}</p></form>
<form method="post" action="/feeds/import" id="opml-form" aria-label="Import OPML">${hidden(view.csrf)}<h2>Import OPML (a Feedly or Miniflux export)</h2>
<div class="row"><label>OPML file <input type="file" id="opml-file" accept=".opml,.xml,text/xml,text/x-opml,application/xml"></label>
<label class="url">or paste it <textarea name="opml" id="opml-text" maxlength="2000000" placeholder="&lt;opml version=&quot;2.0&quot;&gt;..."></textarea></label>
<button type="submit">Import OPML</button></div></form>
</div>
<section class="feeds-list"><h2>Subscriptions</h2>${table}</section>
<section class="screened" id="screened"><h2>Screened out <span class="count">${view.screenedTotal}</span></h2>
<p class="hint">Feed items that name no buyer, or one only further down. Keep stores one as coverage (through the inbox, like any file), and screening learns from it: similar items pass next time. Records you exclude in the desk teach it the other way.</p>
${screened}</section>`;
}
