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

describe("retry keeps permanent failures unless --all (issue 25.17)", () => {
  const report = (code: string, reason = "why") => JSON.stringify({ file: "x", reason, code, field_errors: [], attempts: 1, time: "2026-01-05T10:00:00.000Z" });
  async function fail(dir: string, name: string, code: string, reason?: string): Promise<void> {
    // The input's bytes are older than its report (written when it failed).
    await fs.writeFile(path.join(dir, name), "{}");
    await fs.utimes(path.join(dir, name), new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    await fs.writeFile(path.join(dir, `${name}.error.json`), report(code, reason));
    await fs.utimes(path.join(dir, `${name}.error.json`), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  }

  it("moves back what may pass now, keeps what fails the same way, and says why", async () => {
    const { paths, dir } = await failedDay();
    await fail(dir, "bad.json", "input_invalid", "not valid JSON: the file looks cut off");
    await fail(dir, "report.docx", "input_invalid", ".docx files are not taken");
    await fail(dir, "big.json", "too_large");
    await fail(dir, "gave-up.json", "retries_exhausted");
    await fail(dir, "offline.txt", "fetch_refused");
    await fail(dir, "old-version.json", "some_code_of_another_version");
    const outcome = await retryFailed(paths, []);
    expect(outcome.moved.map((m) => m.from).sort()).toEqual(["gave-up.json", "offline.txt", "old-version.json"].map((n) => path.join("2026-01-05", n)));
    expect(outcome.skipped.map((s) => s.from).sort()).toEqual(["bad.json", "big.json", "report.docx"].map((n) => path.join("2026-01-05", n)));
    expect(outcome.skipped.find((s) => s.from.endsWith("bad.json"))!.why).toBe(
      "a permanent failure (input_invalid: not valid JSON: the file looks cut off); it would fail the same way: mend the file, or use --all",
    );
    expect(outcome.missing).toEqual([]);
    expect((await fs.readdir(dir)).sort()).toEqual([
      "bad.json",
      "bad.json.error.json",
      "big.json",
      "big.json.error.json",
      "report.docx",
      "report.docx.error.json",
    ]);
  });

  it("a named permanent failure is kept too (not missing); --all moves it; one mended in failed/ moves", async () => {
    const { paths, dir } = await failedDay();
    await fail(dir, "bad.json", "input_invalid");
    await fail(dir, "mended.json", "input_invalid");
    await fs.writeFile(path.join(dir, "mended.json"), '{"title":"now whole"}'); // edited after it failed
    const named = await retryFailed(paths, ["bad.json", "mended.json"]);
    expect(named).toMatchObject({
      moved: [{ from: path.join("2026-01-05", "mended.json") }],
      skipped: [{ from: path.join("2026-01-05", "bad.json") }],
      missing: [],
    });
    const all = await retryFailed(paths, ["bad.json"], { all: true });
    expect(all).toMatchObject({ moved: [{ from: path.join("2026-01-05", "bad.json") }], skipped: [], missing: [] });
  });
});
