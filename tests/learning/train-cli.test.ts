import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { CLI, cliEnv, makeHome } from "../helpers/daemon.js";
import { correctionLine, readHistory, smallCorpus, writeSmallCorpus } from "./helpers.js";

/** Like runCli, with room for a training run on a busy machine. */
function runCli(home: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: cliEnv(home), encoding: "utf8", timeout: 200_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const PODCAST = "Strategy & Miscellaneous News -> Misc.";

describe("news-coverage train", () => {
  it("retrains from the base corpus plus the corrections, writes the installation model and a history line; the guard refuses a model that loses accuracy", async () => {
    const { home } = await makeHome();
    const corpus = smallCorpus();
    const baseCorpus = await writeSmallCorpus(home, corpus);
    await fs.writeFile(
      path.join(home, "config", "local.json"),
      JSON.stringify({ digest: { enabled: false }, learning: { baseCorpus, cvFolds: 3, maxLoss: 0.1 } }),
    );
    await fs.mkdir(path.join(home, "data"), { recursive: true });
    const corrections = [
      correctionLine("Spotify signs podcast host to exclusive deal", "Spotify has signed the host of a top podcast to an exclusive multi-year deal.", PODCAST),
      correctionLine("Podcast network strikes ad deal with SiriusXM", "The podcast network will sell ads through SiriusXM under a new deal.", PODCAST),
      // A line the learner must skip (not the corrections format), with a warning naming it.
      JSON.stringify({ id: "nope" }),
    ];
    await fs.writeFile(path.join(home, "data", "corrections.jsonl"), corrections.join("\n") + "\n");

    const first = runCli(home, ["train"]);
    expect(first.stderr).toContain("corrections.jsonl line 3");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(path.join("data", "models", "classifier.json"));
    expect(first.stdout).toMatch(/retrain \(cli\) on 2 correction\(s\) accepted/);
    const model = JSON.parse(await fs.readFile(path.join(home, "data", "models", "classifier.json"), "utf8")) as {
      model_id: string;
      info: { corrections: number };
    };
    expect(model.model_id).toMatch(/^offline-logreg-svm-knn-v3\+corrections-[0-9a-f]{8}$/);
    expect(model.info.corrections).toBe(2);
    const [accepted] = await readHistory(home);
    expect(accepted).toMatchObject({
      trigger: "cli",
      decision: "accepted",
      corrections: 2,
      current: { full: expect.any(Number), section: expect.any(Number) },
      candidate: { full: expect.any(Number), section: expect.any(Number) },
    });

    // An analyst who files every base-corpus story under the wrong category: cross-validation drops.
    const wrong = corpus.articles.map((a) => correctionLine(a.doc.title, a.doc.body.slice(0, 1500), a.label === PODCAST ? "Org -> Exec Changes" : PODCAST));
    await fs.appendFile(path.join(home, "data", "corrections.jsonl"), wrong.join("\n") + "\n");
    const before = await fs.readFile(path.join(home, "data", "models", "classifier.json"));
    const second = runCli(home, ["train"]);
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(/retrain \(cli\) on 38 correction\(s\) rejected: keeping the current model/);
    expect(await fs.readFile(path.join(home, "data", "models", "classifier.json"))).toEqual(before);
    const history = await readHistory(home);
    expect(history).toHaveLength(2);
    const rejected = history[1]!;
    expect(rejected).toMatchObject({ decision: "rejected", reason: expect.stringMatching(/would drop by/) });
    // Compared against the model in use (the one the first run accepted).
    expect(rejected.current).toEqual(accepted!.candidate);

    // Nothing new since the last attempt: --if-new does nothing.
    const third = runCli(home, ["train", "--if-new"]);
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/skipped: no new corrections/);
    expect(await readHistory(home)).toHaveLength(2);
  }, 600_000);
});
