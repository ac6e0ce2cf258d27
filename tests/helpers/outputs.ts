import { promises as fs } from "node:fs";
import path from "node:path";
import { resolvePaths } from "../../src/store/layout.js";
import { CorrectionSchema, versionStamp, type CorrectionRequest } from "../../src/pipeline/correction.js";
import { Corrector } from "../../src/store/corrector.js";
import { StoreReader } from "../../src/store/reader.js";
import type { Paths } from "../../src/store/layout.js";
import type { Config } from "../../src/config/schema.js";
import { createBuyerDirectory } from "../../src/pipeline/buyer-directory.js";
import { commitToSinks } from "../../src/runtime/session.js";
import { CorrectionsLogSink } from "../../src/sinks/corrections.js";
import { FinalOutputSink } from "../../src/sinks/final-output.js";
import { openStore } from "../../src/store/open.js";
import type { Store, StoreItem } from "../../src/store/store.js";

/** The store with final_output.md (opened: torn-block repair), committing as the processing session does and correcting as the desk does. */
export async function openStoreWithFinalOutput(config: Config, paths: Paths, store?: Store) {
  store ??= (await openStore(config, paths)).store;
  const buyers = createBuyerDirectory(config.buyers);
  const finalOutput = new FinalOutputSink({ paths, lockOptions: config.locks, displayName: (name) => buyers.displayName(name) });
  await finalOutput.open();
  // Corrections leave as the desk's do: final_output.md's block and the corrections.jsonl line.
  store.sendCorrectionsTo([finalOutput, new CorrectionsLogSink({ paths, lockOptions: config.locks })]);
  const opened = store;
  return { store: opened, finalOutput, commit: (items: readonly StoreItem[]) => commitToSinks(opened, [finalOutput], items) };
}

/** The store, its reader and a Corrector as the desk has them; `correct` sends the version stored now as `base`, as the desk does. */
export async function openDeskStore(config: Config) {
  const paths = resolvePaths(config);
  const { store, commit } = await openStoreWithFinalOutput(config, paths);
  const reader = new StoreReader(paths.ingest);
  const corrector = new Corrector(store, reader, createBuyerDirectory(config.buyers));
  const correct = async (id: string, request: CorrectionRequest, by?: string) => {
    await reader.refresh();
    return corrector.correct(id, { base: versionStamp(reader.get(id)!), ...request }, by);
  };
  return { paths, store, commit, reader, correct };
}

/** The lines of data/corrections.jsonl, checked against their schema. */
export const readCorrections = async (dataDir: string) =>
  (await fs.readFile(path.join(dataDir, "corrections.jsonl"), "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((l) => CorrectionSchema.parse(JSON.parse(l)));
