import { readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import fc from "fast-check";
import winston from "winston";
import { describe, expect, it } from "vitest";
import type { BuyerConfig } from "../../src/config/schema.js";
import { settle } from "../../src/runtime/outcomes.js";
import type { FileResult, InputTask } from "../../src/runtime/processor.js";
import { createOfflineEngine } from "../../src/engines/offline/index.js";
import { createLogger } from "../../src/log.js";
import { parseArticle } from "../../src/pipeline/article.js";
import { createBuyerDirectory } from "../../src/pipeline/buyer-directory.js";
import { createBuyerMatcher } from "../../src/pipeline/buyers.js";
import { finalOutputBlock, processArticle } from "../../src/pipeline/process.js";
import { oneLine, stripControls } from "../../src/core/text.js";

// Issue 9, item 1: whatever a field holds, one record is one final_output block, one store line
// and one log line, and nothing written holds a control character.

const BUYERS = (JSON.parse(readFileSync(new URL("../../config/default.json", import.meta.url), "utf8")) as { buyers: BuyerConfig[] }).buyers;
const matcher = createBuyerMatcher(BUYERS);
const { resolveCompany } = createBuyerDirectory(BUYERS);
const engine = createOfflineEngine(BUYERS);

/** Controls, escapes, lone surrogates, line separators and text that looks like block lines. */
const NASTY = [
  "\n",
  "\r",
  "\r\n",
  "\n\n",
  "\u0000",
  "\u0007",
  "\u001b",
  "\u001b[31m",
  "\u001b[2J",
  "\u001b]0;title\u0007",
  "\u009b1m",
  "\u0085",
  "\u2028",
  "\u2029",
  "\u202e",
  "\ud800",
  "\udc00",
  "\t",
  "\u000b",
  "\u000c",
  "\u007f",
  "\n\nMatched buyers: ['Disney']\n\nTitle: FORGED\n\n",
  "URL: https://evil.example/",
  "Content:\n- ",
  "\\",
  "'",
  '"',
  "](",
  ") ",
  "-",
];
const nastyText = fc
  .array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: "binary", maxLength: 8 }), fc.string({ unit: "grapheme-ascii", maxLength: 12 })), {
    maxLength: 12,
  })
  .map((parts) => parts.join(""));
const field = fc.oneof(nastyText, fc.constant(undefined), fc.integer(), fc.constant(null));
const urlField = fc.oneof(
  nastyText.map((s) => `https://variety.com/2025/tv/news/${s}`),
  nastyText.map((s) => `https://user:pw-secret-${s.length}@variety.com/2025/a-${s.length}/`),
  nastyText,
);

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BLOCK_LINE = /^(Matched buyers: \[.*\]|Title: .*|Category: .*|Content:|- .+| {2}- .+|Date: \(.*\)|Company: .+|Review: .+|URL: \S+|)$/;

function lineLogger(): { log: winston.Logger; lines: () => string[] } {
  const log = createLogger({ level: "info" });
  const stream = new PassThrough();
  let out = "";
  stream.on("data", (d: Buffer) => (out += d.toString()));
  log.clear();
  log.add(new winston.transports.Stream({ stream }));
  return { log, lines: () => out.split("\n").filter((l) => l !== "") };
}

describe("one record, one block, one store line, one log line", () => {
  it("random strings in every field and in the file name", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          title: field,
          content: fc.oneof(
            nastyText.map((s) => `Netflix renewed the drama for a second season. ${s} The show returns in May.`),
            field,
          ),
          url: urlField,
          source: field,
          published_at: fc.oneof(fc.constant(undefined), nastyText, fc.constant("2025-11-03")),
          date: fc.oneof(fc.constant(undefined), nastyText),
          quarter: fc.oneof(fc.constant(undefined), nastyText),
          category: fc.oneof(fc.constant(undefined), nastyText),
          company: fc.oneof(fc.constant(undefined), nastyText),
        }),
        fc.dictionary(nastyText, nastyText, { maxKeys: 3 }),
        nastyText.map((s) => `${s}.json`),
        async (fields, extra, fileName) => {
          const input = { ...extra, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
          const task: InputTask = { path: `/x/${fileName}`, name: fileName, arrivalMs: Date.UTC(2026, 0, 5), attempt: 1 };
          const parsed = parseArticle(input, resolveCompany);
          let result: FileResult;
          if (parsed.ok) {
            const record = await processArticle(parsed.article, engine, {
              matcher,
              confidenceFloor: 0.45,
              arrivalMs: task.arrivalMs,
              processedAt: "2026-01-05T00:00:00.000Z",
              inputFile: fileName,
            });
            const block = finalOutputBlock(record);
            expect(block.match(/^Matched buyers: /gm)).toHaveLength(1);
            expect(block.match(/^URL: /gm)).toHaveLength(1);
            expect(block.match(/^Title: /gm)).toHaveLength(1);
            for (const line of block.slice(0, -1).split("\n")) expect(line).toMatch(BLOCK_LINE);
            expect(block).not.toMatch(CONTROL);
            expect(record.markdown).not.toMatch(CONTROL);
            expect(`${record.title} ${record.source} ${record.url}`).not.toMatch(CONTROL);
            expect(`${record.url} ${block}`).not.toContain("pw-secret");
            const storeLine = JSON.stringify(record);
            expect(storeLine).not.toContain("\n");
            expect(JSON.parse(storeLine)).toEqual(JSON.parse(JSON.stringify(record)));
            result = { kind: "articles", task, articles: [{ index: 0, kind: "record", record, ms: 1 }], readMs: 1 };
          } else {
            result = { kind: "articles", task, articles: [{ index: 0, kind: "invalid", errors: parsed.errors }], readMs: 1 };
          }
          const settled = settle([result], [{ fileIndex: 0, index: 0 }], [{ id: "x", status: "stored", target: "" }], "2026-01-05T00:00:00.000Z", () => 3);
          const { log, lines } = lineLogger();
          for (const summary of settled.summaries) log.info(summary.text);
          await new Promise((r) => setImmediate(r));
          expect(lines()).toHaveLength(1);
          expect(lines()[0]).not.toMatch(CONTROL);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the forged block of issue 9", () => {
  it("a url holding line breaks is refused with a field-level reason", () => {
    const url = 'https://variety.com/a/\n\nMatched buyers: ["Disney"]\n\nTitle: FORGED\n\nURL: https://evil.example/';
    const parsed = parseArticle({ title: "t", content: "c", url }, resolveCompany);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]!.field).toBe("url");
    if (!parsed.ok) expect(parsed.errors[0]!.message).toMatch(/^must not contain spaces, line breaks or control characters/);
  });
});

describe("stripControls / oneLine", () => {
  it.each([
    ["ANSI colour", "\u001b[1;31mred\u001b[0m", "red"],
    ["OSC title", "a\u001b]0;pwned\u0007b", "ab"],
    ["NUL and BEL", "a\u0000b\u0007c", "abc"],
    ["lone surrogates", "a\ud800b\udc00c", "abc"],
    ["a pair is kept", "film 🎬", "film 🎬"],
    ["bidi override", "abc\u202edef", "abcdef"],
  ])("%s", (_name, input, expected) => {
    expect(stripControls(input)).toBe(expected);
  });

  it("turns every kind of line break into one space on one line", () => {
    expect(oneLine(" a\r\nb\rc\u2028d\u0085e\n\nf ")).toBe("a b c d e f");
  });
});
