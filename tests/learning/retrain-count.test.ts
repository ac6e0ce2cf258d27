import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeRetrain, retrainInstallation, type HistoryLine } from "../../src/learning/retrain.js";
import { resolvePaths } from "../../src/store/layout.js";
import { tempConfig } from "../report/helpers.js";

/** A desk correction of a record's buyers and line, no category (what the classifier cannot learn from). */
function buyerAndLineCorrection(): string {
  return JSON.stringify({
    at: "2025-11-02T10:00:00.000Z",
    id: "b".repeat(64),
    url: "https://example.com/buyer-story",
    source: "Variety",
    origin: "desk",
    accepted: false,
    text: { title: "Sony buys a studio", lead: "Sony has bought a studio." },
    changes: { buyers: { from: { strong: [], weak: [] }, to: { strong: ["Sony"], weak: [] } }, facts: { from: [], to: [] } },
  });
}

const line = (over: Partial<HistoryLine>): HistoryLine => ({
  at: "2025-11-02T10:00:00.000Z",
  trigger: "cli",
  decision: "accepted",
  reason: "full 76.0 -> 76.2, section 95.0 -> 95.1",
  corrections: 1,
  fingerprint: "f",
  current: null,
  candidate: null,
  model: "offline-logreg-svm-knn-v3+corrections-12345678",
  seconds: 3,
  ...over,
});

describe("train counts every correction it read (issue 25.17)", () => {
  it("says how many corrections were read and why the others teach the classifier nothing", () => {
    expect(describeRetrain(line({ corrections: 1, corrections_read: 2 }))).toBe(
      "retrain (cli) on 1 correction(s) accepted: the installation now uses offline-logreg-svm-knn-v3+corrections-12345678; base-corpus CV full 76.0 -> 76.2, section 95.0 -> 95.1 (3 s)" +
        "; 1 of 2 corrections read change no category (buyers, lines, notes, dates) or repeat one for the same record: they apply to the records and teach the classifier nothing",
    );
    expect(describeRetrain(line({ corrections: 2, corrections_read: 2 }))).not.toContain("corrections read");
  });

  it("a buyer and line correction is read and counted, not learned", async () => {
    const config = tempConfig();
    const paths = resolvePaths(config);
    await fs.mkdir(paths.data, { recursive: true });
    await fs.writeFile(path.join(paths.data, "corrections.jsonl"), `${buyerAndLineCorrection()}\n`);
    // Nothing to learn and nothing learned before: --if-new skips without training, with the counts.
    const skipped = await retrainInstallation({ config, trigger: "cli", onlyIfNew: true });
    expect(skipped).toMatchObject({ decision: "skipped", corrections: 0, corrections_read: 1 });
    expect(describeRetrain(skipped)).toBe(
      "retrain (cli) skipped: no new corrections since the last retrain; 1 of 1 corrections read change no category (buyers, lines, notes, dates) or repeat one for the same record: they apply to the records and teach the classifier nothing",
    );
  });
});
