import { promises as fs } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CLI, ROOT, cliEnv, makeHome } from "../helpers/daemon.js";
import { writeSmallCorpus } from "./helpers.js";

/** Like runCli, with room for a training run on a busy machine. */
function runCli(home: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: cliEnv(home), encoding: "utf8", timeout: 200_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Printed = { id: string; url: string; source: string; title: string; lead: string; company: string; buyers: { strong: string[]; weak: string[] } };
const records = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Printed);

describe("buyers the story is about, through the command line (issue 21)", () => {
  it("process --dry-run --json gives the Leavy sample WBD as its only strong buyer", async () => {
    const { home } = await makeHome();
    const sample = path.resolve(ROOT, "..", "shared", "corpus", "samples", "deadline_leavy.json");
    const { code, stdout } = runCli(home, ["process", "--dry-run", "--json", sample]);
    expect(code).toBe(0);
    const [record] = records(stdout);
    expect(record!.buyers).toEqual({ strong: ["WBD"], weak: ["Netflix"] });
    expect(record!.company).toBe("WBD");
  });

  it("a desk correction that removes a buyer changes the dry run of that article after train", async () => {
    const { parent, home } = await makeHome();
    const baseCorpus = await writeSmallCorpus(home);
    await fs.writeFile(
      path.join(home, "config", "local.json"),
      JSON.stringify({ digest: { enabled: false }, learning: { baseCorpus, cvFolds: 3, maxLoss: 1 } }),
    );
    const file = path.join(parent, "order.json");
    await fs.writeFile(
      file,
      JSON.stringify({
        title: "Apple TV+ orders thriller from Sony Pictures Television",
        url: "https://variety.com/2025/tv/news/apple-sony-thriller-1236000999/",
        content: "Apple TV+ has ordered a thriller series from Sony Pictures Television, with a cast to be announced.",
        published_at: "2025-11-12",
      }),
    );
    const stored = runCli(home, ["process", "--json", file]);
    expect(stored.code).toBe(0);
    const [record] = records(stored.stdout);
    expect(record!.buyers.strong).toEqual(["Apple", "Sony"]);

    // What the review desk writes when the analyst takes Sony off the strong buyers (src/pipeline/correction.ts).
    const correction = {
      at: "2025-11-13T09:00:00.000Z",
      id: record!.id,
      url: record!.url,
      source: record!.source,
      origin: "desk",
      accepted: false,
      text: { title: record!.title, lead: record!.lead },
      changes: { buyers: { from: record!.buyers, to: { strong: ["Apple"], weak: ["Sony"] } } },
    };
    await fs.writeFile(path.join(home, "data", "corrections.jsonl"), `${JSON.stringify(correction)}\n`);
    expect(runCli(home, ["train"]).code).toBe(0);

    const dry = runCli(home, ["process", "--dry-run", "--force", "--json", file]);
    expect(dry.code).toBe(0);
    expect(records(dry.stdout)[0]!.buyers).toEqual({ strong: ["Apple"], weak: ["Sony"] });
  }, 600_000);
});
