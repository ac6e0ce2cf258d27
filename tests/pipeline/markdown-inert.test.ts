import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BuyerConfig } from "../../src/config/schema.js";
import type { StoredRecord } from "../../src/core/record.js";
import { buildDigest } from "../../src/digest/build.js";
import { createOfflineEngine } from "../../src/engines/offline/index.js";
import { parseArticle } from "../../src/pipeline/article.js";
import { createBuyerDirectory } from "../../src/pipeline/buyer-directory.js";
import { createBuyerMatcher } from "../../src/pipeline/buyers.js";
import { correctionBlock } from "../../src/pipeline/correction.js";
import { inertMarkdown, mdInline, mdLinkTarget } from "../../src/pipeline/markdown.js";
import { finalOutputBlock, processArticle } from "../../src/pipeline/process.js";
import { renderNeedsReview } from "../../src/report/needs-review.js";
import { buildOutline } from "../../src/report/outline.js";
import { renderReportMarkdown } from "../../src/report/render-md.js";
import type { TraceLine } from "../../src/store/trace.js";
import { makeRecord } from "../report/helpers.js";

// Issue 25 item 11: article text reaches the Markdown files (final_output.md, the report .md and
// needs_review.md, the digest) as text, never as HTML or a link of its own.

const BUYERS = (JSON.parse(readFileSync(new URL("../../config/default.json", import.meta.url), "utf8")) as { buyers: BuyerConfig[] }).buyers;
const directory = createBuyerDirectory(BUYERS);

const SCRIPT = "<script>alert(1)</script>";
const IMG = '<img src=x onerror="alert(2)">';
const JS_LINK = "[click me](javascript:alert(3))";
const JS_IMAGE = "![x] (javascript:alert(4))";
const AUTOLINK = "<javascript:alert(5)>";
const DEFINITION = "\n[ref]: javascript:alert(6)\n";
const NASTY = `${SCRIPT} ${IMG} ${JS_LINK} ${JS_IMAGE} ${AUTOLINK} ${DEFINITION} </p><iframe src=//evil.example>`;

/**
 * What a Markdown renderer could turn into markup or a link: any `<` that opens a tag, comment or
 * autolink (our own autolinks are http(s) addresses), a link or image whose target is not an
 * http(s) address, and a line that starts a link definition.
 */
function activeMarkup(markdown: string): string[] {
  const found: string[] = [];
  for (const m of markdown.matchAll(/<[A-Za-z/!?][^\n>]*>?/g)) if (!/^<https?:\/\/[^\s<>]*>$/.test(m[0])) found.push(m[0]);
  for (const m of markdown.matchAll(/\]\s*\(([^)\s]*)/g)) if (!/^https?:\/\//.test(m[1]!)) found.push(m[0]);
  for (const m of markdown.matchAll(/^\s*\[[^\]]*\]:/gm)) found.push(m[0]);
  return found;
}

function nastyRecord(extra: Partial<StoredRecord> = {}): StoredRecord {
  return makeRecord({
    title: `Sony ${NASTY} title`,
    company: "Sony",
    facts: [
      { category: "Content, Deals & Distribution -> TV -> Greenlights", line: `Sony greenlights ${NASTY} (11/3) for Crunchyroll`, notes: [`note ${NASTY}`] },
      { category: "Org -> Exec Changes", line: `Sony names ${SCRIPT} president`, notes: [`exec note ${IMG}`] },
    ],
    review: [`low confidence ${SCRIPT}`],
    ...extra,
  });
}

describe("the shared helpers", () => {
  it("make raw HTML, links, images, autolinks and definitions inert and leave plain text alone", () => {
    expect(activeMarkup(NASTY).length).toBeGreaterThan(5);
    expect(activeMarkup(inertMarkdown(NASTY))).toEqual([]);
    expect(inertMarkdown(SCRIPT)).toBe("&lt;script>alert(1)&lt;/script>");
    expect(inertMarkdown(JS_LINK)).toBe("[click me&#93;(javascript:alert(3))");
    expect(inertMarkdown("a\n[ref]: b")).toBe("a [ref]: b");
    expect(inertMarkdown("Netflix renews [Exclusive] The Crown (11/3) ")).toBe("Netflix renews [Exclusive] The Crown (11/3) ");
    expect(mdInline(`  two\nlines ${SCRIPT} `)).toBe("two lines &lt;script>alert(1)&lt;/script>");
  });

  it("keep link targets inside the link and http(s)", () => {
    expect(mdLinkTarget("https://variety.com/a (b)/<c>")).toBe("https://variety.com/a%20%28b%29/%3Cc%3E");
    expect(mdLinkTarget("javascript:alert(1)")).toBe("javascript%3Aalert%281%29");
    expect(mdLinkTarget("https://variety.com/2025/tv/news/crown-1234/")).toBe("https://variety.com/2025/tv/news/crown-1234/");
  });
});

