import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BuyerConfig } from "../../src/config/schema.js";
import { parseArticle, parsePublishedAt, type ParseResult } from "../../src/pipeline/article.js";
import { type Article } from "../../src/core/article.js";
import { createBuyerDirectory } from "../../src/pipeline/buyer-directory.js";
import { cleanInline, cleanText, isBoilerplate, repairMojibake } from "../../src/pipeline/text.js";
import { articleId, canonicalUrl, sourceFromUrl } from "../../src/pipeline/url.js";

const BUYERS = (JSON.parse(readFileSync(new URL("../../config/default.json", import.meta.url), "utf8")) as { buyers: BuyerConfig[] }).buyers;
const resolve = createBuyerDirectory(BUYERS).resolveCompany;

const BASE = {
  title: "Netflix renews The Show for Season 3",
  url: "https://variety.com/2025/tv/news/the-show-renewed-1236000000/",
  content: "Netflix has renewed The Show for a third season.",
};

function parse(value: unknown): ParseResult {
  return parseArticle(value, resolve);
}

function ok(value: unknown): Article {
  const result = parse(value);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.article;
}

/** The errors as `field: message`, the way the .error.json shows them. */
function errors(value: unknown): string[] {
  const result = parse(value);
  if (result.ok) throw new Error("expected errors, got ok");
  return result.errors.map((e) => `${e.field}: ${e.message}`);
}

function without<K extends keyof typeof BASE>(key: K): Omit<typeof BASE, K> {
  const { [key]: _dropped, ...rest } = BASE;
  return rest;
}

