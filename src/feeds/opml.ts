// OPML in and out (pure): a Feedly or Miniflux export's feed addresses, and our subscriptions as OPML 2.0.
import { generateOpml, parseOpml } from "feedsmith";
import { errorMessage } from "../core/errors.js";

interface Outline {
  xmlUrl?: string;
  outlines?: Outline[];
}

/** Every `xmlUrl` in the outline tree (folders nest them), in order, without repeats. */
export function opmlFeedUrls(text: string): { ok: true; urls: string[] } | { ok: false; reason: string } {
  let opml: { body?: { outlines?: Outline[] } };
  try {
    opml = parseOpml(text) as typeof opml;
  } catch (err) {
    return { ok: false, reason: `not an OPML file: ${errorMessage(err)}` };
  }
  const urls: string[] = [];
  const walk = (outlines: Outline[] | undefined) => {
    for (const outline of outlines ?? []) {
      if (outline.xmlUrl && !urls.includes(outline.xmlUrl)) urls.push(outline.xmlUrl);
      walk(outline.outlines);
    }
  };
  walk(opml.body?.outlines);
  return { ok: true, urls };
}

export function feedsToOpml(feeds: ReadonlyArray<{ url: string; title: string | null }>): string {
  return generateOpml({
    head: { title: "news-coverage feed subscriptions" },
    body: { outlines: feeds.map((feed) => ({ text: feed.title ?? feed.url, title: feed.title ?? undefined, type: "rss", xmlUrl: feed.url })) },
  });
}
