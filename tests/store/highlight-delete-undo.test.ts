import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeReports } from "../../src/report/write.js";
import { readQuarterRecords } from "../../src/store/versions.js";
import { reviewQueue } from "../../src/store/queries.js";
import { writeDigest } from "../../src/digest/digest.js";
import { openDeskStore, readCorrections } from "../helpers/outputs.js";
import { makeRecord, tempConfig } from "../report/helpers.js";

const desk = openDeskStore;
const corrections = readCorrections;

const sonyMd = (reports: string) => fs.readFile(path.join(reports, "2025 Q4", "2025 Q4 Sony News Coverage.md"), "utf8");

describe("highlight, delete and undo are corrections", () => {
  it("a highlight is listed in section 0 of the report and stays in its own section; unmarking takes it out", async () => {
    const config = tempConfig();
    const { paths, commit, correct } = await desk(config);
    const record = makeRecord({ title: "Sony greenlights a drama", facts: [{ category: "Org -> Org", line: "Sony names a new TV chief" }] });
    const other = makeRecord({ title: "Sony other", facts: [{ category: "Org -> Org", line: "Sony other story" }] });
    await commit([{ record }, { record: other }]);
    const marked = await correct(record.id, { highlight: true }, "Dana");
    expect(marked.changed).toEqual(["highlight"]);
    expect(marked.record).toMatchObject({ highlight: true, reviewed: { by: "Dana", changes: ["highlight"] } });
    await writeReports({ config, quarter: "2025 Q4", buyer: "Sony", format: "md" });
    let md = await sonyMd(paths.reports);
    const section0 = md.slice(md.indexOf("## 0. Highlights"), md.indexOf("## 1. Org"));
    expect(section0).toContain("Sony names a new TV chief");
    expect(section0).not.toContain("Sony other story");
    expect(section0).not.toContain("### ");
    expect(md.slice(md.indexOf("## 1. Org"))).toContain("Sony names a new TV chief");
    await correct(record.id, { highlight: false }, "Dana");
    await writeReports({ config, quarter: "2025 Q4", buyer: "Sony", format: "md" });
    md = await sonyMd(paths.reports);
    expect(md.slice(md.indexOf("## 0. Highlights"), md.indexOf("## 1. Org"))).not.toContain("Sony names");
    expect((await corrections(paths.data)).map((c) => c.changes.highlight)).toEqual([
      { from: false, to: true },
      { from: true, to: false },
    ]);
  });

  it("delete writes a tombstone version: the record leaves reports, digest and desk lists; undo brings it back", async () => {
    const config = tempConfig();
    const { paths, commit, reader, correct } = await desk(config);
    const record = makeRecord({
      title: "Netflix renews The Crown",
      company: "Sony",
      review: ["quarter from arrival time"],
      processed_at: "2025-11-03T10:00:00.000Z",
      facts: [{ category: "Org -> Org", line: "Junk story line" }],
    });
    await commit([{ record }]);
    const versionsBefore = (await fs.readFile(path.join(paths.ingest, "Sony", "2025 Q4.jsonl"), "utf8")).split("\n").filter(Boolean).length;
    const digestAt = { config, date: "2025-11-03", now: Date.parse("2025-11-04T12:00:00Z") };
    expect(await fs.readFile(await writeDigest(digestAt), "utf8")).toContain("Netflix renews The Crown");
    const deleted = await correct(record.id, { deleted: true }, "Dana");
    expect(deleted.record.deleted).toBe(true);
    // Nothing erased: the old line is still there, the tombstone is one more.
    expect((await fs.readFile(path.join(paths.ingest, "Sony", "2025 Q4.jsonl"), "utf8")).split("\n").filter(Boolean)).toHaveLength(versionsBefore + 1);
    expect(reader.all().map((r) => r.id)).not.toContain(record.id);
    expect(reviewQueue(reader.all())).toHaveLength(0);
    expect(reader.get(record.id)?.deleted).toBe(true);
    expect((await readQuarterRecords({ ingestDir: paths.ingest, quarter: "2025 Q4" })).records).toHaveLength(0);
    await writeReports({ config, quarter: "2025 Q4", buyer: "Sony", format: "md" });
    expect(await sonyMd(paths.reports)).not.toContain("Junk story line");
    expect(await fs.readFile(await writeDigest(digestAt), "utf8")).not.toContain("Netflix renews The Crown");

    const undone = await correct(record.id, { undo: true }, "Sam");
    expect(undone.changed).toEqual(["deleted"]);
    expect(undone.record).toMatchObject({ reviewed: { by: "Sam", changes: ["undo", "deleted"] }, review: ["quarter from arrival time"] });
    expect(undone.record.deleted).toBeUndefined();
    expect(reader.all().map((r) => r.id)).toContain(record.id);
    await writeReports({ config, quarter: "2025 Q4", buyer: "Sony", format: "md" });
    expect(await sonyMd(paths.reports)).toContain("Junk story line");
    const lines = await corrections(paths.data);
    expect(lines.at(-1)).toMatchObject({ by: "Sam", undo: deleted.record.reviewed!.at, changes: { deleted: { from: true, to: false } } });
  });

  it("undo of an exclusion restores the version before it; there is nothing to undo on an unreviewed record", async () => {
    const config = tempConfig();
    const { commit, correct, reader } = await desk(config);
    const a = makeRecord({ title: "A", review: ["low confidence"] });
    const b = makeRecord({ title: "B", review: ["low confidence"] });
    await commit([{ record: a }, { record: b }]);
    await expect(correct(a.id, { undo: true })).rejects.toThrow(/nothing to undo/);
    await correct(a.id, { excluded: true }, "Dana");
    await correct(b.id, { excluded: true }, "Dana");
    await correct(a.id, { undo: true }, "Dana");
    expect(reader.get(a.id)?.excluded).toBeUndefined();
    expect(reader.get(b.id)?.excluded).toBe(true);
    // The flags came back with the version: it is in the queue again.
    expect(reviewQueue(reader.all()).map((r) => r.id)).toEqual([a.id]);
    await expect(correct(a.id, { undo: true, excluded: true })).rejects.toThrow(/undo takes nothing else/);
  });
});
