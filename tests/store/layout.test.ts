import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  claimFileName,
  claimOwnerDirName,
  claimOwnerPid,
  errorReportName,
  fitName,
  inboxNameOfClaim,
  isClaimOf,
  isErrorReport,
  isStoreFilePath,
  parseRetryHeldName,
  quarterOfStoreFile,
  retryHeldName,
  storeFile,
  traceFile,
} from "../../src/store/layout.js";

describe("store layout", () => {
  it("puts a record under its folder and quarter, and refuses a quarter that would be a path", () => {
    expect(storeFile("/d/ingest", "Warner Bros Discovery", "2025 Q4")).toBe(path.join("/d/ingest", "Warner Bros Discovery", "2025 Q4.jsonl"));
    expect(() => storeFile("/d/ingest", "Sony", "../../x")).toThrow('refusing a store file for quarter "../../x"');
    expect(quarterOfStoreFile("2025 Q4.jsonl")).toBe("2025 Q4");
    expect(["2025 Q5.jsonl", "2025 Q4.json", "notes.jsonl"].map(quarterOfStoreFile)).toEqual([null, null, null]);
    expect(isStoreFilePath(path.join("Sony", "2025 Q1.jsonl"))).toBe(true);
    expect([path.join("a", "b", "2025 Q1.jsonl"), "2025 Q1.jsonl", path.join("Sony", "x.jsonl")].map(isStoreFilePath)).toEqual([false, false, false]);
    expect(traceFile("/d/traces", "2026-01-02")).toBe(path.join("/d/traces", "2026-01-02.jsonl"));
  });

  it("names a claim so that its inbox name comes back, also for names cut to fit", () => {
    expect(claimOwnerPid(claimOwnerDirName(4242, "a1b2c3d4"))).toBe(4242);
    expect(claimOwnerPid("4242-not-hex")).toBeNull();
    const claim = claimFileName(17, "story~1.json");
    expect(claim).toBe("17~story~1.json");
    expect(inboxNameOfClaim(claim)).toBe("story~1.json");
    expect(isClaimOf(claim, "story~1.json")).toBe(true);
    expect(isClaimOf(claim, "1.json~")).toBe(false);
    const long = `${"é".repeat(200)}.json`;
    const cut = claimFileName(123456, long);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(255);
    expect(long.endsWith(inboxNameOfClaim(cut))).toBe(true);
    expect(inboxNameOfClaim("loose.json")).toBe("loose.json");
  });

  it("names the error report beside a failed input, and the names a retry holds them under", () => {
    expect(errorReportName("a.json")).toBe("a.json.error.json");
    expect(isErrorReport(errorReportName("a.json"))).toBe(true);
    expect(isErrorReport("a.json")).toBe(false);
    expect(Buffer.byteLength(errorReportName("x".repeat(300)))).toBe(255);
    expect(fitName("short", 10)).toBe("short");
    const held = retryHeldName("a.json", ".error.json", 99);
    expect(held.startsWith(".")).toBe(true);
    expect(parseRetryHeldName(held)).toEqual({ name: "a.json.error.json", pid: 99 });
    expect(parseRetryHeldName("a.json")).toBeNull();
  });
});
