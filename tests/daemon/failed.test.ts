import { promises as fs, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { deleteFailedInput, listFailedInputs, retryFailed, retryFailedInput } from "../../src/daemon/failed.js";
import { collectStatus } from "../../src/daemon/status.js";
import { failedInputNames, resolvePaths, type Paths } from "../../src/store/layout.js";

const DAY = "2026-01-05";

async function failedDay(): Promise<{ paths: Paths; dir: string }> {
  const home = mkdtempSync(path.join(os.tmpdir(), "nc-failed-"));
  const paths = resolvePaths(loadConfig({ env: { NEWS_COVERAGE_HOME: home } }));
  const dir = path.join(paths.failed, DAY);
  await fs.mkdir(dir, { recursive: true });
  return { paths, dir };
}

/** A failed input with its report beside it, as the daemon leaves it. */
async function failInput(dir: string, name: string, report: Record<string, unknown> = { reason: "bad", code: "invalid_article", attempts: 1 }): Promise<void> {
  await fs.writeFile(path.join(dir, `${name}.error.json`), JSON.stringify(report));
  await fs.writeFile(path.join(dir, name), "{}");
}

async function inboxFiles(paths: Paths): Promise<string[]> {
  return (await fs.readdir(paths.inbox)).filter((n) => n !== "failed" && n !== "done").sort();
}

describe("an input named *.error.json (issue 25.10)", () => {
  it("layout: a name ending in .error.json is an input when its own report sits beside it", () => {
    expect(failedInputNames(["a.json", "a.json.error.json"])).toEqual(["a.json"]);
    expect(failedInputNames(["x.error.json", "x.error.json.error.json"])).toEqual(["x.error.json"]);
    // A report written before its input moved in is not an input.
    expect(failedInputNames(["b.json.error.json"])).toEqual([]);
  });

  it("is listed on the desk with its reason, and counted by status", async () => {
    const { paths, dir } = await failedDay();
    await failInput(dir, "x.error.json", { reason: "not an article", code: "invalid_article", attempts: 1 });
    const listed = await listFailedInputs(paths);
    expect(listed.map((f) => [f.key, f.reason])).toEqual([[`${DAY}/x.error.json`, "not an article"]]);
    const status = await collectStatus(paths);
    expect(status.failed_count).toBe(1);
  });

  it("is retried by `retry` and by the desk, and deleted by the desk", async () => {
    const { paths, dir } = await failedDay();
    await failInput(dir, "x.error.json");
    const outcome = await retryFailed(paths, ["x.error.json"]);
    expect(outcome.missing).toEqual([]);
    expect(outcome.moved.map((m) => m.from)).toEqual([path.join(DAY, "x.error.json")]);
    expect(await inboxFiles(paths)).toEqual(["x.error.json"]);

    await fs.rm(path.join(paths.inbox, "x.error.json"));
    await fs.mkdir(dir, { recursive: true });
    await failInput(dir, "x.error.json");
    expect(await retryFailedInput(paths, `${DAY}/x.error.json`)).toBe("x.error.json");

    await fs.mkdir(dir, { recursive: true });
    await failInput(dir, "y.error.json");
    expect(await deleteFailedInput(paths, `${DAY}/y.error.json`)).toBe(true);
    expect(await fs.readdir(dir).catch(() => [])).toEqual([]);
  });
});
