import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeArticle, makeHome, runCli, snapshotTree } from "../helpers/daemon.js";

/** An article in the inbox old enough to be claimed at once. */
async function waitingArticle(home: string): Promise<string> {
  const file = path.join(home, "inbox", "waiting.json");
  await fs.writeFile(file, JSON.stringify(makeArticle(1)));
  const old = new Date(Date.now() - 60_000);
  await fs.utimes(file, old, old);
  return file;
}

const NO_STACK = /^\s+at /m;

describe("a bad digest schedule is refused at config validation", () => {
  it.each([
    ["cron", { cron: "99 99 * * *" }, 'digest.cron: not a valid cron expression, got "99 99 * * *" (e.g. "55 23 * * *")'],
    ["timezone", { timezone: "Mars/Base" }, 'digest.timezone: unknown IANA time zone "Mars/Base" (e.g. "America/New_York")'],
  ])("start with a bad digest.%s exits 2 naming the key, before claiming anything", async (_key, digest, expected) => {
    const { home } = await makeHome({ digest: { enabled: true, ...digest } });
    await waitingArticle(home);
    const before = await snapshotTree(home);
    const { code, stderr } = runCli(home, ["start"]);
    expect(stderr).toContain(expected);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(NO_STACK);
    // Nothing claimed, nothing created: the article is still waiting where it was.
    expect(await snapshotTree(home)).toEqual(before);
  });

  it("process and digest refuse it too", async () => {
    const { parent, home } = await makeHome({ digest: { enabled: true, cron: "99 99 * * *" } });
    const input = path.join(parent, "a.json");
    await fs.writeFile(input, JSON.stringify(makeArticle(2)));
    for (const args of [["process", input], ["digest"]]) {
      const { code, stderr } = runCli(home, args);
      expect(code).toBe(2);
      expect(stderr).toContain("digest.cron: not a valid cron expression");
    }
  });
});

describe("the OpenAI engine without OPENAI_API_KEY", () => {
  const expectOneClearLine = (stderr: string) => {
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^news-coverage: .*OPENAI_API_KEY/);
    expect(lines[0]).toContain("set OPENAI_API_KEY");
    expect(lines[0]).toContain("NEWS_COVERAGE_PROVIDER=offline");
    expect(stderr).not.toMatch(NO_STACK);
  };

  it("process prints one line naming the key and the fix, exits 2, writes nothing", async () => {
    const { parent, home } = await makeHome();
    const input = path.join(parent, "x.json");
    await fs.writeFile(input, JSON.stringify(makeArticle(3)));
    const before = await snapshotTree(parent);
    const { code, stdout, stderr } = runCli(home, ["process", input], { NEWS_COVERAGE_PROVIDER: "openai" });
    expectOneClearLine(stderr);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(await snapshotTree(parent)).toEqual(before);
  });

  it("start says the same and exits 2 before claiming anything", async () => {
    const { home } = await makeHome();
    await waitingArticle(home);
    const before = await snapshotTree(home);
    const { code, stderr } = runCli(home, ["start"], { NEWS_COVERAGE_PROVIDER: "openai" });
    expectOneClearLine(stderr);
    expect(code).toBe(2);
    expect(await snapshotTree(home)).toEqual(before);
  });

  it("engine openai from local.json and a blank key: same line", async () => {
    const { parent, home } = await makeHome({ engine: "openai" });
    const input = path.join(parent, "x.json");
    await fs.writeFile(input, JSON.stringify(makeArticle(4)));
    const { code, stderr } = runCli(home, ["process", input], { OPENAI_API_KEY: "  " });
    expectOneClearLine(stderr);
    expect(code).toBe(2);
  });
});

describe("retry names what it did not find", () => {
  it("retry nosuch.json says nothing in failed/ is named that and exits 1", async () => {
    const { home } = await makeHome();
    const { code, stderr } = runCli(home, ["retry", "nosuch.json"]);
    expect(code).toBe(1);
    expect(stderr).toContain("news-coverage: nothing in failed/ named nosuch.json");
  });

  it("moves what it finds, names each missing one, exits 1", async () => {
    const { home } = await makeHome();
    const inbox = path.join(home, "inbox");
    // The same name failed on three days: all three move back, which must not hide the missing names.
    for (const day of ["2025-11-01", "2025-11-02", "2025-11-03"]) {
      await fs.mkdir(path.join(inbox, "failed", day), { recursive: true });
      await fs.writeFile(path.join(inbox, "failed", day, "a.json"), "{}");
    }
    const { code, stdout, stderr } = runCli(home, ["retry", "a.json", "inbox/failed/x/nosuch.json", "other.json"]);
    expect(stdout).toMatch(/3 file\(s\) moved back into the inbox/);
    expect(stderr).toContain("news-coverage: nothing in failed/ named nosuch.json");
    expect(stderr).toContain("news-coverage: nothing in failed/ named other.json");
    expect(stderr).not.toContain("named a.json");
    expect(code).toBe(1);
  });

  it("exits 0 when every name was found", async () => {
    const { home } = await makeHome();
    await fs.mkdir(path.join(home, "inbox", "failed", "2025-11-01"), { recursive: true });
    await fs.writeFile(path.join(home, "inbox", "failed", "2025-11-01", "b.json"), "{}");
    const { code, stderr } = runCli(home, ["retry", "b.json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
