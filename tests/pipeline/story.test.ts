import { describe, expect, it } from "vitest";
import { decideStory, scorePair, storyFeatures } from "../../src/pipeline/story.js";
import { loadStoryPairs, scoreStoryPairs } from "../../scripts/stories-score.js";

const renewalVariety = {
  id: "a".repeat(64),
  title: "‘The Residence’ Renewed for Season 2 at Netflix",
  lead: "Netflix has renewed “The Residence” for a second season, a month after the Shondaland murder mystery debuted at No. 1 on the streamer’s top 10 chart.",
  published_at: "2025-03-04",
  category: "Content, Deals & Distribution -> TV -> Renewals",
};
const renewalDeadline = {
  id: "b".repeat(64),
  title: "Netflix Orders Second Season Of Shondaland Mystery ‘The Residence’",
  lead: "Netflix has given a Season 2 renewal to The Residence, the White House whodunit from Shondaland, after its debut at No. 1 on the top 10 chart.",
  published_at: "2025-03-05",
  category: "Content, Deals & Distribution -> TV -> Renewals",
};
const premiereDate = {
  id: "c".repeat(64),
  title: "‘The Residence’ Sets March Premiere Date On Netflix",
  lead: "Netflix has set a March 20 premiere date for The Residence, the Shondaland murder mystery, and released the first photos.",
  published_at: "2025-03-05",
  category: "Content, Deals & Distribution -> TV -> Dating",
};

describe("decideStory", () => {
  it("joins the same event told in other words, and says why", () => {
    const first = storyFeatures({ ...renewalVariety, story_id: "f".repeat(64) });
    const verdict = decideStory(storyFeatures(renewalDeadline), [first]);
    expect(verdict.story_id).toBe("f".repeat(64));
    expect(verdict.reason).toMatchObject({ matched: renewalVariety.id, shared_titles: ["the residence"], days_apart: 1 });
    expect(verdict.reason!.similarity).toBeGreaterThan(0.3);
  });

  it("starts its own story for another event of the same show", () => {
    const verdict = decideStory(storyFeatures(premiereDate), [storyFeatures(renewalVariety)]);
    expect(verdict).toEqual({ story_id: premiereDate.id });
    expect(scorePair(storyFeatures(premiereDate), storyFeatures(renewalVariety)).blocked).toBe("different events");
  });

  it("starts its own story outside the window and never matches an earlier version of itself", () => {
    expect(decideStory(storyFeatures({ ...renewalDeadline, published_at: "2025-03-09" }), [storyFeatures(renewalVariety)]).story_id).toBe(renewalDeadline.id);
    expect(decideStory(storyFeatures({ ...renewalDeadline, published_at: "2025-03-09" }), [storyFeatures(renewalVariety)], 7).story_id).toBe(renewalVariety.id);
    expect(decideStory(storyFeatures(renewalDeadline), [storyFeatures({ ...renewalVariety, id: renewalDeadline.id })]).story_id).toBe(renewalDeadline.id);
  });

  it("an analyst's example decides pairs like it: one split is never joined, one joined is joined whatever its score", () => {
    const renewal = storyFeatures(renewalVariety);
    const date = storyFeatures(premiereDate);
    const copyOf = (r: typeof renewalVariety, id: string) => storyFeatures({ ...r, id: id.repeat(64), published_at: "2025-04-10" });
    const joinedExample = { record: date, other: renewal, same: true };
    const joined = decideStory(copyOf(premiereDate, "d"), [copyOf(renewalVariety, "e")], 3, [joinedExample]);
    expect(joined).toMatchObject({ story_id: "e".repeat(64), reason: { example: premiereDate.id } });
    expect(decideStory(copyOf(premiereDate, "d"), [copyOf(renewalVariety, "e")]).story_id).toBe("d".repeat(64));
    const splitExample = { record: storyFeatures(renewalDeadline), other: renewal, same: false };
    expect(decideStory(copyOf(renewalDeadline, "d"), [copyOf(renewalVariety, "e")]).story_id).toBe("e".repeat(64));
    expect(decideStory(copyOf(renewalDeadline, "d"), [copyOf(renewalVariety, "e")], 3, [splitExample]).story_id).toBe("d".repeat(64));
  });

  it("a record without story_id is its own story", () => {
    expect(storyFeatures(renewalVariety).story_id).toBe(renewalVariety.id);
  });
});

describe("the hand-written pairs (tests/fixtures/stories/pairs.json, pairs-report.json)", () => {
  it("has at least 60 pairs in each split, about half of each kind", () => {
    for (const split of ["tune", "report"] as const) {
      const pairs = loadStoryPairs(split);
      expect(pairs.length).toBeGreaterThanOrEqual(60);
      expect(pairs.filter((p) => p.same).length).toBeGreaterThanOrEqual(25);
      expect(pairs.filter((p) => !p.same).length).toBeGreaterThanOrEqual(25);
    }
  });

  it("keeps the figures reached on the tune pairs (scripts/eval-stories.ts)", () => {
    const tune = scoreStoryPairs(loadStoryPairs("tune"));
    // Tuned on these: they say nothing about new pairs (the report split does).
    expect(tune.precision).toBeGreaterThanOrEqual(0.9);
    expect(tune.recall).toBeGreaterThanOrEqual(0.95);
  });

  it("keeps the figures measured once on the second report pairs, never tuned on (scripts/eval-stories.ts --report)", () => {
    const report = scoreStoryPairs(loadStoryPairs("report2"));
    // Measured once, after tuning on pairs.json and pairs-report.json only (57 pairs): precision
    // 0.952 (20 of 21 joins right), recall 0.909 (20 of 22). The precision goal (0.97) is not met
    // (docs/stories.md); this holds the figures from getting worse. The first report set
    // (pairs-report.json) is tune data now: all tuned on, precision 0.988, recall 0.952.
    expect(report.pairs).toBeGreaterThanOrEqual(50);
    expect(report.precision).toBeGreaterThanOrEqual(0.95);
    expect(report.recall).toBeGreaterThanOrEqual(0.9);
  });
});
