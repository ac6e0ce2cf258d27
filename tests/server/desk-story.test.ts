import { describe, expect, it } from "vitest";
import { recordDetail } from "../../src/server/desk/pages.js";
import { storyCounts } from "../../src/server/desk/story.js";
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
});
