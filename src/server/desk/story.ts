// The desk's view of stories (docs/stories.md): kept in this file so the pages only call it.
import { storyIdOf, type StoredRecord } from "../../core/record.js";
import { storyLine } from "../../pipeline/process.js";
import type { ReportEntry, ReportOutline } from "../../report/outline.js";
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

/** " (also Deadline, THR)" after a quarter-view entry that stands for other outlets' reports of its story. */
export function storyAlso(entry: Pick<ReportEntry, "also">): string {
  if (!entry.also?.length) return "";
  return ` <span class="also">(also ${entry.also.map((s) => esc(s.source)).join(", ")})</span>`;
}

/** How far apart (days of `published_at`) the stories the "Same story as…" chooser offers may be. */
export const NEARBY_STORY_DAYS = 7;

const dayOf = (record: Pick<StoredRecord, "published_at">) => Math.round(Date.parse(`${record.published_at}T00:00:00Z`) / 86_400_000);

/** The other stories of the record's buyers published within `NEARBY_STORY_DAYS`: one record each (the story's first, when held), closest first. */
function nearbyStories(record: StoredRecord, all: readonly StoredRecord[]): StoredRecord[] {
  const story = storyIdOf(record);
  const buyers = new Set([record.company, ...record.buyers.strong]);
  const day = dayOf(record);
  const byStory = new Map<string, StoredRecord>();
  for (const other of all) {
    const otherStory = storyIdOf(other);
    if (otherStory === story || Math.abs(dayOf(other) - day) > NEARBY_STORY_DAYS) continue;
    if (!buyers.has(other.company) && !other.buyers.strong.some((b) => buyers.has(b))) continue;
    const held = byStory.get(otherStory);
    if (!held || other.id === otherStory) byStory.set(otherStory, other);
  }
  return [...byStory.values()].sort((a, b) => Math.abs(dayOf(a) - day) - Math.abs(dayOf(b) - day) || a.title.localeCompare(b.title)).slice(0, 50);
}

/**
 * The record view's story panel: the story's reports (each outlet linked to its record), and the
 * analyst's two decisions, each a correction of `story_id`: "Not the same story" (a member starts
 * its own story) and "Same story as…" (a chooser of the nearby stories of its buyers).
 * `all`: the current versions of the store (deleted ones left out).
 */
export function storyPanel(record: StoredRecord, all: readonly StoredRecord[]): string {
  const story = storyIdOf(record);
  const members = all.filter((r) => storyIdOf(r) === story).sort((a, b) => a.published_at.localeCompare(b.published_at) || a.source.localeCompare(b.source));
  const sources =
    members.length > 1
      ? `<ul class="story-sources">${members
          .map(
            (m) =>
              `<li>${m.id === record.id ? `<strong>${esc(m.source)}</strong> (this record)` : `<a href="/record/${esc(m.id)}">${esc(m.source)}</a>`} · ${esc(m.published_at)} · ${esc(m.title)}</li>`,
          )
          .join("")}</ul>`
      : '<p class="story-alone">No other outlet\'s report is in this story.</p>';
  const split = story !== record.id ? '<button type="button" data-story="split">Not the same story</button> ' : "";
  const nearby = nearbyStories(record, all);
  const chooser = nearby.length
    ? `<label>Story to join <select id="story-join">${nearby
        .map((r) => `<option value="${esc(storyIdOf(r))}">${esc(`${r.published_at} · ${r.source} · ${r.title}`.slice(0, 140))}</option>`)
        .join("")}</select></label> <button type="button" data-story="join">Same story as…</button>`
    : `<span class="story-alone">No other story of its buyers within ${NEARBY_STORY_DAYS} days to join.</span>`;
  const title = members.length > 1 ? `Story: ${members.length} reports` : "Story";
  return `<section class="story-panel" aria-label="Story"><h3>${title}</h3>${storyNote(record)}${sources}<div class="story-actions">${split}${chooser}</div></section>`;
}
