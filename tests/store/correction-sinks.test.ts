import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolvePaths } from "../../src/store/layout.js";
import { createLogger } from "../../src/log.js";
import { createBuyerDirectory } from "../../src/pipeline/buyer-directory.js";
import { CorrectionSchema, versionStamp, type CorrectionRequest } from "../../src/pipeline/correction.js";
import { createCorrectionSinks } from "../../src/sinks/index.js";
import { Corrector } from "../../src/store/corrector.js";
import { openStore } from "../../src/store/open.js";
import { StoreReader } from "../../src/store/reader.js";
import { makeRecord, tempConfig } from "../report/helpers.js";

/** A desk's store and corrector with the real correction sinks, on a fresh data folder with two stored records. */
async function deskWithSinks() {
  const config = tempConfig();
  const paths = resolvePaths(config);
  const buyers = createBuyerDirectory(config.buyers);
  const { store } = await openStore(config, paths, buyers);
  const log = createLogger({ silent: true });
  const sinks = createCorrectionSinks({ config, paths, lockOptions: config.locks, displayName: (name) => buyers.displayName(name), log });
  expect(sinks.map((sink) => sink.name)).toEqual(["final_output.md", "corrections.jsonl"]);
  store.sendCorrectionsTo(sinks);
  const records = [makeRecord({ title: "First story" }), makeRecord({ title: "Second story" })];
  await store.commit(records.map((record) => ({ record })));
  const corrections = path.join(paths.data, "corrections.jsonl");
  const correctionIds = async () =>
    (await fs.readFile(corrections, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((line) => CorrectionSchema.parse(JSON.parse(line)).id);
  const raw = new Corrector(store, new StoreReader(paths.ingest), buyers);
  // Each record is corrected once, from the version stored above.
  const corrector = {
    correct: (id: string, request: CorrectionRequest) => raw.correct(id, { base: versionStamp(records.find((r) => r.id === id)!), ...request }),
  };
  return { paths, records, corrections, correctionIds, corrector };
}

describe("what follows a stored correction (the correction sinks)", () => {
  it("a final_output.md that cannot be written is reported, not thrown, and its block comes before the next correction's", async () => {
    const { paths, records, correctionIds, corrector } = await deskWithSinks();
    await fs.mkdir(paths.finalOutput, { recursive: true }); // a folder where the file should be: every write fails
    const first = await corrector.correct(records[0]!.id, { excluded: true });
    expect(first.deferred).toEqual([expect.stringMatching(/^final_output\.md: /)]);
    expect(first.record.excluded).toBe(true); // the version is stored: the correction has happened
    expect(await correctionIds()).toEqual([records[0]!.id]);

    await fs.rmdir(paths.finalOutput);
    const second = await corrector.correct(records[1]!.id, { excluded: true });
    expect(second.deferred).toEqual([]);
    const text = await fs.readFile(paths.finalOutput, "utf8");
    expect(text.match(/^Correction: .*$/gm)).toEqual(["Correction: First story", "Correction: Second story"]);
    expect(await correctionIds()).toEqual([records[0]!.id, records[1]!.id]);
  });

  it("so is a corrections.jsonl that cannot be written: its line is written with the next correction's, in order", async () => {
    const { records, corrections, correctionIds, corrector } = await deskWithSinks();
    await fs.mkdir(corrections);
    const first = await corrector.correct(records[0]!.id, { accept: true });
    expect(first.deferred).toEqual([expect.stringMatching(/^corrections\.jsonl: /)]);
    await fs.rmdir(corrections);
    expect((await corrector.correct(records[1]!.id, { accept: true })).deferred).toEqual([]);
    expect(await correctionIds()).toEqual([records[0]!.id, records[1]!.id]);
  });
});
