// The offline engine's outputs on the whole corpus stay what tests/fixtures/engine-snapshot.txt holds
// (issue 23: speed work must not change categories, confidences, doubts or lines).
import { describe, expect, it } from "vitest";
import { readSnapshot, snapshotDifferences, snapshotInputs, snapshotRunner } from "../../../scripts/engine-snapshot.js";

const REGENERATE =
  "the offline engine's outputs differ from tests/fixtures/engine-snapshot.txt. If the change is intended (a retrained model, a new rule), " +
  "regenerate it with `npm run snapshot:engine` and say in the commit why the outputs moved; otherwise an optimisation changed what the engine computes";

describe("offline engine snapshot", () => {
  const run = snapshotRunner();
  const inputs = snapshotInputs();

  it("every corpus article gives the stored buyers, quarter, category, probabilities, alternatives, review reasons and lines", async () => {
    expect(inputs.length).toBeGreaterThan(3900);
    const diffs = await snapshotDifferences(inputs, run);
    expect(diffs.slice(0, 5), `${REGENERATE}; ${diffs.length} of ${inputs.length} differ, first:\n${diffs.slice(0, 5).join("\n")}`).toEqual([]);
  });

  it("names the article and the output that differs", async () => {
    const stored = readSnapshot();
    const first = inputs[0]!;
    stored.get(first.id)!.set("c", "00000000");
    const diffs = await snapshotDifferences(inputs.slice(0, 2), run, stored);
    expect(diffs).toHaveLength(1);
    expect(diffs[0]!.startsWith(`${first.id}: c now `)).toBe(true);
    expect(diffs[0]).not.toContain("| l now");
  });
});
