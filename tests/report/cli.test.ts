import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerDigestCommand } from "../../src/cli/commands/digest.js";
import { parseQuarter, registerReportCommand } from "../../src/cli/commands/report.js";
import { resolvePaths } from "../../src/store/layout.js";
import { makeRecord, seedStore, tempConfig } from "./helpers.js";
import { runCommands } from "../helpers/cli-run.js";

function run(home: string, args: string[]): Promise<string> {
  return runCommands(home, [registerReportCommand, registerDigestCommand], args);
}

describe("CLI: report and digest commands", () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it("parses quarters in the usual spellings", () => {
    expect(parseQuarter("2025 Q4")).toBe("2025 Q4");
    expect(parseQuarter("q4 2025")).toBe("2025 Q4");
    expect(parseQuarter("2025-q1")).toBe("2025 Q1");
    expect(() => parseQuarter("2025 Q5")).toThrow(/quarter/);
  });

  it("refuses a quarter or a day outside the one range, with the same words, before writing anything (issue 25 item 14)", async () => {
    for (const q of ["0000 Q1", "Q1 0000", "9999 Q4", "2200 Q1"]) {
      expect(() => parseQuarter(q), q).toThrow(`--quarter must look like "2025 Q4", from 1900 Q1 to 2199 Q4, got "${q}"`);
    }
    const config = tempConfig();
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      for (const date of ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"]) {
        await expect(run(config.home, ["digest", "--date", date]), date).rejects.toThrow(
          `--date must be a date YYYY-MM-DD from 1900-01-01 to 2199-12-31, got "${date}"`,
        );
      }
      await expect(run(config.home, ["report", "--quarter", "0000 Q1"])).rejects.toThrow("from 1900 Q1 to 2199 Q4");
    } finally {
      err.mockRestore();
    }
    expect(existsSync(resolvePaths(config).digests) ? readdirSync(resolvePaths(config).digests) : []).toEqual([]);
    expect(existsSync(resolvePaths(config).reports) ? readdirSync(resolvePaths(config).reports) : []).toEqual([]);
    const { writeDigest } = await import("../../src/digest/digest.js");
    await expect(writeDigest({ config, date: "9999-12-31" })).rejects.toThrow('date must be a date YYYY-MM-DD from 1900-01-01 to 2199-12-31, got "9999-12-31"');
  });

  it("news-coverage report --quarter --buyer --format writes and prints the files", async () => {
    const config = tempConfig();
    seedStore(config, "Sony", "2025 Q4", [makeRecord({ facts: [{ category: "Org -> Org", line: "Sony reorganises" }] })]);
    const out = await run(config.home, ["report", "--quarter", "Q4 2025", "--buyer", "Sony", "--format", "both"]);
    expect(out.trim().split("\n")).toEqual([
      path.join("data", "reports", "2025 Q4", "2025 Q4 Sony News Coverage.docx"),
      path.join("data", "reports", "2025 Q4", "2025 Q4 Sony News Coverage.md"),
      path.join("data", "reports", "2025 Q4", "needs_review.md"),
    ]);
    expect(existsSync(path.join(config.home, out.trim().split("\n")[0]!))).toBe(true);
  });

  it("an unknown buyer is an error with exit code 1", async () => {
    const config = tempConfig();
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    await run(config.home, ["report", "--quarter", "2025 Q4", "--buyer", "Nobody"]);
    expect(String(err.mock.calls[0]?.[0])).toMatch(/unknown buyer "Nobody"/);
    err.mockRestore();
    expect(process.exitCode).toBe(1);
  });

  it("news-coverage digest --date writes that day's digest", async () => {
    const config = tempConfig();
    seedStore(config, "Sony", "2025 Q4", [makeRecord({ processed_at: "2025-11-05T10:00:00Z", facts: [{ category: "Org -> Org", line: "Sony reorganises" }] })]);
    const out = await run(config.home, ["digest", "--date", "2025-11-05"]);
    expect(out.trim()).toBe(path.join("data", "digests", "2025-11-05.md"));
    const md = readFileSync(path.join(resolvePaths(config).digests, "2025-11-05.md"), "utf8");
    expect(md).toContain("- Sony reorganises ([11/5](");
  });
});
