import { deflateRawSync } from "node:zlib";
import path from "node:path";
import type { CommittedRecord, Sink } from "../core/sink.js";
import { appendDurable, ensureDir } from "../store/fsutil.js";
import { repairTornTail } from "../store/jsonl.js";
import { withLock } from "../store/locks.js";
import type { SinkContext } from "./context.js";

/**
 * data/archive/articles.jsonl: the whole text of every stored article, so the desk can show it
 * and search it (the record keeps only a lead). One line per article, `{id, at, z}` with `z` the
 * deflated text in base64; appended under the file's lock in one write and fsynced, before the
 * input moves (durable, like final_output.md). A re-run after a crash writes the text again (a
 * second line for an id: the reader keeps the last).
 */
/**
 * Deflate level 1: on the main thread, per stored article, 0.056 ms instead of 0.096 ms at the
 * default level 6 (the 148 corpus texts), for 0.486 of the text's size instead of 0.470.
 */
const DEFLATE = { level: 1 };

export class ArchiveSink implements Sink {
  readonly name = "article archive";

  constructor(private readonly context: Pick<SinkContext, "paths" | "lockOptions">) {}

  async open(): Promise<string[]> {
    const file = this.context.paths.archive;
    await ensureDir(path.dirname(file));
    const removed = await withLock(file, () => repairTornTail(file), this.context.lockOptions);
    return removed > 0 ? [`${path.relative(this.context.paths.data, file)} (a torn last line: ${removed} bytes cut)`] : [];
  }

  async committed(records: readonly CommittedRecord[]): Promise<void> {
    const lines = records
      .filter((c) => c.body && (c.status === "stored" || c.recovered))
      .map(
        (c) =>
          `${JSON.stringify({ id: c.record.id, at: c.record.processed_at, z: deflateRawSync(Buffer.from(c.body!, "utf8"), DEFLATE).toString("base64") })}\n`,
      );
    if (lines.length === 0) return;
    const file = this.context.paths.archive;
    await ensureDir(path.dirname(file));
    await withLock(file, () => appendDurable(file, lines.join("")), this.context.lockOptions);
  }
}
