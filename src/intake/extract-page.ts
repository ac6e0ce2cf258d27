// A saved or fetched web page -> the fields of an article (title, url, content, source, date), or a
// reason why not. Pure: an HTML string in, plain data out; the DOM library can be swapped (the
// benchmark in scripts/bench-extract.ts runs the same code over jsdom).
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { parsePublishedAt } from "../pipeline/article.js";

/** Builds a DOM document from HTML. */
export type ParseDocument = (html: string) => Document;

export const parseWithLinkedom: ParseDocument = (html) => parseHTML(html).document as unknown as Document;

export interface PageBase {
  /** Where the page was fetched from (the last redirect hop): the URL of last resort. */
  fetchedUrl?: string;
  parse?: ParseDocument;
}

/** What a page yields: the raw article object the inbox's JSON schema then validates. */
export interface PageArticle {
  title: string;
  url: string;
  content: string;
  source?: string;
  published_at?: string;
}

export type PageExtraction = { ok: true; article: PageArticle } | { ok: false; reason: string };

/**
 * Readability's time grows faster than linearly with nesting depth (500 nested divs: 9 s, 1,000:
 * 54 s on the shared test machine), so deeper or bigger documents are refused before it runs.
 * News pages nest 20-60 levels deep and hold a few thousand elements.
 */
const MAX_DEPTH = 200;
const MAX_ELEMENTS = 30_000;

/** Less text than this after Readability is a list of headlines, a login wall or an error page. */
const MIN_ARTICLE_CHARS = 200;

export const NO_URL_REASON =
  'the page does not say its address: it has no <link rel="canonical">, no og:url and no "saved from url" comment. ' +
  "Send the link instead (a .txt file holding the address), or save the page again with your browser's " +
  '"Webpage, Complete" option, or add <link rel="canonical" href="https://..."> to its <head>';

const NOT_ARTICLE_REASON =
  "no article text found in the page (Readability found no article: a section front, search page, login wall or error page?); " +
  "save or send the article's own page";

function isHttpUrl(value: string): boolean {
  return /^https?:$/.test(new URL(value).protocol);
}

/** An absolute http(s) URL from `raw`, resolved against `base` when relative; null otherwise. */
function absoluteUrl(raw: string | null | undefined, base?: string): string | null {
  const value = raw?.trim();
  if (!value || /\s/.test(value)) return null;
  try {
    const url = base ? new URL(value, base) : new URL(value);
    return isHttpUrl(url.href) ? url.href : null;
  } catch {
    return null;
  }
}

/** `<!-- saved from url=(0049)https://... -->`: the count is the URL's length. */
function savedFromUrl(html: string): string | null {
  const match = /<!--\s*saved from url=\((\d{1,5})\)(\S+)/i.exec(html.slice(0, 4096));
  if (!match) return null;
  const length = Number(match[1]);
  const url = match[2]!.replace(/-->$/, "");
  return length > 0 && length <= url.length ? url.slice(0, length) : url;
}

function metaTags(document: Document): Map<string, string> {
  const meta = new Map<string, string>();
  for (const el of Array.from(document.querySelectorAll("meta"))) {
    const key = (el.getAttribute("property") ?? el.getAttribute("name") ?? el.getAttribute("itemprop"))?.trim().toLowerCase();
    const content = el.getAttribute("content")?.trim();
    if (key && content && !meta.has(key)) meta.set(key, content);
  }
  return meta;
}

function canonicalHref(document: Document): string | null {
  for (const el of Array.from(document.querySelectorAll("link"))) {
    const rel = (el.getAttribute("rel") ?? "").toLowerCase().split(/\s+/);
    if (rel.includes("canonical")) return el.getAttribute("href");
  }
  return null;
}

const ARTICLE_TYPES = /(Article|BlogPosting|Report)$/;

/** Every object in the page's JSON-LD blocks (arrays and @graph flattened); broken blocks are skipped. */
function jsonLdObjects(document: Document): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 6 || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const obj = value as Record<string, unknown>;
    out.push(obj);
    if (obj["@graph"]) visit(obj["@graph"], depth + 1);
  };
  for (const el of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(el.textContent ?? ""), 0);
    } catch {
      // A malformed block (common: trailing commas) says nothing.
    }
  }
  return out;
}

function isArticleType(obj: Record<string, unknown>): boolean {
  const type = obj["@type"];
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => typeof t === "string" && ARTICLE_TYPES.test(t));
}

function jsonLdString(objects: Array<Record<string, unknown>>, key: string): string | null {
  const pick = (obj: Record<string, unknown>) => (typeof obj[key] === "string" && (obj[key] as string).trim() ? (obj[key] as string).trim() : null);
  for (const obj of objects) if (isArticleType(obj) && pick(obj)) return pick(obj);
  for (const obj of objects) if (pick(obj)) return pick(obj);
  return null;
}

/** The publication time a `<time datetime>` gives: a publish-marked one first, then one in the article. */
function timeDatetime(document: Document): string | null {
  const times = Array.from(document.querySelectorAll("time[datetime]"));
  const marked = times.find((t) => /publish/i.test(`${t.getAttribute("class") ?? ""} ${t.getAttribute("itemprop") ?? ""}`));
  const inArticle = times.find((t) => t.closest("article"));
  return (marked ?? inArticle ?? times[0])?.getAttribute("datetime") ?? null;
}

/** YYYY-MM-DD or an ISO date-time the article schema accepts; a zone-less time keeps its date. */
export function normaliseDate(raw: string | null): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (parsePublishedAt(value)) return value;
  const dateOnly = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(value);
  if (dateOnly && parsePublishedAt(dateOnly[1]!)) return dateOnly[1];
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  return parsePublishedAt(iso) ? iso : undefined;
}

