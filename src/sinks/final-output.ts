import path from "node:path";
import type { CommittedCorrection, CommittedRecord, Sink } from "../core/sink.js";
import { correctionBlock } from "../pipeline/correction.js";
import { finalOutputBlock } from "../pipeline/process.js";
import type { StoredRecord } from "../core/record.js";
import { appendFinalBlocks, repairFinalOutput } from "../store/final-output.js";
import { ensureDir } from "../store/fsutil.js";
import type { SinkContext } from "./context.js";

/**
 * data/final_output.md: durable. One write per batch (under the file's lock, fsynced) before any
 * input moves; blocks separated by exactly one blank line, grouped by store file as the appends were.
 * A review-desk correction that changes something adds its short "Correction:" block.
 */
export class FinalOutputSink implements Sink {
  readonly name = "final_output.md";
  /**
   * Ids this process appended to the store whose block did not get written (that write, or a later
   * append of the batch, failed: disk full, lock timeout). The input is retried; its re-run finds
   * the record already stored and, like a crash re-run, adds the block if the file lacks it.
   */
  private readonly blockless = new Set<string>();
  private dirReady = false;

  constructor(private readonly context: Pick<SinkContext, "paths" | "lockOptions" | "displayName">) {}

  /** A torn last block (a crash mid-write) is cut and the lost blocks written again from the store. */
  async open(): Promise<string[]> {
    const { paths, lockOptions } = this.context;
    const repaired = await repairFinalOutput(paths.finalOutput, paths.ingest, paths.data, lockOptions);
    return repaired ? [repaired] : [];
  }

  async committed(records: readonly CommittedRecord[]): Promise<void> {
    const { displayName } = this.context;
    const ordered = byTarget(records);
    const blocks = ordered.filter((c) => c.status === "stored").map((c) => finalOutputBlock(c.record, displayName));
    // A re-run after a crash, or after this process failed to write the block, finds its record
    // already stored: the block is added if the file lacks it.
    const rerun = ordered.filter((c) => c.status === "duplicate" && (c.recovered || this.blockless.has(c.record.id)));
    if (blocks.length === 0 && rerun.length === 0) return;
    const ifAbsent = rerun.map(({ record }) => ({ url: record.url, block: () => finalOutputBlock(record, displayName) }));
    await this.append(blocks, ifAbsent);
    for (const { record } of rerun) this.blockless.delete(record.id);
  }

  /** An accept changes nothing delivered and adds no block. */
  async corrected(corrections: readonly CommittedCorrection[]): Promise<void> {
    await this.append(
      corrections.map((c) => correctionBlock({ record: c.record, changed: [...c.changed] })).filter((block): block is string => block !== null),
    );
  }

  private async append(blocks: readonly string[], ifAbsent: Parameters<typeof appendFinalBlocks>[3] = []): Promise<void> {
    try {
      if (!this.dirReady) await ensureDir(path.dirname(this.context.paths.finalOutput));
      this.dirReady = true;
      await appendFinalBlocks(this.context.paths.finalOutput, blocks, this.context.lockOptions, ifAbsent);
    } catch (err) {
      this.dirReady = false; // a folder removed behind our back is made again on the retry
      throw err;
    }
  }

  interrupted(appended: readonly StoredRecord[]): void {
    for (const record of appended) this.blockless.add(record.id);
  }

  owes(id: string): boolean {
    return this.blockless.has(id);
  }
}

/** Records grouped by their store file, files in order of first appearance, records in batch order. */
function byTarget(records: readonly CommittedRecord[]): CommittedRecord[] {
  const groups = new Map<string, CommittedRecord[]>();
  for (const c of records) groups.set(c.target, [...(groups.get(c.target) ?? []), c]);
  return [...groups.values()].flat();
}
