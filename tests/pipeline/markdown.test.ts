import { describe, expect, it } from "vitest";
import { datedLine, isExecChange, renderFinalOutputBlock, renderMarkdown, type MarkdownFact } from "../../src/pipeline/markdown.js";
import type { Category } from "../../src/core/taxonomy.js";

const URL_ = "https://deadline.com/2025/12/david-leavy-wbd-exit-zaslav-cnn-1236652941/";
const EXEC: Category = "Org -> Exec Changes";
const GREENLIGHT: Category = "Content, Deals & Distribution -> TV -> Greenlights";
const DEALS: Category = "Content, Deals & Distribution -> Deals";

const fact = (category: Category, line: string, notes: string[] = []): MarkdownFact => ({ category, line, notes });

describe("datedLine", () => {
  const cases: Array<[string, MarkdownFact, string, string]> = [
    [
      "date appended as a link",
      fact(DEALS, "Sony strikes deal with AVOD streamer Tubi UK"),
      "2025-06-16",
      `Sony strikes deal with AVOD streamer Tubi UK ([6/16](${URL_}))`,
    ],
    ["no leading zeros", fact(DEALS, "Deal"), "2025-01-05", `Deal ([1/5](${URL_}))`],
    ["two-digit month and day", fact(DEALS, "Deal"), "2025-12-18", `Deal ([12/18](${URL_}))`],
    ["line is trimmed", fact(DEALS, "  Deal  "), "2025-12-18", `Deal ([12/18](${URL_}))`],
    [
      "existing plain (M/D) is linked, no second date",
      fact(GREENLIGHT, "The Show: Netflix, drama (12/5)"),
      "2025-12-18",
      `The Show: Netflix, drama ([12/5](${URL_}))`,
    ],
    ["existing plain (M/D) in the middle is linked in place", fact(DEALS, "Sony (6/16) deal with Tubi"), "2025-06-20", `Sony ([6/16](${URL_})) deal with Tubi`],
    ["a year in brackets is not a date", fact(DEALS, "Remake of Heat (1995)"), "2025-12-18", `Remake of Heat (1995) ([12/18](${URL_}))`],
    [
      "exec change: note inline after the date",
      fact(EXEC, "Exit: David Leavy, Chief Corporate Affairs Officer at Warner Bros. Discovery", ["Leavy leaves at year end after 25 years"]),
      "2025-12-18",
      `Exit: David Leavy, Chief Corporate Affairs Officer at Warner Bros. Discovery ([12/18](${URL_})) Leavy leaves at year end after 25 years`,
    ],
    [
      "exec change with a plain date: note after the linked date",
      fact(EXEC, "Hiring: Jay Levine, EVP, Chief Strategy Officer at Sony Pictures Entertainment (4/7)", ["Jay reports to CEO Ravi Ahuja"]),
      "2025-04-08",
      `Hiring: Jay Levine, EVP, Chief Strategy Officer at Sony Pictures Entertainment ([4/7](${URL_})) Jay reports to CEO Ravi Ahuja`,
    ],
    ["exec change without notes", fact(EXEC, "Promotion: A, B at C"), "2025-04-08", `Promotion: A, B at C ([4/8](${URL_}))`],
    ["other categories keep notes off the line", fact(DEALS, "Deal", ["A note"]), "2025-04-08", `Deal ([4/8](${URL_}))`],
  ];
  it.each(cases)("%s", (_name, f, date, expected) => {
    expect(datedLine(f, date, URL_)).toBe(expected);
  });

  it("only exec changes are exec changes", () => {
    expect([EXEC, GREENLIGHT, DEALS, "Org -> Org"].map(isExecChange)).toEqual([true, false, false, false]);
  });
});

