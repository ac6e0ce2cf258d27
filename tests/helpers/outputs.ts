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
