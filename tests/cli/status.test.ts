import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCommands } from "../helpers/cli-run.js";
import { registerStatusCommand, STATUS_NOT_RUNNING } from "../../src/cli/commands/status.js";
import { writeDigest } from "../../src/digest/digest.js";
import { resolvePaths } from "../../src/store/layout.js";
import { tempConfig } from "../report/helpers.js";

async function status(home: string, args: string[] = []): Promise<{ out: string; code: number | undefined }> {
  const out = await runCommands(home, [registerStatusCommand], ["status", ...args]);
  return { out, code: process.exitCode === undefined ? undefined : Number(process.exitCode) };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe("news-coverage status (issue 25.17)", () => {
  it("exits 3 when no daemon is running, in text and in JSON", async () => {
    const config = tempConfig();
    expect(STATUS_NOT_RUNNING).toBe(3);
    const text = await status(config.home);
    expect(text.out).toMatch(/^daemon: +not running$/m);
    expect(text.code).toBe(3);
    process.exitCode = undefined;
    const json = await status(config.home, ["--json"]);
    expect(JSON.parse(json.out)).toMatchObject({ running: false });
    expect(json.code).toBe(3);
  });

  it("names the digest written last, also one `digest` wrote for a day still running", async () => {
    const config = tempConfig();
    expect((await status(config.home)).out).toMatch(/^digest: +none written yet$/m);
    const now = Date.parse("2025-11-05T15:00:00Z");
    const file = await writeDigest({ config, date: "2025-11-05", now, complete: false });
    expect(path.dirname(file)).toBe(resolvePaths(config).digests);
    const shown = await status(config.home);
    expect(shown.out).toMatch(/^digest: +last 2025-11-05 \(written \d{4}-\d{2}-\d{2}T/m);
    const json = JSON.parse((await status(config.home, ["--json"])).out) as { last_digest: { date: string } };
    expect(json.last_digest.date).toBe("2025-11-05");
    // An older day written afterwards is the last one written.
    await fs.utimes(file, new Date(now), new Date(now));
    await writeDigest({ config, date: "2025-11-04", now, complete: false });
    expect((await status(config.home)).out).toMatch(/^digest: +last 2025-11-04 /m);
  });
});
