// M&A cues (issue 21 item 3): stories about a merger or an acquisition of a company, commentary on one,
// a guild's or a regulator's response, bids -> M&A; a title bought at a festival stays a content deal.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classifyDoc, headlineAndBody } from "../../../src/engines/offline/classifier.js";
import { applyDealCues, DEAL_CUES, dealCues, MNA_CATEGORY } from "../../../src/engines/offline/deal-cues.js";
import { ROOT } from "../../helpers/daemon.js";

interface Story {
  id: string;
  ma: boolean;
  section?: string;
  title: string;
  content: string;
}
const STORIES = readFileSync(path.join(ROOT, "tests", "fixtures", "deals", "stories.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Story);
const SAMPLES = path.resolve(ROOT, "..", "shared", "corpus", "samples");
const sample = (name: string) => JSON.parse(readFileSync(path.join(SAMPLES, name), "utf8")) as { title: string; content: string };

describe("M&A cues", () => {
  it("names its cues in one list", () => {
    expect(DEAL_CUES.map(([name]) => name)).toEqual([
      "merger",
      "acquisition of a company",
      "takeover or bid",
      "deal talks",
      "regulator or antitrust review",
      "sale of a company",
      "billion-dollar deal",
    ]);
  });

  it.each(STORIES.filter((s) => s.ma).map((s) => [s.id, s] as const))("%s goes to M&A", (_id, story) => {
    const doc = headlineAndBody(story.title, story.content);
    expect(dealCues(doc).cues.length).toBeGreaterThan(0);
    expect(classifyDoc(doc).category).toBe(MNA_CATEGORY);
  });

  it.each(STORIES.filter((s) => !s.ma).map((s) => [s.id, s] as const))("%s is not M&A", (_id, story) => {
    const category = classifyDoc(headlineAndBody(story.title, story.content)).category;
    expect(category).not.toBe(MNA_CATEGORY);
    expect(category.startsWith(story.section!)).toBe(true);
  });

  it("a film bought at a festival is a Film pickup, not corporate M&A", () => {
    const story = STORIES.find((s) => s.id === "festival-pickup")!;
    expect(classifyDoc(headlineAndBody(story.title, story.content)).category).toBe("Content, Deals & Distribution -> Film -> Pickups");
  });

  it.each([
    ["the Writers Guild's response to the Netflix-WBD merger", "variety_wga_netflix_warner_merger.json"],
    ["a column on Netflix buying Warner Bros.", "variety_netflix_buying_warner_column.json"],
  ])("the corpus sample with %s goes to M&A", (_what, file) => {
    const { title, content } = sample(file);
    expect(classifyDoc(headlineAndBody(title, content)).category).toBe(MNA_CATEGORY);
  });

  it("puts M&A just above the best other leaf when cued, and leaves scores alone otherwise", () => {
    const classes = ["Org -> Exec Changes", MNA_CATEGORY];
    const cued = applyDealCues(classes, { title: "Paramount launches hostile bid for WBD", body: "The offer is $30 a share." }, Float64Array.from([3, 1]));
    expect(cued[1]).toBeGreaterThan(cued[0]!);
    const plain = applyDealCues(classes, { title: "HBO renews drama", body: "It returns next year." }, Float64Array.from([3, 1]));
    expect([...plain]).toEqual([3, 1]);
    const pickup = applyDealCues(classes, { title: "Neon acquires the film Dune Road", body: "Neon took worldwide rights." }, Float64Array.from([3, 1]));
    expect([...pickup]).toEqual([3, 1]);
  });
});
