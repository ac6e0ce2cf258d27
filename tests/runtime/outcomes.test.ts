import { describe, expect, it } from "vitest";
import { isDiskFull, settle, storeFailure } from "../../src/runtime/outcomes.js";
import { retryDecision } from "../../src/core/retry-policy.js";
import { AppError } from "../../src/core/errors.js";
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

describe("a store commit that failed (storeFailure)", () => {
  const enospc = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });

  it("on a full disk the files wait without using up attempts, however long it lasts; other causes use them", () => {
    const full = storeFailure(new Error("could not append", { cause: enospc }));
    expect(full.diskFull).toBe(true);
    expect(full.reason).toMatch(/^the disk is full \(could not append\): the files wait in \.processing\/, without using up attempts/);
    const limits = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };
    let attempt = 1;
    for (let run = 0; run < 50; run++) {
      const next = retryDecision({ ...limits, attempt, countsAsAttempt: full.countsAsAttempt(false) });
      expect(next.giveUp).toBe(false);
      if (!next.giveUp) attempt = next.attempt + 1;
    }
    expect(isDiskFull(new AppError("disk_full", "no room"))).toBe(true);
    expect(isDiskFull(Object.assign(new Error("quota"), { code: "EDQUOT" }))).toBe(true);

    const other = storeFailure(Object.assign(new Error("EIO: i/o error"), { code: "EIO" }));
    expect(other).toMatchObject({ diskFull: false, reason: "store not writable: EIO: i/o error" });
    expect(other.countsAsAttempt(false)).toBe(true);
    expect(other.countsAsAttempt(true)).toBe(false);
    expect(retryDecision({ ...limits, attempt: 5, countsAsAttempt: other.countsAsAttempt(false) }).giveUp).toBe(true);
  });
});
