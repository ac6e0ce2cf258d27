import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dropAtomic, finishedInputs, makeArticle, makeHome, runCli, startDaemon, stopDaemon, waitFor } from "../helpers/daemon.js";

async function report(home: string, name: string): Promise<{ attempts: number; code: string } | null> {
  const failed = path.join(home, "inbox", "failed");
  for (const day of await fs.readdir(failed).catch(() => [] as string[])) {
    const text = await fs.readFile(path.join(failed, day, `${name}.error.json`), "utf8").catch(() => null);
    if (text) return JSON.parse(text) as { attempts: number; code: string };
  }
  return null;
}

describe("retry counts on (issue 25.17)", () => {
  it("after one retry the .error.json says attempts: 2 and status counts the retry", async () => {
    const { home } = await makeHome();
    const daemon = await startDaemon(home);
    try {
      const inbox = path.join(home, "inbox");
      await dropAtomic(inbox, "bad.json", JSON.stringify({ ...makeArticle(1), url: "variety.com/x" }));
      await waitFor(async () => (await finishedInputs(home)).failed.includes("bad.json"), "first failure");
      expect(await report(home, "bad.json")).toMatchObject({ attempts: 1, code: "input_invalid" });

      const plain = runCli(home, ["retry"]);
      expect(plain.stdout).toMatch(/retry: kept .*bad\.json: a permanent failure \(input_invalid: /);
      expect(plain.stdout).toMatch(/0 file\(s\) moved back into the inbox; 1 permanent failure\(s\) kept in failed\/ \(--all moves them too\)/);

      const all = runCli(home, ["retry", "--all"]);
      expect(all.stdout).toMatch(/1 file\(s\) moved back into the inbox/);
      await waitFor(async () => (await report(home, "bad.json"))?.attempts === 2, "second failure with attempts 2");
      await waitFor(async () => (await fs.readdir(path.join(home, "data", "state", "retried")).catch(() => null)) === null, "the note of the retry gone");
      await waitFor(async () => {
        const status = runCli(home, ["status"]);
        return status.code === 0 && /counters: .* 1 retries/.test(status.stdout);
      }, "status counting the retry");
      expect(daemon.output()).toMatch(/bad\.json: moved back by retry after 1 attempt\(s\)/);
    } finally {
      await stopDaemon(daemon);
    }
    expect(runCli(home, ["status"]).code).toBe(3);
  });
});
