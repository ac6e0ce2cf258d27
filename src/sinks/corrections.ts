import path from "node:path";
import type { CommittedCorrection, Sink } from "../core/sink.js";
import { appendDurable } from "../store/fsutil.js";
import { CORRECTIONS_FILE } from "../store/layout.js";
import { withLock } from "../store/locks.js";
import type { SinkContext } from "./context.js";

/**
 * data/corrections.jsonl: one line per review-desk correction (pipeline/correction.ts
 * `CorrectionSchema`), under the file's lock, fsynced; the classifier (`train`) and the buyer
 * learning read it.
 *
 * A sink, not the store's own second file: the store's truth about a correction is the version it
 * wrote (`reviewed: {at, changes}`), and that alone decides what readers see. This line is written
 * after that version, outside its lock, and may lag behind it exactly as final_output.md's block
 * may (a full disk: reported in `deferred`, written with the next correction), so both follow the
 * one retry rule of the correction sinks instead of a queue of the store's own. Its readers take
 * it as a log to learn from, never as the record.
 */
export class CorrectionsLogSink implements Sink {
  readonly name = CORRECTIONS_FILE;

  constructor(private readonly context: Pick<SinkContext, "paths" | "lockOptions">) {}

  async corrected(corrections: readonly CommittedCorrection[]): Promise<void> {
    const file = path.join(this.context.paths.data, CORRECTIONS_FILE);
    const lines = corrections.map((c) => `${JSON.stringify(c.correction)}\n`).join("");
    await withLock(file, () => appendDurable(file, lines), this.context.lockOptions);
  }
}
