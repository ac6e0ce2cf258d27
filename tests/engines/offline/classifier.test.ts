import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classifyDoc } from "../../../src/engines/offline/classifier.js";
import { loadModel } from "../../../src/engines/offline/model.js";
import { tokenize, splitSentences } from "../../../src/engines/offline/tokenize.js";
import { isCategory } from "../../../src/core/taxonomy.js";

const fixtures = path.resolve(__dirname, "..", "..", "fixtures", "offline");
const samples = readdirSync(fixtures)
  .filter((f) => f.endsWith(".json") && f !== "corpus-articles.json")
  .sort()
  .map((f) => JSON.parse(readFileSync(path.join(fixtures, f), "utf8")) as { title: string; content: string });

describe("offline classifier", () => {
  it("loads the committed model once per process", () => {
    const a = loadModel();
    const b = loadModel();
    expect(a).toBe(b);
    expect(a.leaf.classes.every(isCategory)).toBe(true);
  });

  it("returns a taxonomy category, a confidence in 0..1 and ordered alternatives", () => {
    for (const s of samples) {
      const c = classifyDoc({ title: s.title, body: s.content });
      expect(isCategory(c.category)).toBe(true);
      expect(c.confidence).toBeGreaterThanOrEqual(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
      const confs = [c.confidence, ...c.alternatives.map((a) => a.confidence)];
      for (let i = 1; i < confs.length; i++) expect(confs[i]).toBeLessThanOrEqual(confs[i - 1]!);
      for (const alt of c.alternatives) {
        expect(isCategory(alt.category)).toBe(true);
        expect(alt.category).not.toBe(c.category);
      }
    }
  });

  it("is deterministic", () => {
    for (const s of samples) {
      const a = classifyDoc({ title: s.title, body: s.content });
      const b = classifyDoc({ title: s.title, body: s.content });
      expect(b).toEqual(a);
    }
  });

  it("handles empty and odd input", () => {
    const c = classifyDoc({ title: "", body: "" });
    expect(isCategory(c.category)).toBe(true);
    expect(Number.isFinite(c.confidence)).toBe(true);
  });

  it("reads the obvious cases an analyst would", () => {
    expect(
      classifyDoc({ title: "‘Loot’ Renewed for Season 3 at Apple TV+", body: "“Loot” has been renewed for Season 3 at Apple TV+, Variety has learned." })
        .category,
    ).toBe("Content, Deals & Distribution -> TV -> Renewals");
    expect(
      classifyDoc({
        title: "Warner Bros. Discovery Q3 Earnings: Revenue Falls, Max Adds 2 Million Subscribers",
        body: "Warner Bros. Discovery reported third-quarter earnings on Thursday. Revenue fell 3% to $9.6 billion.",
      }).category.split(" -> ")[0],
    ).toBe("Investor Relations");
  });
});

describe("tokenizer", () => {
  it("keeps streamer plus-signs and folds numbers", () => {
    expect(tokenize("Disney+ renewed “Loot” for Season 3 at Apple TV+ in 2025")).toEqual([
      "disney+",
      "renewed",
      "loot",
      "for",
      "season",
      "3",
      "at",
      "apple",
      "tv+",
      "in",
      "#year",
    ]);
  });
  it("splits sentences but not after abbreviations or initials", () => {
    expect(splitSentences("Warner Bros. Discovery exec Ronald D. Moore is leaving. He joins the U.S. unit.")).toEqual([
      "Warner Bros. Discovery exec Ronald D. Moore is leaving.",
      "He joins the U.S. unit.",
    ]);
  });
});
