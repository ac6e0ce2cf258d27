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

describe("links in failed/ are never followed out of the home (issue 25.5)", () => {
  /** A folder beside the home holding a file and its report, as a failed day would. */
  async function outsideFolder(): Promise<{ outside: string; files: Record<string, string> }> {
    const outside = mkdtempSync(path.join(os.tmpdir(), "nc-outside-"));
    const files = { "secret.json": '{"secret":true}', "secret.json.error.json": JSON.stringify({ reason: "outside", code: "transient", attempts: 1 }) };
    for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(outside, name), text);
    return { outside, files };
  }
  async function untouched(outside: string, files: Record<string, string>): Promise<void> {
    expect((await fs.readdir(outside)).sort()).toEqual(Object.keys(files).sort());
    for (const [name, text] of Object.entries(files)) expect(await fs.readFile(path.join(outside, name), "utf8")).toBe(text);
  }

  it("a day folder that is a symlink is not listed, counted, deleted from or retried from", async () => {
    const { paths, dir } = await failedDay();
    await failInput(dir, "inside.json");
    const { outside, files } = await outsideFolder();
    await fs.symlink(outside, path.join(paths.failed, "2026-01-06"));
    expect((await listFailedInputs(paths)).map((f) => f.key)).toEqual([`${DAY}/inside.json`]);
    expect((await collectStatus(paths)).failed_count).toBe(1);
    expect(await deleteFailedInput(paths, "2026-01-06/secret.json")).toBe(false);
    expect(await retryFailedInput(paths, "2026-01-06/secret.json")).toBeNull();
    const outcome = await retryFailed(paths, []);
    expect(outcome.moved.map((m) => m.from)).toEqual([path.join(DAY, "inside.json")]);
    expect(await retryFailed(paths, ["secret.json"])).toMatchObject({ moved: [], missing: ["secret.json"] });
    expect(await inboxFiles(paths)).toEqual(["inside.json"]);
    await untouched(outside, files);
  });

  it("failed/ itself a symlink: nothing is listed or moved", async () => {
    const { paths } = await failedDay();
    const { outside, files } = await outsideFolder();
    const day = path.join(path.dirname(outside), `${path.basename(outside)}-days`);
    await fs.mkdir(path.join(day, DAY), { recursive: true });
    await fs.rename(outside, path.join(day, DAY, "x"));
    const moved = path.join(day, DAY, "x");
    await fs.rm(paths.failed, { recursive: true });
    await fs.symlink(day, paths.failed);
    // The day folder inside the linked failed/ holds a real failed input.
    await failInput(path.join(day, DAY), "outside.json");
    expect(await listFailedInputs(paths)).toEqual([]);
    expect((await collectStatus(paths)).failed_count).toBe(0);
    expect(await deleteFailedInput(paths, `${DAY}/outside.json`)).toBe(false);
    expect((await retryFailed(paths, [])).moved).toEqual([]);
    expect(await inboxFiles(paths)).toEqual([]);
    expect((await fs.readdir(path.join(day, DAY))).sort()).toEqual(["outside.json", "outside.json.error.json", "x"]);
    await untouched(moved, files);
  });

  it("a report that is a symlink is not read, and deleting a linked input removes the link, not its target", async () => {
    const { paths, dir } = await failedDay();
    const { outside, files } = await outsideFolder();
    await fs.symlink(path.join(outside, "secret.json"), path.join(dir, "link.json"));
    await fs.symlink(path.join(outside, "secret.json.error.json"), path.join(dir, "link.json.error.json"));
    const [listed] = await listFailedInputs(paths);
    expect(listed).toMatchObject({ key: `${DAY}/link.json`, reason: "(no reason recorded)" });
    expect(await deleteFailedInput(paths, `${DAY}/link.json`)).toBe(true);
    expect(await fs.readdir(dir).catch(() => [])).toEqual([]);
    await untouched(outside, files);
  });
});
