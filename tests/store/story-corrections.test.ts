import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolvePaths } from "../../src/store/layout.js";
import type { Config } from "../../src/config/schema.js";
import { writeReports } from "../../src/report/write.js";
import { writeDigest } from "../../src/digest/digest.js";
import { openDeskStore, readCorrections } from "../helpers/outputs.js";
import { makeRecord, tempConfig } from "../report/helpers.js";
import type { StoredRecord } from "../../src/core/record.js";

// Three reports of one week about one show (docs/stories.md, "The analyst decides").
const RENEWAL = {
  title: "‘The Residence’ Renewed for Season 2 at Netflix",
  lead: "Netflix has renewed “The Residence” for a second season, a month after the Shondaland murder mystery set in the White House debuted at No. 1 on the streamer’s top 10 chart.",
};
const RENEWAL_AGAIN = {
  title: "Netflix Orders Second Season Of Shondaland Mystery ‘The Residence’",
  lead: "Netflix has given a Season 2 renewal to The Residence, the White House whodunit from Shondaland, after its debut at No. 1 on the top 10 chart.",
};
const PREMIERE = {
  title: "‘The Residence’ Sets March Premiere Date On Netflix, Releases First Photos",
  lead: "Netflix has set a March 20 premiere date for The Residence, the Shondaland murder mystery starring Uzo Aduba, and released the first photos.",
};

const article = (slug: string, text: { title: string; lead: string }, source: string, line: string, day = "2025-11-04"): StoredRecord =>
  makeRecord({
    ...text,
    url: `https://${source.toLowerCase()}.com/2025/tv/${slug}/`,
    source,
    published_at: day,
    processed_at: `${day}T10:00:00.000Z`,
    facts: [{ category: "Content, Deals & Distribution -> TV -> Renewals", line }],
  });

async function desk(config: Config) {
  const { paths, commit, reader, correct } = await openDeskStore(config);
  const current = async (id: string) => {
    await reader.refresh();
    return reader.get(id)!;
  };
  return {
    paths,
    commit,
    correct,
    storyOf: async (id: string) => (await current(id)).story_id,
    storyReason: async (id: string) => (await current(id)).story_reason,
  };
}

const corrections = readCorrections;

const sonyMd = async (config: Config) => {
  await writeReports({ config, quarter: "2025 Q4", buyer: "Sony", format: "md" });
  return fs.readFile(path.join(resolvePaths(config).reports, "2025 Q4", "2025 Q4 Sony News Coverage.md"), "utf8");
};

describe("the analyst splits and joins stories (corrections)", () => {
  it("'Not the same story' splits a member out: a new version, a corrections line, the report and digest follow; a reprint of it is not grouped with the old story again", async () => {
    const config = tempConfig();
    const { paths, commit, correct, storyOf } = await desk(config);
    const first = article("residence-renewed", RENEWAL, "Variety", "Netflix renews The Residence");
    const second = article("residence-season-2", RENEWAL_AGAIN, "Deadline", "Deadline line about the renewal");
    await commit([{ record: first }]);
    await commit([{ record: second }]);
    expect(await storyOf(second.id)).toBe(first.id);
    expect(await sonyMd(config)).not.toContain("Deadline line about the renewal");

    const split = await correct(second.id, { story_id: second.id }, "Dana");
    expect(split.changed).toEqual(["story_id"]);
    expect(split.record).toMatchObject({ story_id: second.id, story_reason: { analyst: "split", matched: first.id }, reviewed: { by: "Dana" } });
    expect((await corrections(paths.data)).at(-1)).toMatchObject({ by: "Dana", id: second.id, changes: { story_id: { from: first.id, to: second.id } } });
    expect(await sonyMd(config)).toContain("Deadline line about the renewal");
    const digest = await fs.readFile(await writeDigest({ config, date: "2025-11-04", now: Date.parse("2025-11-05T12:00:00Z") }), "utf8");
    expect(digest).toContain("| Stories (one per news event) | 2 |");

    // The same Deadline text again under another address (a syndicated copy): like the split pair, so not in the first story.
    const reprint = article("residence-season-2-copy", RENEWAL_AGAIN, "Yahoo", "Copy of the Deadline story");
    await commit([{ record: reprint }]);
    expect(await storyOf(reprint.id)).toBe(second.id);

    // A month later (outside the window of the first two), copies of the same two texts: a pair like the
    // one the analyst split, so the second copy starts its own story (it would join the first without the example).
    const firstCopy = article("residence-renewed-copy", RENEWAL, "Yahoo", "Copy of the Variety story", "2025-12-04");
    const secondCopy = article("residence-season-2-copy-2", RENEWAL_AGAIN, "MSN", "Copy of the Deadline story", "2025-12-05");
    await commit([{ record: firstCopy }]);
    await commit([{ record: secondCopy }]);
    expect(await storyOf(secondCopy.id)).toBe(secondCopy.id);

    const undone = await correct(second.id, { undo: true }, "Dana");
    expect(undone.record.story_id).toBe(first.id);
    expect(undone.changed).toEqual(["story_id"]);
  });

  it("'Same story as…' joins a record to another story; a pair like it is joined again; splitting a story's first record is refused", async () => {
    const config = tempConfig();
    const { paths, commit, correct, storyOf, storyReason } = await desk(config);
    const first = article("residence-renewed", RENEWAL, "Variety", "Netflix renews The Residence");
    const premiere = article("residence-premiere", PREMIERE, "Deadline", "Deadline line about the premiere");
    await commit([{ record: first }, { record: premiere }]);
    expect(await storyOf(premiere.id)).toBe(premiere.id);

    const joined = await correct(premiere.id, { story_id: first.id }, "Dana");
    expect(joined.record).toMatchObject({ story_id: first.id, story_reason: { analyst: "joined", matched: first.id } });
    expect((await corrections(paths.data)).at(-1)!.changes.story_id).toEqual({ from: premiere.id, to: first.id });
    const md = await sonyMd(config);
    expect(md).not.toContain("Deadline line about the premiere");
    expect(md).toContain("[Deadline](https://deadline.com/2025/tv/residence-premiere/)");

    // A second copy of the premiere news, under another address: like the pair the analyst joined.
    const copy = article("residence-premiere-copy", PREMIERE, "Yahoo", "Copy of the premiere story");
    await commit([{ record: copy }]);
    expect(await storyOf(copy.id)).toBe(first.id);

    // A month later, copies of the two texts: like the pair the analyst joined, so joined (their headlines name two kinds of event).
    const firstCopy = article("residence-renewed-copy", RENEWAL, "Yahoo", "Copy of the Variety story", "2025-12-04");
    const premiereCopy = article("residence-premiere-copy-2", PREMIERE, "MSN", "Copy of the premiere story", "2025-12-05");
    await commit([{ record: firstCopy }]);
    await commit([{ record: premiereCopy }]);
    expect(await storyOf(premiereCopy.id)).toBe(firstCopy.id);
    expect((await storyReason(premiereCopy.id))?.example).toBe(premiere.id);

    await expect(correct(first.id, { story_id: first.id })).rejects.toMatchObject({ code: "input_unprocessable", message: /already starts its own story/ });
    await expect(correct(premiere.id, { story_id: first.id })).rejects.toMatchObject({ message: /in that story already/ });
    await expect(correct(premiere.id, { story_id: "f".repeat(64) })).rejects.toMatchObject({ message: /no stored record/ });
  });
});
