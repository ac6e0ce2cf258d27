// The desk's view of stories (docs/stories.md): kept in this file so the pages only call it.
import type { StoredRecord } from "../../core/record.js";
import { storyLine } from "../../pipeline/process.js";
import type { ReportOutline } from "../../report/outline.js";
import { escapeHtml as esc } from "../html.js";

/** "12 stories (15 articles)": the quarter view counts stories, one per news event. */
export function storyCounts(outline: Pick<ReportOutline, "storyCount" | "recordCount">): string {
  const stories = `${outline.storyCount} ${outline.storyCount === 1 ? "story" : "stories"}`;
  return outline.recordCount === outline.storyCount ? `${stories}` : `${stories} (${outline.recordCount} articles)`;
}

/** A member's record view says which story it joined and why; nothing for a story's first record. */
export function storyNote(record: Pick<StoredRecord, "id" | "story_id" | "story_reason">): string {
  if (record.story_id === undefined || record.story_id === record.id) return "";
  return `<p class="story">Story: ${esc(storyLine(record.story_id, record.story_reason))}</p>`;
}
