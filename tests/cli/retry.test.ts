import { promises as fs, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { retryFailed } from "../../src/cli/commands/retry.js";
import { loadConfig } from "../../src/config/load.js";
import { resolvePaths, type Paths } from "../../src/store/layout.js";

// Issue 9.4: `retry` while a daemon writes failure reports into the same folders.

afterEach(() => vi.restoreAllMocks());

async function failedDay(): Promise<{ paths: Paths; dir: string }> {
  const home = mkdtempSync(path.join(os.tmpdir(), "nc-retry-"));
  const paths = resolvePaths(loadConfig({ env: { NEWS_COVERAGE_HOME: home } }));
  const dir = path.join(paths.failed, "2026-01-05");
  await fs.mkdir(dir, { recursive: true });
  return { paths, dir };
}

describe("retryFailed", () => {
  it("leaves hidden and temp files (a report being written) where they are", async () => {
    const { paths, dir } = await failedDay();
    const temps = [".x.json.error.json.4242.0a1b2c3d.tmp", ".hidden.json", "draft.json.part", "draft.json.tmp", "~$lock.json"];
    for (const name of temps) await fs.writeFile(path.join(dir, name), "{}");
    await fs.writeFile(path.join(dir, "x.json"), "{}");
    await fs.writeFile(path.join(dir, "x.json.error.json"), "{}");
    const outcome = await retryFailed(paths, []);
    expect(outcome.moved.map((m) => m.from)).toEqual(["2026-01-05/x.json"]);
    expect((await fs.readdir(paths.inbox)).filter((n) => n !== "failed" && n !== "done")).toEqual(["x.json"]);
    expect((await fs.readdir(dir)).sort()).toEqual([...temps].sort());
  });

  it("a file that vanishes between the listing and the move is skipped, not a crash", async () => {
    const { paths, dir } = await failedDay();
    await fs.writeFile(path.join(dir, "y.json"), "{}");
    await fs.writeFile(path.join(dir, "gone.json.error.json"), "{}");
    const readdir = fs.readdir.bind(fs);
    // The listing still shows gone.json, which another process has just moved away.
    vi.spyOn(fs, "readdir").mockImplementation((async (p: string, options?: unknown) => {
      const names = (await readdir(p, options as never)) as unknown as string[];
      return p === dir ? ["gone.json", ...names] : names;
    }) as typeof fs.readdir);
    const outcome = await retryFailed(paths, []);
    expect(outcome.moved.map((m) => m.from)).toEqual(["2026-01-05/y.json"]);
    expect(outcome.missing).toEqual([]);
    // The vanished input's report went with it; nothing half-done is left behind.
    expect(await fs.readdir(dir).catch(() => [])).toEqual([]);
  });

  it("an input a killed retry held under a hidden name is moved back too", async () => {
    const { paths, dir } = await failedDay();
    await fs.writeFile(path.join(dir, ".z.json.retry-2147483646"), "{}");
    await fs.writeFile(path.join(dir, ".z.json.error.json.retry-2147483646"), "{}");
    const outcome = await retryFailed(paths, []);
    expect(outcome.moved.map((m) => m.from)).toEqual(["2026-01-05/z.json"]);
    expect(await fs.readdir(dir).catch(() => [])).toEqual([]);
  });

  it("a named file that vanished is reported missing", async () => {
    const { paths } = await failedDay();
    expect((await retryFailed(paths, ["nosuch.json"])).missing).toEqual(["nosuch.json"]);
  });
});
