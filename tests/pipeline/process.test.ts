import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BuyerConfig } from "../../src/config/schema.js";
import type { Classification, Engine, EngineInput, EngineStep, FactDraft, Usage } from "../../src/core/engine.js";
import { parseArticle } from "../../src/pipeline/article.js";
import { type Article } from "../../src/core/article.js";
import { createBuyerDirectory } from "../../src/pipeline/buyer-directory.js";
import { createBuyerMatcher } from "../../src/pipeline/buyers.js";
import { finalOutputBlock, matchedBuyers, processArticle, type ProcessContext } from "../../src/pipeline/process.js";
import { RecordSchema } from "../../src/core/record.js";
import type { Category } from "../../src/core/taxonomy.js";
import { articleId } from "../../src/pipeline/url.js";

const BUYERS = (JSON.parse(readFileSync(new URL("../../config/default.json", import.meta.url), "utf8")) as { buyers: BuyerConfig[] }).buyers;
const matcher = createBuyerMatcher(BUYERS);

const GREENLIGHT: Category = "Content, Deals & Distribution -> TV -> Greenlights";
const EXEC: Category = "Org -> Exec Changes";
const DEALS: Category = "Content, Deals & Distribution -> Deals";

const CTX: ProcessContext = {
  matcher,
  confidenceFloor: 0.45,
  arrivalMs: Date.UTC(2026, 1, 10, 12),
  processedAt: "2026-02-10T12:00:00.000Z",
  inputFile: "netflix-greenlight.json",
};

