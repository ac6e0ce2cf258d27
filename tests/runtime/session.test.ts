import { promises as fs } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolvePaths } from "../../src/store/layout.js";
import { createLogger } from "../../src/log.js";
import type { StoredRecord } from "../../src/core/record.js";
import type { FileResult, InputTask } from "../../src/runtime/processor.js";
import type { BatchRunner } from "../../src/runtime/runner.js";
import { ProcessingSession } from "../../src/runtime/session.js";
import { createSinks } from "../../src/sinks/index.js";
import { openStore } from "../../src/store/open.js";
import { makeRecord, tempConfig } from "../report/helpers.js";

/** A runner that answers each task with the record made for its file (the pipeline is tested elsewhere). */
function runnerOf(records: Map<string, StoredRecord>): BatchRunner {
  return {
    capacity: 1,
    utilisation: () => 0,
    close: async () => undefined,
    run: async (batch: InputTask[]): Promise<FileResult[]> =>
      batch.map((task) => ({ kind: "articles", task, readMs: 0, articles: [{ index: 0, kind: "record", record: records.get(task.name)!, ms: 1 }] })),
  };
}

async function sessionFor(records: Map<string, StoredRecord>) {
  const config = tempConfig();
  const paths = resolvePaths(config);
  const { store } = await openStore(config, paths);
  const sinks = createSinks({ config, paths, lockOptions: config.locks, displayName: (b) => b, log: createLogger({ silent: true }) });
  const session = new ProcessingSession({ runner: runnerOf(records), store, sinks, displayName: (b) => b });
  await session.open();
  return { session, paths };
}

const task = (name: string): InputTask => ({ path: `/nowhere/${name}`, name, arrivalMs: 0, attempt: 1 });
const clock = () => ({ nowIso: "2025-11-05T12:00:00.000Z", durationMs: () => 5 });

describe("ProcessingSession", () => {
  it("commits, writes final_output.md and the traces, and settles each file", async () => {
    const records = new Map([
      ["a.json", makeRecord()],
      ["b.json", makeRecord()],
    ]);
    const { session, paths } = await sessionFor(records);
    const outcome = await session.runBatch([task("a.json"), task("b.json")], clock);
    expect(outcome.committed).toBe(true);
    if (!outcome.committed) return;
    expect(outcome.settled.dispositions.map((d) => d.action)).toEqual(["done", "done"]);
    expect((await fs.readFile(paths.finalOutput, "utf8")).match(/^URL: /gm)).toHaveLength(2);
    const traces = (await fs.readFile(`${paths.traces}/2025-11-05.jsonl`, "utf8")).trim().split("\n");
    expect(traces.map((line) => (JSON.parse(line) as { outcome: string }).outcome)).toEqual(["stored", "stored"]);
  });

  it("a record stored whose block could not be written: the file is owed, and its re-run writes the block once", async () => {
    const record = makeRecord();
    const { session, paths } = await sessionFor(new Map([["a.json", record]]));
    await fs.mkdir(paths.finalOutput); // final_output.md cannot be appended to
    const failed = await session.runBatch([task("a.json")], clock);
    expect(failed.committed).toBe(false);
    if (failed.committed) return;
    expect([...failed.owing]).toEqual(["/nowhere/a.json"]);

    await fs.rmdir(paths.finalOutput);
    const again = await session.runBatch([task("a.json")], clock);
    expect(again.committed && again.commits.map((c) => c.status)).toEqual(["duplicate"]);
    const text = await fs.readFile(paths.finalOutput, "utf8");
    expect(text.match(/^URL: /gm)).toHaveLength(1);
    expect(text).toContain(`URL: ${record.url}\n`);
    // Written: a third run owes nothing and adds nothing.
    await session.runBatch([task("a.json")], clock);
    expect(await fs.readFile(paths.finalOutput, "utf8")).toBe(text);
  });
});