describe("renderMarkdown", () => {
  it("matches the spec example for an exec change", () => {
    const md = renderMarkdown({
      title: "Longtime Zaslav aide David Leavy leaving WBD",
      date: "2025-12-18",
      url: URL_,
      facts: [fact(EXEC, "Exit: David Leavy, Chief Corporate Affairs Officer at Warner Bros. Discovery", ["Leavy leaves at year end after 25 years"])],
    });
    expect(md).toBe(
      [
        "Title: Longtime Zaslav aide David Leavy leaving WBD",
        "Category: Org -> Exec Changes",
        `Content: Exit: David Leavy, Chief Corporate Affairs Officer at Warner Bros. Discovery ([12/18](${URL_})) Leavy leaves at year end after 25 years`,
      ].join("\n"),
    );
  });

  it("repeats Category/Content pairs in order, notes as sub-bullets", () => {
    const md = renderMarkdown({
      title: "Netflix greenlights two shows and hires an exec",
      date: "2025-05-12",
      url: URL_,
      facts: [
        fact(GREENLIGHT, "The Miniature Wife: Peacock, relationship comedy", ["Ten episodes", "Stars Elizabeth Banks"]),
        fact(EXEC, "Hiring: A, B at Netflix", ["Starts in June"]),
        fact(GREENLIGHT, "[Brazil] The Pilgrimage: Netflix, drama"),
      ],
    });
    expect(md.split("\n")).toEqual([
      "Title: Netflix greenlights two shows and hires an exec",
      `Category: ${GREENLIGHT}`,
      `Content: The Miniature Wife: Peacock, relationship comedy ([5/12](${URL_}))`,
      "  - Ten episodes",
      "  - Stars Elizabeth Banks",
      "Category: Org -> Exec Changes",
      `Content: Hiring: A, B at Netflix ([5/12](${URL_})) Starts in June`,
      `Category: ${GREENLIGHT}`,
      `Content: [Brazil] The Pilgrimage: Netflix, drama ([5/12](${URL_}))`,
    ]);
  });

  it("every Content line carries exactly one date link", () => {
    const md = renderMarkdown({ title: "T", date: "2025-12-05", url: URL_, facts: [fact(DEALS, "A (12/5)"), fact(DEALS, "B")] });
    const contents = md.split("\n").filter((l) => l.startsWith("Content: "));
    expect(contents).toHaveLength(2);
    for (const line of contents) expect(line.match(/\(\[\d{1,2}\/\d{1,2}\]\(/g)).toHaveLength(1);
  });
});

describe("renderFinalOutputBlock", () => {
  it("is exactly the spec §7 block", () => {
    const block = renderFinalOutputBlock({
      matchedBuyers: ["WBD"],
      title: "Longtime Zaslav aide David Leavy leaving WBD",
      category: EXEC,
      facts: [fact(EXEC, "Exit: David Leavy, Chief Corporate Affairs Officer at Warner Bros. Discovery", ["Leavy leaves at year end after 25 years"])],
      date: "2025-12-18",
      datetime: null,
      url: URL_,
    });
    expect(block).toBe(
      `Matched buyers: ['WBD']

Title: Longtime Zaslav aide David Leavy leaving WBD

Category: Org -> Exec Changes

Content:
- Exit: David Leavy, Chief Corporate Affairs Officer at Warner Bros. Discovery ([12/18](${URL_})) Leavy leaves at year end after 25 years

Date: (2025-12-18T00:00:00+00:00)

URL: ${URL_}
`,
    );
  });

  it("repeats the Category:/Content: pair when a fact has another category (spec §5), in the facts' order", () => {
    const block = renderFinalOutputBlock({
      matchedBuyers: ["Netflix"],
      title: "T",
      category: DEALS,
      facts: [fact(DEALS, "Deal one"), fact(DEALS, "Deal two"), fact(EXEC, "Hiring: Ann Lee, EVP at Netflix")],
      date: "2025-12-18",
      datetime: null,
      url: URL_,
    });
    expect(block).toBe(
      `Matched buyers: ['Netflix']

Title: T

Category: ${DEALS}

Content:
- Deal one ([12/18](${URL_}))
- Deal two ([12/18](${URL_}))

Category: ${EXEC}

Content:
- Hiring: Ann Lee, EVP at Netflix ([12/18](${URL_}))

Date: (2025-12-18T00:00:00+00:00)

URL: ${URL_}
`,
    );
  });

  it.each([
    ["one buyer", ["WBD"], "Matched buyers: ['WBD']"],
    ["several buyers", ["Comcast/NBCU", "Netflix"], "Matched buyers: ['Comcast/NBCU', 'Netflix']"],
    ["no buyer", [], "Matched buyers: []"],
  ])("python-style list: %s", (_name, buyers, first) => {
    const block = renderFinalOutputBlock({
      matchedBuyers: buyers,
      title: "T",
      category: DEALS,
      facts: [fact(DEALS, "L")],
      date: "2025-12-18",
      datetime: null,
      url: URL_,
    });
    expect(block.split("\n")[0]).toBe(first);
  });

  it("carries the filing company and the review flags, one line each, between Date: and URL:", () => {
    const base = { matchedBuyers: ["Sony"], title: "T", category: DEALS, facts: [fact(DEALS, "L")], date: "2025-12-18", datetime: null, url: URL_ };
    expect(
      renderFinalOutputBlock({ ...base, company: "Sony", review: ["low confidence 0.30 for X", "weak-only buyer\nmatch: Sony"] })
        .split("\n")
        .slice(-8, -1),
    ).toEqual([
      "Date: (2025-12-18T00:00:00+00:00)",
      "",
      "Company: Sony",
      "",
      "Review: low confidence 0.30 for X; weak-only buyer match: Sony",
      "",
      `URL: ${URL_}`,
    ]);
    expect(renderFinalOutputBlock({ ...base, company: "Sony", review: [] })).toContain("\nCompany: Sony\n\nReview: none\n\nURL: ");
  });

  it("uses the publisher's date-time when there is one", () => {
    const block = renderFinalOutputBlock({
      matchedBuyers: ["Netflix"],
      title: "T",
      category: DEALS,
      facts: [fact(DEALS, "L")],
      date: "2025-12-18",
      datetime: "2025-12-18T15:04:05+00:00",
      url: URL_,
    });
    expect(block).toContain("\nDate: (2025-12-18T15:04:05+00:00)\n");
  });

  it("lists every fact as a bullet, notes indented, and ends with exactly one newline", () => {
    const block = renderFinalOutputBlock({
      matchedBuyers: ["Netflix"],
      title: "T",
      category: GREENLIGHT,
      facts: [fact(GREENLIGHT, "A: Netflix, drama", ["Note one"]), fact(EXEC, "Exit: X, Y at Netflix", ["Inline note"])],
      date: "2025-03-02",
      datetime: null,
      url: URL_,
    });
    expect(block.split("\n")).toEqual([
      "Matched buyers: ['Netflix']",
      "",
      "Title: T",
      "",
      `Category: ${GREENLIGHT}`,
      "",
      "Content:",
      `- A: Netflix, drama ([3/2](${URL_}))`,
      "  - Note one",
      "",
      `Category: ${EXEC}`,
      "",
      "Content:",
      `- Exit: X, Y at Netflix ([3/2](${URL_})) Inline note`,
      "",
      "Date: (2025-03-02T00:00:00+00:00)",
      "",
      `URL: ${URL_}`,
      "",
    ]);
    expect(block.endsWith("\n")).toBe(true);
    expect(block.endsWith("\n\n")).toBe(false);
  });

  it("two blocks joined by one blank line have no run of two blank lines", () => {
    const one = renderFinalOutputBlock({
      matchedBuyers: ["A24"],
      title: "T",
      category: DEALS,
      facts: [fact(DEALS, "L")],
      date: "2025-12-18",
      datetime: null,
      url: URL_,
    });
    expect(`${one}\n${one}`).not.toMatch(/\n\n\n/);
  });
});

describe("links with parentheses", () => {
  it("percent-encodes parentheses and spaces in the link target so the Markdown link holds", () => {
    const line = datedLine({ category: "Org -> Org", line: "Sony reorganises", notes: [] }, "2025-12-05", "https://example.com/a_(b) c");
    expect(line).toBe("Sony reorganises ([12/5](https://example.com/a_%28b%29%20c))");
  });
});
