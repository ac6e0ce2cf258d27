import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dropAtomic, makeArticle, makeHome, ROOT, startDaemon, stopDaemon, waitFor } from "../helpers/daemon.js";
import { correctionLine, readHistory, writeSmallCorpus } from "./helpers.js";

async function records(home: string): Promise<Array<{ title: string; category: string; model: string }>> {
  const out: Array<{ title: string; category: string; model: string }> = [];
  const ingest = path.join(home, "data", "ingest");
  for (const company of await fs.readdir(ingest).catch(() => [] as string[])) {
    for (const file of (await fs.readdir(path.join(ingest, company))).filter((f) => f.endsWith(".jsonl"))) {
      const text = await fs.readFile(path.join(ingest, company, file), "utf8");
      for (const line of text.split("\n").filter(Boolean)) out.push(JSON.parse(line) as { title: string; category: string; model: string });
    }
  }
  return out;
}

describe("daemon and the installation model", () => {
  it("workers pick up a new data/models/classifier.json without a restart", async () => {
    const { home } = await makeHome({ pool: { workers: 1, maxInFlight: 256 } });
    const daemon = await startDaemon(home);
    try {
      const inbox = path.join(home, "inbox");
      await dropAtomic(inbox, "a.json", JSON.stringify(makeArticle(1, { title: "Netflix renews drama series for a second season" })));
      const first = await waitFor(async () => (await records(home)).find((r) => r.title.startsWith("Netflix renews drama")), "the first record");
      expect(first.category).toBe("Content, Deals & Distribution -> TV -> Renewals");
      expect(first.model).toMatch(/^offline-logreg-svm-knn-v3(\+|$)/);

      // A model that files everything under one category, written the way `train` writes it (rename).
      const model = JSON.parse(await fs.readFile(path.join(ROOT, "models", "classifier.json"), "utf8")) as {
        model_id: string;
        leaf: { classes: string[]; bias: number[] };
      };
      const target = model.leaf.classes.indexOf("Investor Relations -> Quarterly Earnings -> News Coverage");
      model.leaf.bias[target] = 1000;
      model.model_id = "offline-logreg-svm-knn-v3+test-reload";
      await fs.mkdir(path.join(home, "data", "models"), { recursive: true });
      await fs.writeFile(path.join(home, "data", "models", ".next.json"), JSON.stringify(model));
      await fs.rename(path.join(home, "data", "models", ".next.json"), path.join(home, "data", "models", "classifier.json"));

      await dropAtomic(inbox, "b.json", JSON.stringify(makeArticle(2, { title: "Apple renews comedy series for a third season" })));
      const second = await waitFor(async () => (await records(home)).find((r) => r.title.startsWith("Apple renews comedy")), "the second record");
      expect(second.category).toBe("Investor Relations -> Quarterly Earnings -> News Coverage");
      expect(second.model).toContain("offline-logreg-svm-knn-v3+test-reload");
    } finally {
      await stopDaemon(daemon);
    }
  }, 120_000);

  it("retrains after the scheduled digest when there are new corrections (learning.nightly)", async () => {
    const { home } = await makeHome();
    const baseCorpus = await writeSmallCorpus(home);
    await fs.writeFile(
      path.join(home, "config", "local.json"),
      JSON.stringify({
        watch: { stabilityMs: 150, rescanMs: 500 },
        health: { intervalMs: 200 },
        // Every second, so the test need not wait for the night.
        digest: { enabled: true, cron: "* * * * * *", timezone: "UTC", catchUpDays: 0 },
        learning: { nightly: true, baseCorpus, cvFolds: 3, maxLoss: 0.1 },
      }),
    );
    await fs.mkdir(path.join(home, "data"), { recursive: true });
    await fs.writeFile(
      path.join(home, "data", "corrections.jsonl"),
      correctionLine(
        "Spotify signs podcast host to exclusive deal",
        "Spotify has signed the host of a top podcast to an exclusive deal.",
        "Strategy & Miscellaneous News -> Misc.",
      ) + "\n",
    );
    const daemon = await startDaemon(home);
    try {
      const [line] = await waitFor(
        async () => {
          const h = await readHistory(home);
          return h.length > 0 ? h : null;
        },
        "a nightly retrain in data/models/history.jsonl",
        300_000,
      );
      expect(line).toMatchObject({ trigger: "nightly", decision: "accepted", corrections: 1 });
      await fs.access(path.join(home, "data", "models", "classifier.json"));
      await waitFor(async () => /retrain \(nightly\) on 1 correction\(s\) accepted/.test(daemon.output()), "the retrain in the log");
      // Later digests see no new corrections: no second retrain.
      const digests = async () => (await fs.readdir(path.join(home, "data", "digests")).catch(() => [] as string[])).length;
      await waitFor(async () => (await digests()) > 0, "a digest");
      await new Promise((r) => setTimeout(r, 2500));
      expect(await readHistory(home)).toHaveLength(1);
    } finally {
      await stopDaemon(daemon);
    }
  }, 400_000);
});
