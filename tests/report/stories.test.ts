import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildOutline } from "../../src/report/outline.js";
import { writeReports } from "../../src/report/write.js";
import { makeRecord, readDocx, seedStore, tempConfig } from "./helpers.js";

/** One renewal told by three outlets (one story), and another event of the same show (its own story). */
function renewalStory() {
  const first = makeRecord({
    url: "https://variety.com/2025/tv/news/spider-noir-renewed/",
    source: "Variety",
    published_at: "2025-11-04",
    facts: [{ category: "Content, Deals & Distribution -> TV -> Renewals", line: "Spider-Noir: renewed for Season 2 at Sony" }],
  });
  const story_id = first.id;
  const deadline = makeRecord({
    url: "https://deadline.com/2025/11/spider-noir-season-2/",
    source: "Deadline",
    published_at: "2025-11-04",
    story_id,
    facts: [{ category: "Content, Deals & Distribution -> TV -> Renewals", line: "Spider-Noir picked up for a second season" }],
  });
  const thr = makeRecord({
    url: "https://www.hollywoodreporter.com/tv/spider-noir-renewed/",
    source: "The Hollywood Reporter",
    published_at: "2025-11-05",
    story_id,
    facts: [{ category: "Content, Deals & Distribution -> TV -> Renewals", line: "Sony renews Spider-Noir" }],
  });
  const premiere = makeRecord({
    url: "https://deadline.com/2025/11/spider-noir-premiere-date/",
    source: "Deadline",
    published_at: "2025-11-06",
    facts: [{ category: "Content, Deals & Distribution -> TV -> Dating", line: "Spider-Noir sets a May premiere" }],
  });
  return { first: { ...first, story_id }, deadline, thr, premiere };
}

describe("one entry per story", () => {
  it("the outline prints the first report's line and date, with the other outlets it stands for; counts stories", () => {
    const { first, deadline, thr, premiere } = renewalStory();
    // The store order need not be the publication order: the entry is still the first report's.
    const outline = buildOutline({ records: [thr, deadline, first, premiere], buyer: { name: "Sony", display: "Sony" }, quarter: "2025 Q4" });
    const tv = outline.sections[2]!.subheadings.find((s) => s.title === "TV")!;
    const renewals = tv.labels.find((l) => l.title === "Renewals")!.entries;
    expect(renewals).toHaveLength(1);
    expect(renewals[0]).toMatchObject({
      before: "Spider-Noir: renewed for Season 2 at Sony ",
      date: "11/4",
      url: first.url,
      also: [
        { source: "Deadline", url: deadline.url },
        { source: "The Hollywood Reporter", url: thr.url },
      ],
    });
    expect(tv.labels.find((l) => l.title === "Dating")!.entries[0]!.also).toBeUndefined();
    expect(outline).toMatchObject({ recordCount: 4, storyCount: 2, entryCount: 2 });
  });

  it("a record without story_id is its own story", () => {
    const a = makeRecord({ facts: [{ category: "Org -> Org", line: "A" }] });
    const b = makeRecord({ facts: [{ category: "Org -> Org", line: "B" }] });
    const outline = buildOutline({ records: [a, b], buyer: { name: "Sony", display: "Sony" }, quarter: "2025 Q4" });
    expect(outline).toMatchObject({ recordCount: 2, storyCount: 2, entryCount: 2 });
  });

  it("the Markdown and Word reports link the other outlets", async () => {
    const config = tempConfig();
    const { first, deadline, thr, premiere } = renewalStory();
    seedStore(config, "Sony", "2025 Q4", [first, deadline, thr, premiere]);
    const [mdFile] = await writeReports({ config, quarter: "2025 Q4", buyer: "Sony", format: "md" });
    const md = readFileSync(mdFile!, "utf8");
    expect(md).toContain(
      `- Spider-Noir: renewed for Season 2 at Sony ([11/4](${first.url})) (also [Deadline](${deadline.url}), [The Hollywood Reporter](${thr.url}))\n`,
    );
    expect(md).not.toContain("picked up for a second season");
    expect(md).not.toContain("Sony renews Spider-Noir");
    expect(md).toContain("Spider-Noir sets a May premiere");

    const [docxFile] = await writeReports({ config, quarter: "2025 Q4", buyer: "Sony", format: "docx" });
    const paragraph = readDocx(readFileSync(docxFile!)).paragraphs.find((p) => p.text.startsWith("Spider-Noir: renewed"))!;
    expect(paragraph.text).toBe("Spider-Noir: renewed for Season 2 at Sony (11/4) (also Deadline, The Hollywood Reporter)");
    expect(paragraph.links).toEqual([
      { text: "11/4", target: first.url },
      { text: "Deadline", target: deadline.url },
      { text: "The Hollywood Reporter", target: thr.url },
    ]);
  });
});
