import { promises as fs, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { resolvePaths, type Paths } from "../../src/store/layout.js";
import { Claims } from "../../src/daemon/claims.js";

const opened: Claims[] = [];
afterEach(async () => {
  for (const claims of opened.splice(0)) await claims.close();
});

/** A home whose .processing/ holds the claim folder of a process that no longer exists. */
async function homeWithDeadOwner(): Promise<{ paths: Paths; deadDir: string; day: string }> {
  const home = mkdtempSync(path.join(os.tmpdir(), "nc-claims-"));
  const paths = resolvePaths(loadConfig({ env: { NEWS_COVERAGE_HOME: home } }));
  // No process has a pid this large (Linux pid_max is at most 2^22): its owner is dead.
  const deadDir = path.join(paths.processing, "2147483646-deadbeef");
  const day = "2026-01-05";
  await fs.mkdir(deadDir, { recursive: true });
  await fs.mkdir(path.join(paths.done, day), { recursive: true });
  return { paths, deadDir, day };
}

async function adopt(paths: Paths): Promise<{ names: string[]; notes: string[] }> {
  const claims = new Claims(paths, 3000);
  opened.push(claims);
  await claims.open();
  const notes: string[] = [];
  const adopted = await claims.adoptOrphans((m) => notes.push(m));
  return { names: adopted.map((c) => c.name).sort(), notes };
}

describe("adopting a dead owner's claims (issue 9.11)", () => {
  it("a hard-linked twin of an input already in done/ runs; the finished claim itself is removed with a log line", async () => {
    const { paths, deadDir, day } = await homeWithDeadOwner();
    // a.json and its hard-linked twin b.json were both claimed; the crash came after a.json was
    // linked into done/ and before its claim was unlinked.
    await fs.writeFile(path.join(deadDir, "1~a.json"), "{}");
    await fs.link(path.join(deadDir, "1~a.json"), path.join(deadDir, "2~b.json"));
    await fs.link(path.join(deadDir, "1~a.json"), path.join(paths.done, day, "a.json"));
    const { names, notes } = await adopt(paths);
    expect(names).toEqual(["b.json"]);
    expect(notes).toEqual([`a.json: not run again, its run had finished (done/${day}/a.json is the same file)`]);
  });

  it("recognises the finished input under its collision name", async () => {
    const { paths, deadDir, day } = await homeWithDeadOwner();
    await fs.writeFile(path.join(paths.done, day, "a.json"), "another input");
    await fs.writeFile(path.join(deadDir, "7~a.json"), "{}");
    await fs.link(path.join(deadDir, "7~a.json"), path.join(paths.done, day, "a (2).json"));
    const { names, notes } = await adopt(paths);
    expect(names).toEqual([]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/a \(2\)\.json is the same file/);
  });

  it("a claim not finished anywhere is re-run", async () => {
    const { paths, deadDir } = await homeWithDeadOwner();
    await fs.writeFile(path.join(deadDir, "3~c.json"), "{}");
    expect((await adopt(paths)).names).toEqual(["c.json"]);
  });
});

describe("a link where a day folder belongs (issue 25 item 5)", () => {
  const dayOf = (ms: number) => {
    const d = new Date(ms);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  };

  it("done/ and failed/ day folders that are links to a folder outside the home are renamed aside, never written through", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "nc-claims-link-"));
    const outside = mkdtempSync(path.join(os.tmpdir(), "nc-claims-outside-"));
    const paths = resolvePaths(loadConfig({ env: { NEWS_COVERAGE_HOME: home } }));
    const warnings: string[] = [];
    const claims = new Claims(paths, 3000, (m) => warnings.push(m));
    opened.push(claims);
    await claims.open();
    const now = Date.now();
    const day = dayOf(now);
    await fs.symlink(outside, path.join(paths.done, day));
    await fs.symlink(outside, path.join(paths.failed, day));
    await fs.writeFile(path.join(paths.inbox, "good.json"), "{}");
    await fs.writeFile(path.join(paths.inbox, "bad.json"), "{");

    const good = (await claims.claim("good.json", now))!;
    const bad = (await claims.claim("bad.json", now))!;
    const done = await claims.finishDone(good, now);
    const failed = await claims.finishFailed(bad, { reason: "not valid JSON", code: "input_invalid", fieldErrors: [], attempts: 1, version: "test" }, now);

    expect(await fs.readdir(outside)).toEqual([]);
    expect(done).toBe(path.join(paths.done, day, "good.json"));
    expect(failed).toBe(path.join(paths.failed, day, "bad.json"));
    for (const root of [paths.done, paths.failed]) {
      expect((await fs.lstat(path.join(root, day))).isDirectory()).toBe(true);
      const aside = (await fs.readdir(root)).filter((n) => n.startsWith(`.${day}.not-a-folder-`));
      expect(aside).toHaveLength(1);
      expect((await fs.lstat(path.join(root, aside[0]!))).isSymbolicLink()).toBe(true);
    }
    expect(await fs.readdir(path.join(paths.failed, day))).toEqual(["bad.json", "bad.json.error.json"]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/was a link or a file, not a folder: renamed to \.\d{4}-\d\d-\d\d\.not-a-folder-\d+/);
  });
});
