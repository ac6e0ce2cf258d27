// Extraction of the article in a tab. `extractPage` is injected with chrome.scripting.executeScript
// after vendor/Readability.js, so it must be self-contained: it sees only the page and `Readability`.

/* global Readability */
export function extractPage() {
  const meta = (selector) => document.querySelector(selector)?.getAttribute("content")?.trim() || "";
  const canonical = document.querySelector('link[rel~="canonical"]')?.href || "";

  function jsonLdDate() {
    for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
      try {
        const stack = [JSON.parse(script.textContent || "null")];
        while (stack.length > 0) {
          const item = stack.pop();
          if (Array.isArray(item)) stack.push(...item);
          else if (item && typeof item === "object") {
            if (typeof item.datePublished === "string") return item.datePublished;
            if (item["@graph"]) stack.push(item["@graph"]);
          }
        }
      } catch {
        // a broken JSON-LD block is the page's problem, not a reason to fail the send
      }
    }
    return "";
  }

  /** Readability's article HTML as paragraphs of plain text, parsed inertly (no script, no loads). */
  function paragraphs(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const blockSelector = "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption";
    const blocks = [...doc.body.querySelectorAll(blockSelector)].filter((el) => !el.querySelector(blockSelector));
    const texts = blocks.map((el) => el.textContent.replace(/\s+/g, " ").trim()).filter(Boolean);
    return texts.length > 0 ? texts.join("\n\n") : doc.body.textContent.replace(/[ \t]+/g, " ").trim();
  }

  const article = new Readability(document.cloneNode(true)).parse();
  const ogUrl = meta('meta[property="og:url"]');
  return {
    found: Boolean(article && article.textContent && article.textContent.trim()),
    title: meta('meta[property="og:title"]') || article?.title || document.title || "",
    url: canonical || ogUrl || location.href,
    content: article?.content ? paragraphs(article.content) : "",
    source: meta('meta[property="og:site_name"]') || article?.siteName || "",
    published:
      meta('meta[property="article:published_time"]') ||
      jsonLdDate() ||
      document.querySelector("time[datetime]")?.getAttribute("datetime") ||
      article?.publishedTime ||
      "",
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The POST body for an extracted page, or `{ error }` saying why it cannot be sent. A date the
 * API would refuse (no zone, free text) is cut to its day or left out rather than failing the send.
 */
export function articleFromPage(page) {
  if (!page || !page.found || !page.content) {
    return { error: "Readability found no article text on this page. Open the article itself (not a list or home page) and try again." };
  }
  if (!/^https?:\/\//i.test(page.url)) return { error: `This page's address (${page.url}) is not http(s); only web articles can be sent.` };
  const body = { title: page.title.trim(), url: page.url, content: page.content };
  if (page.source) body.source = page.source.trim();
  const published = page.published.trim();
  if (DATE_ONLY.test(published) || DATE_TIME.test(published)) body.published_at = published;
  else if (DATE_ONLY.test(published.slice(0, 10))) body.published_at = published.slice(0, 10);
  if (!body.title) return { error: "The page has no title; the API needs one." };
  return { article: body };
}
