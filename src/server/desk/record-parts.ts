import type { StoredRecord } from "../../core/record.js";
import { versionStamp } from "../../pipeline/correction.js";
import { escapeHtml as esc } from "../html.js";

/**
 * The parts of a record's page beside the correction form: the mark buttons (Highlight, Delete,
 * Undo), the history of its versions (when, who, what changed) and the article's whole text.
 * Every text goes through `esc`.
 */

const WHAT: Record<string, string> = {
  category: "category",
  buyers: "buyers",
  company: "primary buyer",
  quarter: "quarter",
  published_at: "date",
  facts: "lines or notes",
  excluded: "excluded / included",
  highlight: "highlight",
  deleted: "deleted / restored",
  story_id: "story",
};

const when = (iso: string) => iso.slice(0, 16).replace("T", " ");

function describeVersion(version: StoredRecord, index: number): string {
  if (!version.reviewed) return index === 0 ? "processed" : version.supersedes ? "processed again (re-run)" : "processed again (kept the earlier version)";
  const changes = version.reviewed.changes;
  const undo = changes[0] === "undo";
  const fields = (undo ? changes.slice(1) : changes).map((c) => WHAT[c] ?? c);
  const marks: string[] = [];
  if (!undo && changes.includes("highlight")) marks.push(version.highlight ? "marked as a highlight" : "highlight removed");
  if (!undo && changes.includes("deleted")) marks.push(version.deleted ? "deleted" : "restored");
  if (!undo && changes.includes("excluded")) marks.push(version.excluded ? "excluded from reports" : "included in reports again");
  const rest = fields.filter((f) => !["highlight", "deleted / restored", "excluded / included"].includes(f));
  const text = [...marks, ...(rest.length ? [`changed ${rest.join(", ")}`] : [])].join("; ");
  if (undo) return `undo: ${fields.length ? `put back ${fields.join(", ")}` : "nothing differed"}`;
  return text || "accepted as it was";
}

/** Every version of the record, oldest first: when, who, what changed. `versions` in the order they were written. */
export function historyTable(versions: readonly StoredRecord[], current: StoredRecord): string {
  const rows = versions
    .map((v, i) => {
      const at = v.reviewed?.at ?? v.processed_at;
      const who = v.reviewed ? (v.reviewed.by ?? "(no name recorded)") : `${v.provider} engine`;
      const isCurrent = v === current;
      return `<tr${isCurrent ? ' class="current"' : ""}><td>${esc(when(at))}</td><td class="who">${esc(who)}</td><td>${esc(describeVersion(v, i))}${isCurrent ? " <strong>(current)</strong>" : ""}</td></tr>`;
    })
    .join("");
  return `<section class="history" id="history" hidden><h3>History</h3><table><thead><tr><th>When (UTC)</th><th>Who</th><th>What</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** The buttons that mark the record as a whole; each is a correction (a new version) and can be undone. */
export function recordActions(record: StoredRecord): string {
  const highlight = record.highlight
    ? '<button type="button" data-mark="highlight" data-value="false" aria-pressed="true">Remove highlight</button>'
    : '<button type="button" data-mark="highlight" data-value="true" aria-pressed="false">Highlight</button>';
  const remove = record.deleted
    ? '<button type="button" data-mark="deleted" data-value="false">Restore</button>'
    : '<button type="button" data-mark="deleted" data-value="true" class="danger">Delete</button>';
  const undo = record.reviewed ? '<button type="button" data-action="undo">Undo</button>' : "";
  const deleted = record.deleted ? '<p class="deleted-note" role="note">Deleted: left out of every view and report. Undo or Restore brings it back.</p>' : "";
  return `${deleted}<div class="record-actions" data-base="${esc(versionStamp(record))}">${highlight} ${remove} ${undo} <button type="button" data-action="history" aria-expanded="false" aria-controls="history">History</button>${record.highlight ? ' <span class="mark">highlight</span>' : ""}</div>`;
}

/** The article's whole text, or (absent) why there is none to show; null: not looked up. */
export type ArticleText = string | { absent: string } | null;

/** The article's whole text from the archive (collapsed), or the stored lead and why the whole text is not shown. */
export function fullText(record: StoredRecord, body: ArticleText): string {
  if (typeof body === "string" && body) {
    const paragraphs = body
      .split(/\n\s*\n|\n/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => `<p>${esc(p)}</p>`)
      .join("");
    return `<details class="full-text"><summary>Full article (${body.length.toLocaleString("en-US")} characters)</summary><div class="article-body">${paragraphs}</div></details>`;
  }
  const absent = body && typeof body === "object" ? `<p class="full-text absent" role="note">${esc(body.absent)}</p>` : "";
  return `${absent}${record.lead ? `<blockquote class="lead">${esc(record.lead)}</blockquote>` : '<p class="lead empty">(no text stored for this record)</p>'}`;
}