describe("required fields", () => {
  const cases: Array<[string, unknown, string]> = [
    ["missing title", without("title"), "title: is required"],
    ["empty title", { ...BASE, title: "   " }, "title: must not be empty"],
    ["title not a string", { ...BASE, title: 42 }, "title: must be a string, got 42"],
    ["missing url", without("url"), "url: is required"],
    ["missing content", without("content"), "content: is required"],
    ["empty content", { ...BASE, content: "" }, "content: must not be empty"],
    ["content not a string", { ...BASE, content: ["a"] }, 'content: must be a string, got ["a"]'],
    ["empty body alias names body", { ...without("content"), body: " " }, "body: must not be empty"],
    ["title that is only mojibake", { ...BASE, title: "Â" }, "title: has no text left after clean-up"],
    [
      "content that is only boilerplate",
      { ...BASE, content: "Popular on Variety\nClick here to subscribe" },
      "content: has no article text left after clean-up",
    ],
  ];
  it.each(cases)("%s", (_name, input, expected) => {
    const found = errors(input);
    expect(
      found.some((line) => line.startsWith(expected)),
      `${JSON.stringify(found)} should hold ${expected}`,
    ).toBe(true);
  });

  it("reports every wrong field at once", () => {
    const fields = (parse({ title: "", url: "x", content: 1, quarter: "Q4" }) as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    expect(fields.sort()).toEqual(["content", "quarter", "title", "url"]);
  });

  it("accepts body as an alias of content", () => {
    expect(ok({ ...without("content"), body: "Netflix renewed it." }).content).toBe("Netflix renewed it.");
  });

  it("prefers content when both content and body are given", () => {
    expect(ok({ ...BASE, body: "other text" }).content).toBe(BASE.content);
  });
});

describe("non-object JSON", () => {
  it.each([
    ["null", null, "null"],
    ["an array", [BASE], "an array"],
    ["a string", "hello", "string"],
    ["a number", 42, "number"],
    ["a boolean", true, "boolean"],
  ])("%s", (_name, input, kind) => {
    expect(errors(input)).toEqual([`(article): must be a JSON object with title, url and content, got ${kind}`]);
  });
});

describe("url", () => {
  it.each([
    ["no scheme", "variety.com/x", 'url: must be an absolute http(s) URL, got "variety.com/x"'],
    ["relative path", "/2025/tv/x", 'url: must be an absolute http(s) URL, got "/2025/tv/x"'],
    ["ftp scheme", "ftp://variety.com/x", 'url: must be an absolute http(s) URL, got "ftp://variety.com/x"'],
    ["javascript scheme", "javascript:alert(1)", 'url: must be an absolute http(s) URL, got "javascript:alert(1)"'],
    ["host without a dot", "https://localhost/x", 'url: must be an absolute http(s) URL, got "https://localhost/x"'],
    ["not a string", 123, "url: must be an absolute http(s) URL, got 123"],
    ["empty", "", 'url: must be an absolute http(s) URL, got ""'],
  ])("%s", (_name, url, expected) => {
    expect(errors({ ...BASE, url })).toEqual([expected]);
  });

  it.each([
    ["http is fine", "http://variety.com/x", "http://variety.com/x"],
    ["upper-case host", "https://VARIETY.com/x", "https://variety.com/x"],
    ["fragment dropped", "https://variety.com/x#comments", "https://variety.com/x"],
    ["utm_* dropped", "https://variety.com/x?utm_source=tw&utm_medium=social&utm_campaign=a", "https://variety.com/x"],
    ["other parameters kept", "https://variety.com/x?id=7&utm_source=tw&page=2", "https://variety.com/x?id=7&page=2"],
    ["fbclid and gclid dropped", "https://variety.com/x?fbclid=1&gclid=2", "https://variety.com/x"],
    ["default port dropped", "https://variety.com:443/x", "https://variety.com/x"],
    ["surrounding spaces trimmed", "  https://variety.com/x  ", "https://variety.com/x"],
  ])("canonical: %s", (_name, url, canonical) => {
    const article = ok({ ...BASE, url });
    expect(article.canonical_url).toBe(canonical);
    expect(article.url).toBe(url.trim());
  });

  it.each([
    ["a line break", "https://variety.com/a/\n\nTitle: FORGED"],
    ["a carriage return", "https://variety.com/a/\rx"],
    ["a space inside", "https://variety.com/a b/"],
    ["an ANSI escape", "https://variety.com/\u001b[31ma/"],
    ["NUL", "https://variety.com/a\u0000/"],
    ["a lone surrogate", "https://variety.com/a\ud800/"],
    ["a bidi override", "https://variety.com/a\u202e/"],
  ])("refuses a url holding %s, naming url", (_name, url) => {
    expect(errors({ ...BASE, url })).toEqual([
      `url: must not contain spaces, line breaks or control characters (percent-encode them), got ${JSON.stringify(url)}`,
    ]);
  });

  it("refuses a 100 KB url, naming url and the limit", () => {
    expect(errors({ ...BASE, url: `https://variety.com/${"a".repeat(100_000)}` })).toEqual([
      "url: is 100020 characters long, over the 4096-character limit; give the article's plain address",
    ]);
  });

  it("refuses a 1 MB title and a long source, naming the field and the limit; a long real headline passes", () => {
    expect(errors({ ...BASE, title: "Netflix ".repeat(131_072) })).toEqual([
      "title: is 1048575 characters long, over the 1000-character limit; give the article's headline only",
    ]);
    expect(errors({ ...BASE, source: "V".repeat(301) })).toEqual(["source: is 301 characters long, over the 300-character limit; give the publication's name"]);
    expect(ok({ ...BASE, title: "x".repeat(1000) }).title).toHaveLength(1000);
  });

  it("drops a user name and password from the url and its canonical form", () => {
    const article = ok({ ...BASE, url: "https://editor:hunter2@Variety.com/2025/x/?utm_source=a" });
    expect(article.url).toBe("https://variety.com/2025/x/?utm_source=a");
    expect(article.canonical_url).toBe("https://variety.com/2025/x/");
    expect(JSON.stringify(article)).not.toMatch(/hunter2|editor/);
    expect(canonicalUrl("https://a:b@variety.com/x")).toBe("https://variety.com/x");
  });

  it("the same article under tracking variants has one id", () => {
    const a = ok({ ...BASE, url: "https://Variety.com/x?utm_source=a#top" });
    const b = ok({ ...BASE, url: "https://variety.com/x" });
    expect(articleId(a.canonical_url)).toBe(articleId(b.canonical_url));
    expect(articleId(b.canonical_url)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("source", () => {
  it.each([
    ["https://variety.com/x", "Variety"],
    ["https://www.variety.com/x", "Variety"],
    ["https://deadline.com/x", "Deadline"],
    ["https://www.hollywoodreporter.com/x", "The Hollywood Reporter"],
    ["https://www.thewrap.com/x", "TheWrap"],
    ["https://example.org/x", "Example"],
    ["https://news.bbc.co.uk/x", "Bbc"],
    ["https://www.abc.net.au/news/x", "Abc"],
  ])("derived from %s -> %s", (url, source) => {
    expect(ok({ ...BASE, url }).source).toBe(source);
    expect(sourceFromUrl(url)).toBe(source);
  });

  it.each([
    ["given source is kept", "Deadline Hollywood", "Deadline Hollywood"],
    ["given source is cleaned", "  The  Wrap ", "The Wrap"],
    ["empty source falls back to the host", "", "Variety"],
    ["null source falls back to the host", null, "Variety"],
  ])("%s", (_name, source, expected) => {
    expect(ok({ ...BASE, source }).source).toBe(expected);
  });

  it("a source of control characters only falls back to the host's name", () => {
    expect(ok({ ...BASE, source: "\u001b[0m\ud800\u0007" }).source).toBe("Variety");
  });

  it("a non-string source is an error naming source", () => {
    expect(errors({ ...BASE, source: 5 })).toEqual(["source: must be a string, got 5"]);
  });
});

describe("published_at", () => {
  const cases: Array<[string, string, string, string]> = [
    ["date only", "2025-12-18", "2025-12-18", "2025-12-18T00:00:00+00:00"],
    ["Z", "2025-12-18T10:30:00Z", "2025-12-18", "2025-12-18T10:30:00+00:00"],
    ["+00:00", "2025-12-18T10:30:00+00:00", "2025-12-18", "2025-12-18T10:30:00+00:00"],
    ["+0000", "2025-12-18T10:30:00+0000", "2025-12-18", "2025-12-18T10:30:00+00:00"],
    ["fractional seconds", "2025-12-18T10:30:00.123Z", "2025-12-18", "2025-12-18T10:30:00+00:00"],
    ["no seconds", "2025-12-18T10:30Z", "2025-12-18", "2025-12-18T10:30:00+00:00"],
    ["space separator", "2025-12-18 10:30:00+00:00", "2025-12-18", "2025-12-18T10:30:00+00:00"],
    ["negative offset converts to UTC, keeps the publisher's date", "2025-12-18T22:00:00-05:00", "2025-12-18", "2025-12-19T03:00:00+00:00"],
    ["positive offset without colon", "2025-12-18T01:00:00+0530", "2025-12-18", "2025-12-17T19:30:00+00:00"],
    ["leap day", "2024-02-29", "2024-02-29", "2024-02-29T00:00:00+00:00"],
    ["surrounding spaces", " 2025-12-18 ", "2025-12-18", "2025-12-18T00:00:00+00:00"],
  ];
  it.each(cases)("%s", (_name, input, date, datetime) => {
    const article = ok({ ...BASE, published_at: input });
    expect(article.published_at).toBe(date);
    expect(article.published_datetime).toBe(datetime);
    expect(parsePublishedAt(input)).toEqual({ date, datetime });
  });

  it.each([
    ["December 18, 2025"],
    ["2025-13-01"],
    ["2025-02-30"],
    ["2023-02-29"],
    ["2025-12-18T25:00:00Z"],
    ["2025-12-18T10:60:00Z"],
    ["2025-12-18T10:30:00"],
    ["2025-12-18T10:30:00+5"],
    ["18/12/2025"],
    ["2025-12"],
    // Issue 25 item 14: one range for every date; 0001 is not read as 1901 (Date.UTC's 0-99 mapping).
    ["0001-01-01"],
    ["0099-12-31"],
    ["1899-12-31"],
    ["2200-01-01"],
    ["9999-12-31"],
    ["9999-12-31T23:00:00Z"],
  ])("rejects %j naming published_at and the range", (input) => {
    expect(errors({ ...BASE, published_at: input })).toEqual([
      `published_at: must be YYYY-MM-DD or an ISO-8601 date-time with Z or an offset, from 1900-01-01 to 2199-12-31, got ${JSON.stringify(input)}`,
    ]);
  });

  it("rejects a number naming published_at", () => {
    expect(errors({ ...BASE, published_at: 20251218 })[0]).toMatch(/^published_at: .*got 20251218$/);
  });

  it.each([[undefined], [null], [""]])("missing (%j) is fine", (value) => {
    const article = ok({ ...BASE, published_at: value });
    expect(article.published_at).toBeNull();
    expect(article.published_datetime).toBeNull();
  });
});

describe("date aliases (issue 9)", () => {
  it.each([
    ["date", "2025-12-18", "2025-12-18", "2025-12-18T00:00:00+00:00"],
    ["published", "2025-12-18T10:30:00Z", "2025-12-18", "2025-12-18T10:30:00+00:00"],
    ["pubDate", "Thu, 18 Dec 2025 22:00:00 -0500", "2025-12-18", "2025-12-19T03:00:00+00:00"],
    ["pubDate", "Thu, 18 Dec 2025 10:30:00 GMT", "2025-12-18", "2025-12-18T10:30:00+00:00"],
    ["datePublished", "2025-12-18T10:30:00+00:00", "2025-12-18", "2025-12-18T10:30:00+00:00"],
    ["published_time", "2025-12-18T10:30:00+0000", "2025-12-18", "2025-12-18T10:30:00+00:00"],
  ])("%s is read as the publication date", (key, value, date, datetime) => {
    const article = ok({ ...BASE, [key]: value });
    expect(article.published_at).toBe(date);
    expect(article.published_datetime).toBe(datetime);
    expect(article.extra).toEqual({});
    expect(article.intake_notes).toBeUndefined();
  });

  it("published_at wins over an alias, which stays an extra", () => {
    const article = ok({ ...BASE, published_at: "2025-10-01", date: "2025-12-18" });
    expect(article.published_at).toBe("2025-10-01");
    expect(article.extra).toEqual({ date: "2025-12-18" });
  });

  it("an alias that is not a date is kept, never an error, and noted for review", () => {
    const article = ok({ ...BASE, date: "yesterday" });
    expect(article.published_at).toBeNull();
    expect(article.extra).toEqual({ date: "yesterday" });
    expect(article.intake_notes).toEqual(['"date" holds "yesterday", not a date this tool reads (YYYY-MM-DD or ISO-8601); use published_at']);
  });
});

describe("unknown fields: did you mean", () => {
  it.each([
    ["publishedAt", "published_at"],
    ["Category", "category"],
    ["compnay", "company"],
    ["sorce", "source"],
    ["link", "url"],
    ["headline", "title"],
  ])("%s is noted for review with a hint for %s", (key, meant) => {
    const article = ok({ ...BASE, [key]: "x" });
    expect(article.intake_notes).toEqual([`unknown field "${key}": did you mean "${meant}"? (kept as extra, not read)`]);
  });

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"])("%s (a name on Object.prototype) gets no hint from the prototype", (key) => {
    // JSON.parse makes "__proto__" an own key, as a file on disk would.
    const article = ok(JSON.parse(JSON.stringify(BASE).replace(/^\{/, `{${JSON.stringify(key)}: "x", `)));
    for (const note of article.intake_notes ?? []) expect(note).not.toMatch(/function|native code|\[object/);
    expect(article.intake_notes).toBeUndefined();
  });

  it("a missing field next to a prototype name gives no hint from the prototype", () => {
    expect(errors(JSON.parse('{"title": "t", "content": "c", "constructor": "x", "toString": "y"}'))).toEqual([
      'url: is required: the article\'s address, e.g. "https://variety.com/2025/tv/news/..."',
    ]);
  });

  it("fields like nothing we read stay quiet extras", () => {
    expect(ok({ ...BASE, author: "Jane", tags: ["tv"], id: 42, image: "x" }).intake_notes).toBeUndefined();
  });

  it("a missing required field names the look-alike the file has", () => {
    expect(errors({ title: "t", content: "c", link: "https://variety.com/x" })).toEqual([
      'url: is required: the article\'s address, e.g. "https://variety.com/2025/tv/news/..." (the file has "link": did you mean "url"?)',
    ]);
    expect(errors({ ...without("title"), Title: "t" })).toEqual(['title: is required (the file has "Title": did you mean "title"?)']);
  });
});

describe("overrides", () => {
  it.each([
    ["canonical category", "Org -> Exec Changes", "Org -> Exec Changes"],
    ["the comma spelling of the section", "Content, Deals, Distribution -> TV -> Greenlights", "Content, Deals & Distribution -> TV -> Greenlights"],
    ["odd spacing", "Org->Exec Changes", "Org -> Exec Changes"],
    ["lower case", "org -> exec changes", "Org -> Exec Changes"],
    ["legacy label", "Strategy & Miscellaneous News -> General News & Strategy -> Strategy", "Strategy & Miscellaneous News -> Strategy"],
    ["legacy deals label", "Content, Deals & Distribution -> Deals -> General News & Strategy", "Content, Deals & Distribution -> Deals"],
    ["legacy deals label in comma spelling", "Content, Deals, Distribution -> Deals -> General News & Strategy", "Content, Deals & Distribution -> Deals"],
    [
      "legacy earnings label",
      "Investor Relations -> General News & Strategy -> Quarterly Earnings",
      "Investor Relations -> Quarterly Earnings -> News Coverage",
    ],
  ])("category: %s", (_name, category, expected) => {
    expect(ok({ ...BASE, category }).overrides.category).toBe(expected);
  });

  it.each([["Gossip"], ["Org"], ["Content, Deals & Distribution -> TV"], [""]])("rejects category %j naming category", (category) => {
    expect(errors({ ...BASE, category })).toEqual([
      `category: must be a category path from the taxonomy (e.g. "Org -> Exec Changes"), got ${JSON.stringify(category)}`,
    ]);
  });

  it.each([["2025 Q1"], ["2025 Q4"], [" 2025 Q2 "]])("accepts quarter %j", (quarter) => {
    expect(ok({ ...BASE, quarter }).overrides.quarter).toBe(quarter.trim());
  });

  it.each([["2025 Q5"], ["2025 Q0"], ["2025Q4"], ["Q4 2025"], ["2025 q4"], ["25 Q4"], [""], ["0000 Q1"], ["1899 Q4"], ["2200 Q1"], ["9999 Q4"]])(
    "rejects quarter %j naming quarter and the range",
    (quarter) => {
      expect(errors({ ...BASE, quarter })).toEqual([`quarter: must look like "2025 Q4", from 1900 Q1 to 2199 Q4, got ${JSON.stringify(quarter)}`]);
    },
  );

  it("accepts the first and last days and quarters of the range", () => {
    expect(ok({ ...BASE, published_at: "1900-01-01", quarter: "1900 Q1" }).published_at).toBe("1900-01-01");
    expect(ok({ ...BASE, published_at: "2199-12-31", quarter: "2199 Q4" }).published_at).toBe("2199-12-31");
  });

  it.each([
    ["buyer name", "Netflix", "Netflix"],
    ["display name", "Warner Bros Discovery", "WBD"],
    ["lower case", "comcast", "Comcast/NBCU"],
    ["Unknown", "Unknown", "Unknown"],
  ])("company: %s", (_name, company, expected) => {
    expect(ok({ ...BASE, company }).overrides.company).toBe(expected);
  });

  it.each([["../../etc"], ["Hulu"], ["Comcast/NBCU/../x"]])("rejects company %j naming company", (company) => {
    expect(errors({ ...BASE, company })).toEqual([`company: must be one of the configured buyers or "Unknown", got ${JSON.stringify(company)}`]);
  });

  it("rejects a non-string company", () => {
    expect(errors({ ...BASE, company: 7 })).toEqual(["company: must be a string naming a buyer, got 7"]);
  });

  it("no overrides when none are given", () => {
    expect(ok(BASE).overrides).toEqual({});
  });

  it.each([
    [true, true],
    [false, false],
    [undefined, false],
  ])("reprocess %j -> %j", (reprocess, expected) => {
    expect(ok({ ...BASE, reprocess }).reprocess).toBe(expected);
  });

  it("rejects a non-boolean reprocess", () => {
    expect(errors({ ...BASE, reprocess: "yes" })).toEqual(['reprocess: must be true or false, got "yes"']);
  });
});

describe("extra fields", () => {
  it("keeps small unknown fields", () => {
    expect(ok({ ...BASE, author: "Jane Doe", tags: ["tv", "renewal"], id: 42 }).extra).toEqual({ author: "Jane Doe", tags: ["tv", "renewal"], id: 42 });
  });

  it("drops large unknown fields without an error", () => {
    const article = ok({ ...BASE, html: "<p>".repeat(5000), author: "Jane" });
    expect(article.extra).toEqual({ author: "Jane" });
  });

  it("never copies the known fields into extra", () => {
    expect(ok({ ...BASE, source: "Variety", published_at: "2025-12-18", quarter: "2025 Q4", reprocess: true }).extra).toEqual({});
  });

  it("a __proto__ key is ignored, not turned into the prototype", () => {
    const article = ok(JSON.parse(JSON.stringify(BASE).replace(/}$/, ',"__proto__":{"polluted":1},"x":1}')));
    expect(article.extra).toEqual({ x: 1 });
    expect(Object.getPrototypeOf(article.extra)).toBe(Object.prototype);
    expect((article.extra as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("text clean-up", () => {
  it.each([
    ["right single quote", "Netflixâ€™s slate", "Netflix’s slate"],
    ["left and right double quotes", "â€œHelloâ€\u009d", "“Hello”"],
    ["double quote without its last byte", "â€œHelloâ€", "“Hello”"],
    ["en dash", "2024â€“2025", "2024–2025"],
    ["em dash", "yes â€” no", "yes — no"],
    ["ellipsis", "andâ€¦", "and…"],
    ["accents", "PokÃ©mon", "Pokémon"],
    ["stray Â before a space", "10Â million", "10 million"],
    ["clean text untouched", "Plain text’s fine", "Plain text’s fine"],
  ])("mojibake: %s", (_name, input, expected) => {
    expect(repairMojibake(input)).toBe(expected);
  });

  it("repairs the title and content of an article", () => {
    const article = ok({ ...BASE, title: "Netflixâ€™s  big   deal", content: "Itâ€™s done." });
    expect(article.title).toBe("Netflix’s big deal");
    expect(article.content).toBe("It’s done.");
  });

  it.each([
    ["Popular on Variety"],
    ["Popular on Deadline"],
    ["Watch on Deadline"],
    ["Click here to subscribe"],
    ["Click here to read more"],
    ["Sign up for Variety's Newsletter"],
    ["Subscribe to Deadline Breaking News Alerts and keep your inbox happy."],
    ["Get our daily newsletter: sign up here"],
    ["Advertisement"],
    ["Related Stories"],
  ])("boilerplate line dropped: %j", (line) => {
    expect(isBoilerplate(line)).toBe(true);
    expect(cleanText(`First paragraph.\n${line}\nSecond paragraph.`)).toBe("First paragraph.\nSecond paragraph.");
  });

  it.each([
    ["Substack, the newsletter platform, said five million readers now subscribe to paid publications."],
    ["Netflix is popular on every platform."],
    ["Readers who sign up for the service get a discount, the newsletter said, and " + "more detail follows. ".repeat(10)],
  ])("article prose kept: %j", (line) => {
    expect(isBoilerplate(line)).toBe(false);
    expect(cleanText(line)).toBe(line.replace(/\s+/g, " ").trim());
  });

  it("collapses whitespace, keeps one line per paragraph, drops blank lines", () => {
    expect(cleanText("  One   two\t three \r\n\r\n\n Four\u00a0five  \n   \n")).toBe("One two three\nFour five");
  });

  it("removes NUL characters", () => {
    expect(cleanText("a\u0000b")).toBe("ab");
  });

  it("cleanInline makes one line", () => {
    expect(cleanInline(" a\n b\t c ")).toBe("a b c");
  });

  it("drops boilerplate from article content", () => {
    const article = ok({ ...BASE, content: "Netflix renewed it.\nPopular on Variety\nThe show returns in 2026." });
    expect(article.content).toBe("Netflix renewed it.\nThe show returns in 2026.");
  });
});

describe("canonicalUrl", () => {
  it.each([
    ["https://VARIETY.COM/Path/Case", "https://variety.com/Path/Case"],
    ["https://variety.com/x?utm_source=a", "https://variety.com/x"],
    ["https://variety.com/x?UTM_Source=a&q=1", "https://variety.com/x?q=1"],
    ["https://variety.com/x#frag", "https://variety.com/x"],
    ["http://variety.com:80/x", "http://variety.com/x"],
  ])("%s -> %s", (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });
});
