import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/pipeline/article.js";
import { cleanText } from "../../src/pipeline/text.js";
import { decodeHtml } from "../../src/intake/decode-html.js";
import { extractPage, normaliseDate, NO_URL_REASON } from "../../src/intake/extract-page.js";

const DIR = path.resolve(import.meta.dirname, "..", "fixtures", "pages");
type Expected = { title: string; url: string; published_at: string; source: string; body_starts: string } | { fails: string };
const expected = JSON.parse(readFileSync(path.join(DIR, "expected.json"), "utf8")) as Record<string, Expected>;
const pages = readdirSync(DIR).filter((n) => /\.html?$/.test(n));

describe("extractPage over the fixture pages", () => {
  it("has an expectation for every fixture page, and at least 10 pages", () => {
    expect(pages.sort()).toEqual(Object.keys(expected).sort());
    expect(pages.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of pages) {
    it(name, () => {
      const want = expected[name]!;
      const result = extractPage(decodeHtml(readFileSync(path.join(DIR, name))));
      if ("fails" in want) {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.reason).toContain(want.fails);
        return;
      }
      expect(result.ok, result.ok ? "" : result.reason).toBe(true);
      if (!result.ok) return;
      const { article } = result;
      expect(article.title).toBe(want.title);
      expect(article.url).toBe(want.url);
      expect(article.published_at).toBe(want.published_at);
      expect(article.source).toBe(want.source);
      expect(article.content.startsWith(want.body_starts), article.content.slice(0, 200)).toBe(true);
      // Nothing of the page's furniture leads the text; and the article passes the inbox's schema.
      expect(article.content).not.toMatch(/^(Advertisement|Share|Skip to|TV$|Business News)/);
      const parsed = parseArticle(article, () => null);
      expect(parsed.ok).toBe(true);
      // Ads, navigation and related-story boxes do not survive clean-up.
      const text = cleanText(article.content);
      for (const junk of ["Skip to main content", "Subscribe", "Box Office: Horror Sequel", "Leave a Reply", "All Rights Reserved"]) {
        expect(text).not.toContain(junk);
      }
    });
  }
});

describe("extractPage rules", () => {
  const body = `<p>${"Netflix has renewed the drama series for a second season, the streamer said on Monday. ".repeat(5)}</p>`;
  const page = (head: string, extra = "") => `${head}<html><head>${extra}</head><body><article><h1>Headline From The Page</h1>${body}</article></body></html>`;

  it("takes the URL from canonical, then og:url, then the saved-from comment, then where it was fetched", () => {
    const canonical = '<link rel="canonical" href="https://variety.com/a/">';
    const og = '<meta property="og:url" content="https://variety.com/b/">';
    const saved = "<!-- saved from url=(0025)https://variety.com/c/ -->\n";
    const url = (html: string, fetchedUrl?: string) => {
      const r = extractPage(html, { fetchedUrl });
      return r.ok ? r.article.url : r.reason;
    };
    expect(url(page(saved, canonical + og))).toBe("https://variety.com/a/");
    expect(url(page(saved, og))).toBe("https://variety.com/b/");
    expect(url(page(saved))).toBe("https://variety.com/c/");
    expect(url(page(""), "https://deadline.com/d/")).toBe("https://deadline.com/d/");
    expect(url(page(""))).toBe(NO_URL_REASON);
    // A relative canonical needs a base; a javascript: one is no address.
    expect(url(page("", '<link rel="canonical" href="/e/">'), "https://deadline.com/d/")).toBe("https://deadline.com/e/");
    expect(url(page("", '<link rel="canonical" href="javascript:alert(1)">'))).toBe(NO_URL_REASON);
  });

  it("takes the title from og:title, else the page's headline", () => {
    const r1 = extractPage(page("", '<meta property="og:title" content="From OG"><link rel="canonical" href="https://x.com/a">'));
    const r2 = extractPage(page("", '<link rel="canonical" href="https://x.com/a">'));
    expect(r1.ok && r1.article.title).toBe("From OG");
    expect(r2.ok && r2.article.title).toBe("Headline From The Page");
  });

  it("takes the date from article:published_time, then JSON-LD, then <time datetime>", () => {
    const c = '<link rel="canonical" href="https://x.com/a">';
    const meta = '<meta property="article:published_time" content="2025-01-02T10:00:00Z">';
    const ld = '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-03-04"}</script>';
    const time = (d: string) => `<html><head>${c}</head><body><article><h1>H</h1><time datetime="${d}">x</time>${body}</article></body></html>`;
    const date = (html: string) => {
      const r = extractPage(html);
      return r.ok ? r.article.published_at : r.reason;
    };
    expect(date(page("", c + meta + ld))).toBe("2025-01-02T10:00:00Z");
    expect(date(page("", c + ld))).toBe("2025-03-04");
    expect(date(time("2025-05-06T07:08:09+02:00"))).toBe("2025-05-06T07:08:09+02:00");
    expect(date(time("not a date"))).toBeUndefined();
  });

  it("normalises dates the article schema would refuse, or drops them", () => {
    expect(normaliseDate("2025-02-03T04:05:06")).toBe("2025-02-03");
    expect(normaliseDate("Tue, 04 Feb 2025 10:00:00 GMT")).toBe("2025-02-04T10:00:00.000Z");
    expect(normaliseDate("yesterday")).toBeUndefined();
  });

  it("fails a page with too little text as not an article", () => {
    const r = extractPage('<html><head><link rel="canonical" href="https://x.com/a"></head><body><h1>Log in</h1><p>Please log in.</p></body></html>');
    expect(r).toEqual({ ok: false, reason: expect.stringContaining("no article text found") });
  });

  it("decodes windows-1252 pages with their curly quotes (Node's TextDecoder treats it as latin1)", () => {
    const bytes = Buffer.from([0x3c, 0x70, 0x3e, 0x93, 0x68, 0x69, 0x94, 0x20, 0x92, 0x80, 0x3c, 0x2f, 0x70, 0x3e]);
    expect(decodeHtml(bytes)).toBe("<p>“hi” ’€</p>");
    expect(decodeHtml(Buffer.from("<p>caf\u00e9</p>", "utf8"))).toBe("<p>café</p>");
  });
});

describe("extractPage limits", () => {
  it("refuses a deeply nested page at once instead of running Readability for minutes", () => {
    const nested = (n: number) =>
      `<html><head><link rel="canonical" href="https://x.com/a"></head><body><h1>T</h1>${"<div>".repeat(n)}<p>${"word ".repeat(100)}</p>${"</div>".repeat(n)}</body></html>`;
    // Without the limit Readability spends minutes on 2,000 levels (54 s on 1,000): the test's
    // 60 s timeout catches it; with the limit it is refused in milliseconds.
    expect(extractPage(nested(2_000))).toEqual({ ok: false, reason: expect.stringContaining("too deeply nested") });
    expect(extractPage(nested(30)).ok).toBe(true);
  });
});
