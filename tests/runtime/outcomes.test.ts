import { describe, expect, it } from "vitest";
import { settle } from "../../src/runtime/outcomes.js";
import type { FileResult, InputTask } from "../../src/runtime/processor.js";
import type { StoredRecord } from "../../src/core/record.js";

const task = (name: string): InputTask => ({ path: `/x/${name}`, name, arrivalMs: 0, attempt: 1 });

describe("settle", () => {
  it("traces a transient retry, but not the wait for a file still being written", () => {
    const results: FileResult[] = [
      { kind: "retry", task: task("locked.json"), reason: "could not lock" },
      { kind: "retry", task: task("young.json"), reason: "not valid JSON yet", incomplete: true },
    ];
    const { dispositions, traces } = settle(results, [], [], "2025-11-03T10:00:00.000Z", () => 5);
    expect(dispositions.map((d) => d.action)).toEqual(["retry", "retry"]);
    expect(traces.map((t) => [t.file, t.outcome])).toEqual([["locked.json", "retry"]]);
  });

  it("logs and traces a stored record under the buyer's display name (the name of its store folder)", () => {
    const record = {
      id: "a".repeat(64),
      company: "WBD",
      quarter: "2025 Q4",
      category: "Org -> Exec Changes",
      title: "T",
      url: "https://x.test/a",
      provider: "offline",
      model: "m",
      usage: null,
      review: [],
    } as unknown as StoredRecord;
    const results: FileResult[] = [{ kind: "articles", task: task("leavy.json"), articles: [{ index: 0, kind: "record", record, ms: 1 }], readMs: 1 }];
    const commits = [{ id: record.id, status: "stored" as const, target: "ingest/Warner Bros Discovery/2025 Q4.jsonl" }];
    const display = (n: string) => (n === "WBD" ? "Warner Bros Discovery" : n);
    const { traces, summaries } = settle(results, [{ fileIndex: 0, index: 0 }], commits, "2025-11-03T10:00:00.000Z", () => 5, display);
    expect(summaries[0]!.text).toMatch(/^processed leavy\.json -> Warner Bros Discovery\/2025 Q4 \[Org -> Exec Changes\]/);
    expect(traces[0]!.company).toBe("Warner Bros Discovery");
  });
});
