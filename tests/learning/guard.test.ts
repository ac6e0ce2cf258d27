import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { guardDecision } from "../../src/engines/offline/learn.js";
import { shippedFloor } from "../../src/engines/offline/validation.js";
import { retrainInstallation } from "../../src/learning/retrain.js";
import { loadConfig } from "../../src/config/load.js";
import { makeHome } from "../helpers/daemon.js";
import { correctionLine, smallCorpus, writeSmallCorpus } from "./helpers.js";

const SHIPPED = { full: 0.763, section: 0.953 };

describe("the retrain guard's floor: the shipped model", () => {
  it("refuses a candidate slightly worse than an already degraded installed model but clearly worse than the shipped one", () => {
    const installed = { full: 0.74, section: 0.935 };
    const candidate = { full: 0.73, section: 0.925 };
    expect(guardDecision(installed, candidate, 0.02).accept).toBe(true);
    expect(shippedFloor(SHIPPED, candidate, 0.03)).toEqual({
      accept: false,
      reason:
        "full-path accuracy would be 3.3 points below the shipped model's (more than 3.0; learning.maxLossFromShipped): shipped model full path 76.3, section 95.3",
    });
    expect(shippedFloor(SHIPPED, { full: 0.75, section: 0.92 }, 0.03).reason).toMatch(/^section accuracy would be 3\.3 points below/);
    expect(shippedFloor(SHIPPED, { full: 0.74, section: 0.93 }, 0.03)).toEqual({ accept: true, reason: "shipped model full path 76.3, section 95.3" });
  });

  it("stops a walk down in retrains: a degraded installation cannot go further below the shipped model", async () => {
    const { home } = await makeHome();
    const corpus = smallCorpus();
    const baseCorpus = await writeSmallCorpus(home, corpus);
    const corrections = path.join(home, "data", "corrections.jsonl");
    await fs.mkdir(path.dirname(corrections), { recursive: true });
    const wrong = (from: number, to: number) =>
      corpus.articles
        .slice(from, to)
        .map((a) =>
          correctionLine(a.doc.title, a.doc.body.slice(0, 1500), a.label.startsWith("Org") ? "Strategy & Miscellaneous News -> Misc." : "Org -> Exec Changes"),
        );
    const config = (learning: Record<string, number>) =>
      loadConfig({ env: { NEWS_COVERAGE_HOME: home }, overrides: { learning: { baseCorpus, cvFolds: 3, ...learning } } });

    // An installation already walked down (a guard that let everything through).
    await fs.writeFile(corrections, wrong(0, 12).join("\n") + "\n");
    const degraded = await retrainInstallation({ config: config({ maxLoss: 1, maxLossFromShipped: 1 }), trigger: "cli" });
    expect(degraded.decision).toBe("accepted");
    const shipped = degraded.shipped!;
    expect(degraded.candidate!.full).toBeLessThan(shipped.full - 0.05);

    // One more small step: within maxLoss of the installed model, but more than the tolerance below the shipped one.
    await fs.appendFile(corrections, wrong(12, 14).join("\n") + "\n");
    const step = await retrainInstallation({ config: config({ maxLoss: 0.1, maxLossFromShipped: 0.03 }), trigger: "cli" });
    expect(step.current).toEqual(degraded.candidate);
    expect(step.shipped).toEqual(shipped);
    expect(guardDecision(step.current!, step.candidate!, 0.1).accept).toBe(true);
    expect(step).toMatchObject({
      decision: "rejected",
      reason: expect.stringMatching(/points below the shipped model's \(more than 3\.0; learning\.maxLossFromShipped\)/),
    });
  }, 600_000);
});
