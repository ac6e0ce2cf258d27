import { describe, expect, it } from "vitest";
import { settle } from "../../src/daemon/outcomes.js";
import type { FileResult, InputTask } from "../../src/daemon/processor.js";

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
});
