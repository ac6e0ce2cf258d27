import path from "node:path";
import type { Settlement, Sink } from "../core/sink.js";
import { oneLine } from "../core/text.js";
import { appendDurable, ensureDir } from "../store/fsutil.js";
import { listJsonlFiles, repairTornTail } from "../store/jsonl.js";
import { traceFile } from "../store/layout.js";
import { withLock } from "../store/locks.js";
import type { TraceLine } from "../store/trace.js";
import type { SinkContext } from "./context.js";

/** data/traces/YYYY-MM-DD.jsonl: one audit line per outcome, under the day file's lock, fsynced. */
export class TracesSink implements Sink<TraceLine> {
  readonly name = "trace lines";
  private dirReady = false;

  constructor(private readonly context: Pick<SinkContext, "paths" | "lockOptions">) {}

  /** Creates the folder and cuts torn last lines (a crash mid-write). */
  async open(): Promise<string[]> {
    const { paths, lockOptions } = this.context;
    await ensureDir(paths.traces);
    const repaired: string[] = [];
    for (const file of await listJsonlFiles(paths.traces)) {
      const removed = await withLock(file, () => repairTornTail(file), lockOptions);
      if (removed > 0) repaired.push(`${path.relative(paths.data, file)} (a torn last line: ${removed} bytes cut)`);
    }
    return repaired;
  }

  async settled({ traces }: Settlement<TraceLine, unknown>): Promise<void> {
    const byDay = new Map<string, TraceLine[]>();
    for (const line of traces.map(cleanTrace)) {
      const day = line.time.slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), line]);
    }
    try {
      for (const [day, group] of byDay) {
        const file = traceFile(this.context.paths.traces, day);
        if (!this.dirReady) await ensureDir(this.context.paths.traces);
        this.dirReady = true;
        await withLock(file, () => appendDurable(file, group.map((l) => `${JSON.stringify(l)}\n`).join("")), this.context.lockOptions);
      }
    } catch (err) {
      this.dirReady = false; // a folder removed behind our back is made again next time
      throw err;
    }
  }
}

/** Trace texts are read back into Markdown (the digest): file names, titles and reasons as clean single lines. */
function cleanTrace(line: TraceLine): TraceLine {
  const clean: TraceLine = { ...line, file: oneLine(line.file) };
  if (line.title !== undefined) clean.title = oneLine(line.title);
  if (line.reason !== undefined) clean.reason = oneLine(line.reason);
  if (line.url !== undefined) clean.url = oneLine(line.url);
  if (line.review !== undefined) clean.review = line.review.map(oneLine);
  return clean;
}