function article(overrides: Record<string, unknown> = {}): Article {
  const result = parseArticle(
    {
      title: "Netflix greenlights The Show",
      url: "https://variety.com/2025/tv/news/the-show-1236000000/?utm_source=x",
      content: "Netflix has ordered The Show to series.",
      published_at: "2025-12-05",
      ...overrides,
    },
    createBuyerDirectory(BUYERS).resolveCompany,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.article;
}

const USAGE: Usage = { input_tokens: 100, cached_tokens: 10, output_tokens: 20, cost_usd: 0.001, calls: 1 };

/** A scripted engine that counts its calls. */
class FakeEngine implements Engine {
  readonly provider = "offline" as const;
  classifyCalls = 0;
  writeCalls = 0;
  lastClassification: Classification | null = null;
  constructor(
    private readonly classification: Classification,
    private readonly facts: FactDraft[],
    private readonly extras: { classifyReview?: string[]; writeReview?: string[]; usage?: Usage } = {},
  ) {}
  async classify(_input: EngineInput): Promise<EngineStep<Classification>> {
    this.classifyCalls += 1;
    return { value: this.classification, model: "fake-classifier", usage: this.extras.usage, review: this.extras.classifyReview };
  }
  async writeFacts(_input: EngineInput, classification: Classification): Promise<EngineStep<FactDraft[]>> {
    this.writeCalls += 1;
    this.lastClassification = classification;
    return { value: this.facts, model: "fake-writer", usage: this.extras.usage, review: this.extras.writeReview };
  }
}

const CONFIDENT: Classification = { category: GREENLIGHT, confidence: 0.9, alternatives: [{ category: DEALS, confidence: 0.05 }] };
const ONE_FACT: FactDraft[] = [{ category: GREENLIGHT, line: "The Show: Netflix, drama", notes: [] }];

describe("processArticle", () => {
  it("builds a valid record for a plain article", async () => {
    const engine = new FakeEngine(CONFIDENT, ONE_FACT, { usage: USAGE });
    const record = await processArticle(article(), engine, CTX);
    expect(RecordSchema.safeParse(record).success).toBe(true);
    expect(record).toMatchObject({
      id: articleId("https://variety.com/2025/tv/news/the-show-1236000000/"),
      company: "Netflix",
      quarter: "2025 Q4",
      quarter_source: "published_at",
      published_at: "2025-12-05",
      buyers: { strong: ["Netflix"], weak: [] },
      category: GREENLIGHT,
      confidence: 0.9,
      provider: "offline",
      model: "fake-classifier+fake-writer",
      review: [],
      supersedes: false,
      input_file: "netflix-greenlight.json",
      processed_at: CTX.processedAt,
    });
    expect(record.usage).toEqual({ input_tokens: 200, cached_tokens: 20, output_tokens: 40, cost_usd: 0.002, calls: 2 });
    expect(record.facts).toEqual([
      {
        fact_id: `${record.id.slice(0, 12)}-1`,
        category: GREENLIGHT,
        section: "Content, Deals & Distribution",
        subheading: "TV",
        line: "The Show: Netflix, drama",
        notes: [],
      },
    ]);
    expect(record.markdown).toContain("Content: The Show: Netflix, drama ([12/5](");
    expect(engine.classifyCalls).toBe(1);
    expect(engine.writeCalls).toBe(1);
  });

  it("gives every fact a unique fact_id, even for identical facts", async () => {
    const facts: FactDraft[] = [
      { category: GREENLIGHT, line: "A: Netflix, drama", notes: [] },
      { category: GREENLIGHT, line: "A: Netflix, drama", notes: [] },
      { category: EXEC, line: "Hiring: X, Y at Netflix", notes: ["Starts in June"] },
      { category: DEALS, line: "Deal", notes: [] },
    ];
    const record = await processArticle(article(), new FakeEngine(CONFIDENT, facts), CTX);
    const ids = record.facts.map((f) => f.fact_id);
    expect(new Set(ids).size).toBe(4);
    expect(record.facts.map((f) => f.line)).toEqual(facts.map((f) => f.line));
    expect(RecordSchema.safeParse(record).success).toBe(true);
  });

  it("places a fact with an unknown category under the article's category and flags it", async () => {
    const facts = [
      { category: "Gossip -> Rumours" as Category, line: "Rumour line", notes: [] },
      { category: EXEC, line: "Exit: A, B at Netflix", notes: [] },
    ];
    const record = await processArticle(article(), new FakeEngine(CONFIDENT, facts), CTX);
    expect(record.facts.map((f) => [f.category, f.line])).toEqual([
      [GREENLIGHT, "Rumour line"],
      [EXEC, "Exit: A, B at Netflix"],
    ]);
    expect(record.review.some((r) => r.includes("Gossip -> Rumours") && r.includes(GREENLIGHT))).toBe(true);
    expect(RecordSchema.safeParse(record).success).toBe(true);
  });

  it("maps a fact category in the old comma spelling without a review", async () => {
    const facts = [{ category: "Content, Deals, Distribution -> TV -> Renewals" as Category, line: "The Show S2: Netflix", notes: [] }];
    const record = await processArticle(article(), new FakeEngine(CONFIDENT, facts), CTX);
    expect(record.facts[0]!.category).toBe("Content, Deals & Distribution -> TV -> Renewals");
    expect(record.review).toEqual([]);
  });

  it.each([
    ["no facts", [] as FactDraft[]],
    ["only blank lines", [{ category: GREENLIGHT, line: "   ", notes: ["orphan note"] }]],
  ])("falls back to the headline when there are %s", async (_name, facts) => {
    const record = await processArticle(article(), new FakeEngine(CONFIDENT, facts), CTX);
    expect(record.facts).toHaveLength(1);
    expect(record.facts[0]).toMatchObject({ category: GREENLIGHT, line: "Netflix greenlights The Show", notes: [] });
    expect(record.review.some((r) => r.includes("headline"))).toBe(true);
    expect(RecordSchema.safeParse(record).success).toBe(true);
  });

  it("normalises whitespace in lines and notes and drops empty notes", async () => {
    const facts = [{ category: DEALS, line: "  Sony   strikes\n deal ", notes: [" one  note ", "", "  "] }];
    const record = await processArticle(article(), new FakeEngine(CONFIDENT, facts), CTX);
    expect(record.facts[0]).toMatchObject({ line: "Sony strikes deal", notes: ["one note"] });
  });

  it("a category override skips classify and feeds the facts writer", async () => {
    const engine = new FakeEngine(CONFIDENT, [{ category: EXEC, line: "Exit: A, B at Netflix", notes: [] }]);
    const record = await processArticle(article({ category: "Org -> Exec Changes" }), engine, CTX);
    expect(engine.classifyCalls).toBe(0);
    expect(engine.writeCalls).toBe(1);
    expect(engine.lastClassification).toEqual({ category: EXEC, confidence: 1, alternatives: [] });
    expect(record).toMatchObject({ category: EXEC, confidence: 1, alternatives: [], model: "fake-writer", review: [] });
  });

  it("without an override, classify and writeFacts are each called once", async () => {
    const engine = new FakeEngine(CONFIDENT, ONE_FACT);
    await processArticle(article(), engine, CTX);
    expect([engine.classifyCalls, engine.writeCalls]).toEqual([1, 1]);
  });

  const reviewCases: Array<[string, Record<string, unknown>, Classification, RegExp]> = [
    [
      "weak-only match",
      { title: "A story", content: `${"Filler text without buyers. ".repeat(20)}\nLater Netflix is named.` },
      CONFIDENT,
      /weak-only buyer match: Netflix/,
    ],
    ["no buyer at all", { title: "A story", content: "Nothing relevant." }, CONFIDENT, /no buyer matched/],
    ["low confidence", {}, { category: GREENLIGHT, confidence: 0.2, alternatives: [] }, /low confidence 0\.20/],
    [
      "quarter from the URL",
      { published_at: null, url: "https://deadline.com/2025/12/the-show-1236652941/" },
      CONFIDENT,
      /quarter inferred from the date in the URL/,
    ],
    ["quarter from arrival", { published_at: null, url: "https://variety.com/tv/the-show/" }, CONFIDENT, /quarter inferred from the file's arrival time/],
  ];
  it.each(reviewCases)("flags %s for review", async (_name, overrides, classification, reason) => {
    const record = await processArticle(article(overrides), new FakeEngine(classification, ONE_FACT), CTX);
    expect(
      record.review.some((r) => reason.test(r)),
      JSON.stringify(record.review),
    ).toBe(true);
    expect(RecordSchema.safeParse(record).success).toBe(true);
  });

  it.each([
    ["confidence at the floor", { category: GREENLIGHT, confidence: 0.45, alternatives: [] }],
    ["strong match, published date", CONFIDENT],
  ])("does not flag %s", async (_name, classification) => {
    const record = await processArticle(article(), new FakeEngine(classification, ONE_FACT), CTX);
    expect(record.review).toEqual([]);
  });

  it("does not flag a quarter override or a company override with no match as inferred/no-buyer", async () => {
    const record = await processArticle(
      article({ title: "A story", content: "Nothing relevant.", quarter: "2025 Q3", company: "Sony", published_at: null, url: "https://variety.com/x" }),
      new FakeEngine(CONFIDENT, ONE_FACT),
      CTX,
    );
    expect(record).toMatchObject({ company: "Sony", quarter: "2025 Q3", quarter_source: "override", review: [] });
    expect(matchedBuyers(record)).toEqual(["Sony"]);
  });

  it("dates the record from a date alias and flags a misspelt field with its hint (issue 9)", async () => {
    const record = await processArticle(
      article({ published_at: undefined, pubDate: "Fri, 05 Dec 2025 09:00:00 GMT", compnay: "Sony", url: "https://variety.com/x" }),
      new FakeEngine(CONFIDENT, ONE_FACT),
      CTX,
    );
    expect(record).toMatchObject({ published_at: "2025-12-05", quarter: "2025 Q4", quarter_source: "published_at" });
    expect(record.review).toEqual(['unknown field "compnay": did you mean "company"? (kept as extra, not read)']);
  });

  it("removes control characters from an engine's lines and notes (a model's answer is text like any other)", async () => {
    const facts = [{ category: DEALS, line: "Sony\u001b[31m strikes\r\ndeal\u0000", notes: ["one\u2028note\ud800"] }];
    const record = await processArticle(article(), new FakeEngine(CONFIDENT, facts), CTX);
    expect(record.facts[0]).toMatchObject({ line: "Sony strikes deal", notes: ["one note"] });
  });

  it("carries the engine's own review reasons", async () => {
    const record = await processArticle(article(), new FakeEngine(CONFIDENT, ONE_FACT, { classifyReview: ["used fallback"], writeReview: ["trimmed"] }), CTX);
    expect(record.review).toEqual(["used fallback", "trimmed"]);
  });

  it.each([
    ["force", { ...CTX, force: true }, {}, true],
    ["reprocess in the file", CTX, { reprocess: true }, true],
    ["neither", CTX, {}, false],
  ])("supersedes: %s", async (_name, ctx, overrides, expected) => {
    const record = await processArticle(article(overrides), new FakeEngine(CONFIDENT, ONE_FACT), ctx);
    expect(record.supersedes).toBe(expected);
  });

  it("keeps strong and weak lists, company override wins as company", async () => {
    const content = `Amazon is named early, beside Netflix.${" Filler words here.".repeat(30)} Sony comes much later.`;
    const record = await processArticle(article({ content, company: "Apple" }), new FakeEngine(CONFIDENT, ONE_FACT), CTX);
    expect(record.buyers).toEqual({ strong: ["Amazon", "Netflix"], weak: ["Sony"] });
    expect(record.company).toBe("Apple");
    expect(matchedBuyers(record)).toEqual(["Amazon", "Netflix", "Apple"]);
  });

  it("a low confidence the engine already flagged (below its review line) is said once", async () => {
    const classification = { category: GREENLIGHT, confidence: 0.3, alternatives: [] };
    const engine = new FakeEngine(classification, ONE_FACT, { classifyReview: [`low confidence 0.30 for ${GREENLIGHT}`] });
    const record = await processArticle(article(), engine, CTX);
    expect(record.review.filter((r) => r.startsWith("low confidence"))).toEqual([`low confidence 0.30 for ${GREENLIGHT}`]);
  });

  it("rounds confidences to three places", async () => {
    const classification = { category: GREENLIGHT, confidence: 0.123456, alternatives: [{ category: DEALS, confidence: 0.0004 }] };
    const record = await processArticle(article(), new FakeEngine(classification, ONE_FACT), CTX);
    expect(record.confidence).toBe(0.123);
    expect(record.alternatives).toEqual([{ category: DEALS, confidence: 0 }]);
  });

  it.each([
    ["above 1", 1.7, 1, false],
    ["below 0", -0.2, 0, true],
    ["NaN", Number.NaN, 0, true],
  ])("an engine confidence %s is kept in 0..1 so the record stays valid", async (_name, confidence, stored, flagged) => {
    const classification = { category: GREENLIGHT, confidence, alternatives: [{ category: DEALS, confidence }] };
    const record = await processArticle(article(), new FakeEngine(classification, ONE_FACT), CTX);
    expect(record.confidence).toBe(stored);
    expect(record.alternatives[0]!.confidence).toBe(stored);
    expect(record.review.some((r) => r.startsWith("low confidence"))).toBe(flagged);
    expect(RecordSchema.safeParse(record).success).toBe(true);
  });

  it.each([
    ["two days ahead, date only", "2026-02-12", true],
    ["a week ahead, date-time", "2026-02-17T09:00:00Z", true],
    ["23 hours ahead (time zones, embargoes)", "2026-02-11T11:00:00Z", false],
    ["the same day", "2026-02-10", false],
    ["in the past", "2025-12-05", false],
  ])("a published_at more than a day after processing time is flagged: %s", async (_name, published_at, flagged) => {
    const record = await processArticle(article({ published_at }), new FakeEngine(CONFIDENT, ONE_FACT), CTX);
    const reason = record.review.find((r) => r.startsWith("published_at"));
    expect(Boolean(reason)).toBe(flagged);
    if (reason) expect(reason).toMatch(/more than a day after processing time \(2026-02-10\); check the date$/);
  });

  it("final_output block uses the matched buyers and the record's facts", async () => {
    const record = await processArticle(article({ published_at: "2025-12-18T10:00:00Z" }), new FakeEngine(CONFIDENT, ONE_FACT), CTX);
    const block = finalOutputBlock(record);
    expect(block.split("\n").slice(0, 8)).toEqual([
      "Matched buyers: ['Netflix']",
      "",
      "Title: Netflix greenlights The Show",
      "",
      `Category: ${GREENLIGHT}`,
      "",
      "Content:",
      `- The Show: Netflix, drama ([12/18](${record.url}))`,
    ]);
    expect(block).toContain("Date: (2025-12-18T10:00:00+00:00)");
  });

  it("final_output block names buyers and the filing company by display name and shows the review flags", async () => {
    const record = await processArticle(
      article({ title: "HBO and Netflix talk", content: "HBO and Netflix are in talks.", published_at: "2026-03-01" }),
      new FakeEngine({ ...CONFIDENT, confidence: 0.2 }, ONE_FACT),
      CTX,
    );
    const display = (name: string) => BUYERS.find((b) => b.name === name)?.display ?? name;
    const lines = finalOutputBlock(record, display).split("\n");
    expect(lines[0]).toBe("Matched buyers: ['Netflix', 'Warner Bros Discovery']");
    expect(lines).toContain("Company: Warner Bros Discovery");
    const review = lines.find((l) => l.startsWith("Review: "));
    expect(review, review).toMatch(/^Review: low confidence 0\.20 .*; published_at 2026-03-01 is more than a day after processing time/);
    expect(lines.filter((l) => l.startsWith("Review: "))).toHaveLength(1);
    expect(lines.at(-2)).toBe(`URL: ${record.url}`);
  });
});

describe("matchedBuyers", () => {
  it.each([
    ["strong plus primary already in it", { company: "WBD", buyers: { strong: ["Netflix", "WBD"], weak: [] } }, ["Netflix", "WBD"]],
    ["primary added when not strong", { company: "Sony", buyers: { strong: ["Netflix"], weak: ["Sony"] } }, ["Netflix", "Sony"]],
    ["Unknown never listed", { company: "Unknown", buyers: { strong: [], weak: ["Sony"] } }, []],
  ])("%s", (_name, record, expected) => {
    expect(matchedBuyers(record)).toEqual(expected);
  });
});

describe("buyers the story is about (issue 21)", () => {
  it("the Leavy sample (a WBD executive's exit; one sentence says Netflix is in talks) has WBD as its only strong buyer", async () => {
    const sample = JSON.parse(readFileSync(new URL("../../../shared/corpus/samples/deadline_leavy.json", import.meta.url), "utf8")) as Record<string, unknown>;
    const parsed = parseArticle(sample, createBuyerDirectory(BUYERS).resolveCompany);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const engine = new FakeEngine({ category: EXEC, confidence: 0.9, alternatives: [] }, [{ category: EXEC, line: "David Leavy leaves WBD", notes: [] }]);
    const record = await processArticle(parsed.article, engine, { ...CTX, inputFile: "deadline_leavy.json" });
    expect(record.buyers).toEqual({ strong: ["WBD"], weak: ["Netflix"] });
    expect(record.company).toBe("WBD");
    expect(matchedBuyers(record)).toEqual(["WBD"]);
  });
});
