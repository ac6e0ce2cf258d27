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