describe("every Markdown output", () => {
  it("final_output.md and the record's markdown: an article with script in its title and text", async () => {
    const parsed = parseArticle(
      {
        title: `Sony Pictures Television ${SCRIPT} greenlights ${JS_LINK}`,
        url: "https://variety.com/2025/tv/news/sony-<script>alert(7)</script>-1234/",
        published_at: "2025-11-03",
        content: `Sony Pictures Television has greenlit a drama series. ${IMG} ${JS_LINK} ${DEFINITION} ${SCRIPT}`,
      },
      directory.resolveCompany,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const record = await processArticle(parsed.article, createOfflineEngine(BUYERS), {
      matcher: createBuyerMatcher(BUYERS),
      confidenceFloor: 0.45,
      arrivalMs: Date.UTC(2025, 10, 3),
      processedAt: "2025-11-03T12:00:00.000Z",
      inputFile: "sony.json",
    });
    expect(record.title).toContain(SCRIPT); // the store keeps what the article said
    const block = finalOutputBlock(record);
    expect(block).toContain("Title: Sony Pictures Television &lt;script>alert(1)&lt;/script> greenlights [click me&#93;(javascript:alert(3))");
    expect(block).toContain("URL: https://variety.com/2025/tv/news/sony-%3Cscript%3Ealert(7)%3C/script%3E-1234/\n");
    expect(activeMarkup(block)).toEqual([]);
    expect(activeMarkup(record.markdown)).toEqual([]);

    const nasty = nastyRecord();
    expect(activeMarkup(finalOutputBlock(nasty))).toEqual([]);
    const correction = correctionBlock({ record: { ...nasty, reviewed: { at: "2025-11-04T00:00:00Z", changes: [] } } as StoredRecord, changed: ["facts"] })!;
    expect(correction).toContain("Correction: Sony &lt;script>");
    expect(activeMarkup(correction)).toEqual([]);
  });

  it("the report .md and needs_review.md", () => {
    const records = [nastyRecord(), nastyRecord({ url: "https://variety.com/2025/tv/news/<img src=x onerror=alert(8)>/" })];
    const buyer = directory.resolve("Sony")!;
    const report = renderReportMarkdown(buildOutline({ records, buyer, quarter: "2025 Q4" }));
    expect(report).toContain("Sony greenlights &lt;script>alert(1)&lt;/script>");
    expect(report).toContain("[click me&#93;(javascript:alert(3))");
    expect(report).toContain("([11/3](https://variety.com/2025/tv/news/%3Cimg%20src=x%20onerror=alert%288%29%3E/))");
    expect(activeMarkup(report)).toEqual([]);
    const review = renderNeedsReview({ quarter: "2025 Q4", records, buyers: directory });
    expect(review).toContain("why: low confidence &lt;script>");
    expect(activeMarkup(review)).toEqual([]);
  });

  it("the digest: coverage, review, failures, retries and duplicates", () => {
    const record = nastyRecord({ published_at: "2025-11-05" });
    const trace = (t: Partial<TraceLine> & Pick<TraceLine, "file" | "outcome">): TraceLine => ({
      time: "2025-11-05T15:00:00.000Z",
      attempts: 1,
      duration_ms: 5,
      steps: [],
      ...t,
    });
    const digest = buildDigest({
      date: "2025-11-05",
      timeZone: "UTC",
      generatedAt: "2025-11-06T00:05:00.000Z",
      records: [record],
      buyers: directory,
      traces: [
        trace({ file: "sony.json", outcome: "stored", record_id: record.id }),
        trace({ file: `bad\`${SCRIPT}\`.json`, outcome: "failed", reason: `invalid article: title must be a string, got ${IMG}` }),
        trace({ file: "later.json", outcome: "retry", reason: `transient ${JS_LINK}` }),
        trace({ file: "again.json", outcome: "duplicate", title: `dup ${SCRIPT}`, url: "https://variety.com/<script>/" }),
      ],
    });
    expect(digest).toContain("&lt;script>alert(1)&lt;/script>");
    expect(digest).toContain("- bad`&lt;script>alert(1)&lt;/script>`.json: invalid article");
    expect(digest).toContain("<https://variety.com/%3Cscript%3E/>");
    expect(activeMarkup(digest)).toEqual([]);
  });
});