function collapse(text: string | null | undefined): string {
  return (text ?? "").replace(/[\s\u00a0]+/g, " ").trim();
}

/** "Title | Variety" and "Title - Variety" lose the site's name. */
function withoutSiteSuffix(title: string, site: string | undefined): string {
  if (!site) return title;
  for (const sep of [" | ", " - ", " – ", " — "]) {
    const suffix = `${sep}${site}`;
    if (title.toLowerCase().endsWith(suffix.toLowerCase()) && title.length > suffix.length) return title.slice(0, -suffix.length).trim();
  }
  return title;
}

/** Page furniture Readability may keep beside the article text: kickers, captions, share bars, post navigation. */
const CLUTTER = [
  "nav",
  "form",
  "figcaption",
  ".screen-reader-text",
  ".sr-only",
  '[class*="kicker"]',
  '[class*="eyebrow"]',
  '[class*="tagline"]',
  '[class*="caption"]',
  '[class*="credit"]',
  '[class*="share"]',
  '[class*="newsletter"]',
].join(", ");

/** Element count and deepest nesting, walked without recursion (a deep page must not blow the stack). */
function documentShape(root: Element): { elements: number; depth: number } {
  let elements = 0;
  let depth = 0;
  const stack: Array<[Element, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [el, d] = stack.pop()!;
    elements += 1;
    if (d > depth) depth = d;
    if (elements > MAX_ELEMENTS || depth > MAX_DEPTH) break;
    for (const child of Array.from(el.children)) stack.push([child, d + 1]);
  }
  return { elements, depth };
}

const BLOCK_TAGS = new Set([
  "P",
  "DIV",
  "SECTION",
  "ARTICLE",
  "MAIN",
  "HEADER",
  "FOOTER",
  "ASIDE",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "UL",
  "OL",
  "LI",
  "BLOCKQUOTE",
  "PRE",
  "TABLE",
  "THEAD",
  "TBODY",
  "TR",
  "TD",
  "TH",
  "DL",
  "DT",
  "DD",
  "HR",
  "FIGURE",
]);
const SKIPPED_TAGS = new Set(["FIGCAPTION", "SCRIPT", "STYLE", "NOSCRIPT", "BUTTON", "SVG", "IFRAME"]);

/** One paragraph per block element (Readability's textContent runs paragraphs together). */
function paragraphs(root: Node): string[] {
  const out: string[] = [];
  let buffer = "";
  const flush = () => {
    const text = collapse(buffer);
    if (text) out.push(text);
    buffer = "";
  };
  const walk = (node: Node): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        buffer += child.textContent ?? "";
        continue;
      }
      if (child.nodeType !== 1) continue;
      const tag = (child as Element).tagName.toUpperCase();
      if (SKIPPED_TAGS.has(tag)) continue;
      if (tag === "BR") {
        flush();
        continue;
      }
      if (BLOCK_TAGS.has(tag)) {
        flush();
        walk(child);
        flush();
      } else {
        walk(child);
      }
    }
  };
  walk(root);
  flush();
  return out;
}

/**
 * Extracts an article from a page. Metadata is read before Readability runs (it strips scripts and
 * meta): title from og:title or the page's headline, URL from the canonical link, og:url, the
 * "saved from url" comment or where it was fetched from; date from article:published_time,
 * JSON-LD datePublished or a <time datetime>; source from og:site_name.
 */
export function extractPage(html: string, base: PageBase = {}): PageExtraction {
  const parse = base.parse ?? parseWithLinkedom;
  const document = parse(html);
  const meta = metaTags(document);
  const ld = jsonLdObjects(document);

  const fetched = absoluteUrl(base.fetchedUrl);
  const ogUrl = absoluteUrl(meta.get("og:url"), fetched ?? undefined);
  const saved = absoluteUrl(savedFromUrl(html));
  const resolveBase = fetched ?? ogUrl ?? saved ?? undefined;
  const url = absoluteUrl(canonicalHref(document), resolveBase) ?? ogUrl ?? saved ?? fetched;
  if (!url) return { ok: false, reason: NO_URL_REASON };

  const source = collapse(meta.get("og:site_name")) || undefined;
  const headline = collapse(document.querySelector("h1")?.textContent);
  const published = normaliseDate(meta.get("article:published_time") ?? jsonLdString(ld, "datePublished") ?? timeDatetime(document) ?? null);

  const shape = documentShape(document.documentElement);
  if (shape.depth > MAX_DEPTH || shape.elements > MAX_ELEMENTS) {
    return {
      ok: false,
      reason: `the page is too big or too deeply nested to read (over ${MAX_ELEMENTS} elements or ${MAX_DEPTH} levels); save the article's own page or send its link`,
    };
  }
  for (const el of Array.from(document.querySelectorAll(CLUTTER))) el.remove();
  const result = new Readability<Node>(document, { serializer: (node) => node, charThreshold: MIN_ARTICLE_CHARS }).parse();
  const body = result?.content ? paragraphs(result.content) : [];
  const title = withoutSiteSuffix(collapse(meta.get("og:title")) || headline || collapse(jsonLdString(ld, "headline")) || collapse(result?.title), source);
  // The headline often survives at the top of Readability's content.
  while (body.length > 0 && (body[0] === title || body[0] === headline)) body.shift();
  const content = body.join("\n\n");
  if (content.length < MIN_ARTICLE_CHARS) return { ok: false, reason: NOT_ARTICLE_REASON };
  if (!title) return { ok: false, reason: "the page has no title: no og:title, no <h1> headline and no <title>" };

  const article: PageArticle = { title, url, content };
  if (source) article.source = source;
  if (published) article.published_at = published;
  return { ok: true, article };
}
