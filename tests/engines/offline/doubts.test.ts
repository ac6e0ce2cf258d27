// What sends a record to the review queue because its category is likely wrong (issue 21 item 1), and
// what does not: the line writer's fallbacks.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { BuyerConfig } from "../../../src/config/schema.js";
import { createOfflineEngine } from "../../../src/engines/offline/index.js";
import { classificationDoubts, CLOSE_CALL_MARGIN, headlineSection } from "../../../src/engines/offline/doubts.js";
import { parseArticle } from "../../../src/pipeline/article.js";
import { createBuyerDirectory } from "../../../src/pipeline/buyer-directory.js";
import { createBuyerMatcher } from "../../../src/pipeline/buyers.js";
import { processArticle } from "../../../src/pipeline/process.js";
import { analystReason } from "../../../src/report/needs-review.js";
import { ROOT } from "../../helpers/daemon.js";

const GREENLIGHT = "Content, Deals & Distribution -> TV -> Greenlights";
const DEVELOPMENT = "Content, Deals & Distribution -> TV -> Development";
const BUYERS = (JSON.parse(readFileSync(path.join(ROOT, "config", "default.json"), "utf8")) as { buyers: BuyerConfig[] }).buyers;

describe("classification doubts", () => {
  it("each doubt reaches the desk and needs_review.md in an analyst's words, with its own filter kind", () => {
    const doubts = classificationDoubts({ title: "Netflix exec steps down after ten years" }, [
      { category: GREENLIGHT, probability: 0.45 },
      { category: DEVELOPMENT, probability: 0.4 },
    ]);
    expect(doubts).toHaveLength(2);
    expect(doubts.map((d) => analystReason(d))).toEqual([
      {
        kind: "close call between two categories",
        text: `The model hesitated between ${GREENLIGHT} (0.45) and ${DEVELOPMENT} (0.40): pick the right one.`,
      },
      {
        kind: "headline reads as another section",
        text: `The headline reads as Org (exec), but the story was filed under ${GREENLIGHT}: check the category.`,
      },
    ]);
  });

  it("a close call between the first two paths is a doubt; a clear lead is not", () => {
    const close = classificationDoubts({ title: "A drama is coming" }, [
      { category: GREENLIGHT, probability: 0.45 },
      { category: DEVELOPMENT, probability: 0.45 - CLOSE_CALL_MARGIN / 2 },
    ]);
    expect(close).toEqual([`close call: ${GREENLIGHT} 0.45 against ${DEVELOPMENT} ${(0.45 - CLOSE_CALL_MARGIN / 2).toFixed(2)}`]);
    expect(
      classificationDoubts({ title: "A drama is coming" }, [
        { category: GREENLIGHT, probability: 0.9 },
        { category: DEVELOPMENT, probability: 0.05 },
      ]),
    ).toEqual([]);
  });

  it("a headline that reads as another section is a doubt", () => {
    expect(headlineSection({ title: "Netflix exec steps down after ten years" })).toEqual({ kind: "exec", section: "Org" });
    const doubts = classificationDoubts({ title: "Netflix exec steps down after ten years" }, [
      { category: GREENLIGHT, probability: 0.9 },
      { category: DEVELOPMENT, probability: 0.05 },
    ]);
    expect(doubts).toEqual(["the headline reads as Org (exec); classified as Content, Deals & Distribution -> TV -> Greenlights"]);
    expect(classificationDoubts({ title: "HBO renews drama" }, [{ category: "Content, Deals & Distribution -> TV -> Renewals", probability: 0.9 }])).toEqual(
      [],
    );
  });
});

describe("the offline engine's review reasons", () => {
  it("a line writer's fallback to the headline is a note, not a review reason", async () => {
    const engine = createOfflineEngine(BUYERS);
    const parsed = parseArticle(
      {
        title: "Big Changes Ahead",
        url: "https://variety.com/2025/tv/news/big-changes-1236000001/",
        content: "something happened today at a studio, and more is to come.",
        published_at: "2025-11-03",
        category: GREENLIGHT,
      },
      createBuyerDirectory(BUYERS).resolveCompany,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const input = { article: parsed.article, buyers: { strong: [], weak: [], primary: "Unknown" }, company: "Sony", date: "2025-11-03" };
    const written = await engine.writeFacts(input, { category: GREENLIGHT, confidence: 1, alternatives: [] });
    expect(written.notes?.join(" ")).toMatch(/no title found/);
    expect(written.review).toBeUndefined();
    const record = await processArticle(parsed.article, engine, {
      matcher: createBuyerMatcher(BUYERS),
      confidenceFloor: 0.45,
      arrivalMs: Date.UTC(2025, 10, 3),
      processedAt: "2025-11-03T12:00:00.000Z",
      inputFile: "big-changes.json",
    });
    expect(record.review.join(" ")).not.toMatch(/stands in/);
  });
});
