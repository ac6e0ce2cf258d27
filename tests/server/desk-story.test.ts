import { describe, expect, it } from "vitest";
import { recordDetail } from "../../src/server/desk/pages.js";
import { storyAlso, storyCounts, storyPanel } from "../../src/server/desk/story.js";
import { createBuyerDirectory } from "../../src/pipeline/buyer-directory.js";
import { loadConfig } from "../../src/config/load.js";
import { makeRecord } from "../report/helpers.js";

const buyers = createBuyerDirectory(loadConfig({ env: {} }).buyers);

describe("desk: stories", () => {
  it("the quarter view counts stories, and the articles when they differ", () => {
    expect(storyCounts({ storyCount: 12, recordCount: 15 })).toBe("12 stories (15 articles)");
    expect(storyCounts({ storyCount: 1, recordCount: 1 })).toBe("1 story");
  });

  it("a member's record view says which story it joined and why; a story's first record says nothing", () => {
    const first = makeRecord({ title: "First report" });
    const member = makeRecord({
      title: "Second report",
      story_id: first.id,
      story_reason: { matched: first.id, similarity: 0.52, shared_titles: ["<the residence>"], shared_people: [], shared_numbers: [], days_apart: 1 },
    });
    expect(recordDetail(member, buyers, [member])).toContain(
      `<p class="story">Story: joins ${first.id} (similarity 0.52; shared titles: &lt;the residence&gt;; 1 day apart)</p>`,
    );
    expect(recordDetail({ ...first, story_id: first.id }, buyers, [first])).not.toContain('class="story"');
  });

  it("the story panel lists the story's reports and offers the split to a member and the nearby stories of its buyers to join, escaped", () => {
    const first = makeRecord({ title: "First <b>report</b>", source: "Variety", published_at: "2025-11-04" });
    const member = makeRecord({ title: "Second report", source: "Deadline", published_at: "2025-11-04", story_id: first.id });
    const near = makeRecord({ title: "Another story", source: "THR", published_at: "2025-11-09" });
    const far = makeRecord({ title: "A month later", published_at: "2025-12-04" });
    const otherBuyer = makeRecord({ title: "Another buyer", company: "Netflix", buyers: { strong: ["Netflix"], weak: [] }, published_at: "2025-11-04" });
    const all = [first, member, near, far, otherBuyer];
    const panel = storyPanel(member, all);
    expect(panel).toContain("<h3>Story: 2 reports</h3>");
    expect(panel).toContain(`<a href="/record/${first.id}">Variety</a> · 2025-11-04 · First &lt;b&gt;report&lt;/b&gt;`);
    expect(panel).toContain("<strong>Deadline</strong> (this record)");
    expect(panel).toContain('data-story="split">Not the same story</button>');
    expect(panel).toContain(`<option value="${near.id}">2025-11-09 · THR · Another story</option>`);
    expect(panel).not.toContain(far.id);
    expect(panel).not.toContain(otherBuyer.id);
    expect(storyPanel(first, all)).not.toContain("Not the same story");
    expect(storyAlso({ also: [{ source: "Deadline", url: "https://deadline.com/x" }] })).toBe(' <span class="also">(also Deadline)</span>');
  });
});
