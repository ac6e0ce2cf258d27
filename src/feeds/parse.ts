// A feed's bytes -> its items (pure). RSS 2.0, RSS 1.0/RDF, Atom 1.0 and JSON Feed 1.x through
// feedsmith (docs/feeds.md says why); every format is reduced to the same FeedItem.
import { parseFeed } from "feedsmith";
import { errorMessage } from "../core/errors.js";
import { htmlToText } from "./html-text.js";

export interface FeedItem {
  /** The GUID / Atom id / JSON Feed id, when the feed gives one. */
  guid: string | null;
  /** The item's article address (absolute http(s)), or null. */
  link: string | null;
  title: string;
  /** ISO date-time as the feed gave it (parsed), or null. */
  published: string | null;
  /** The whole article as text (content:encoded, Atom content, JSON content_html/text), or "". */
  text: string;
  /** The summary as text (description, Atom summary, JSON summary), or "". */
  summary: string;
}

export type ParsedFeed = { ok: true; format: string; title: string | null; ttlMinutes: number | null; items: FeedItem[] } | { ok: false; reason: string };

type Loose = Record<string, unknown>;

function str(value: unknown): string | null {
  if (typeof value === "string") return value.trim() || null;
  if (typeof value === "number") return String(value);
  if (value && typeof value === "object" && "value" in value) return str((value as Loose).value);
  return null;
}

function absoluteHttp(link: string | null, base: string): string | null {
  if (!link) return null;
  try {
    const url = new URL(link, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function isoDate(value: unknown): string | null {
  const text = str(value);
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function rssItem(item: Loose, base: string): FeedItem {
  const content = item.content as Loose | undefined;
  const dc = item.dc as Loose | undefined;
  const dcDates = dc?.dates as unknown[] | undefined;
  const guid = str(item.guid) ?? str((item.rdf as Loose | undefined)?.about);
  return {
    guid,
    link: absoluteHttp(str(item.link), base) ?? ((item.guid as Loose | undefined)?.isPermaLink === false ? null : absoluteHttp(str(item.guid), base)),
    title: htmlToText(str(item.title) ?? ""),
    published: isoDate(item.pubDate) ?? isoDate(dcDates?.[0]) ?? isoDate(dc?.date),
    text: htmlToText(str(content?.encoded) ?? ""),
    summary: htmlToText(str(item.description) ?? ""),
  };
}

function atomEntry(entry: Loose, base: string): FeedItem {
  const links = (entry.links as Loose[] | undefined) ?? [];
  const alternate = links.find((l) => !l.rel || l.rel === "alternate") ?? links[0];
  return {
    guid: str(entry.id),
    link: absoluteHttp(str(alternate?.href), base),
    title: htmlToText(str(entry.title) ?? ""),
    published: isoDate(entry.published) ?? isoDate(entry.updated),
    text: htmlToText(str(entry.content) ?? ""),
    summary: htmlToText(str(entry.summary) ?? ""),
  };
}

function jsonItem(item: Loose, base: string): FeedItem {
  return {
    guid: str(item.id),
    link: absoluteHttp(str(item.url) ?? str(item.external_url), base),
    title: htmlToText(str(item.title) ?? ""),
    published: isoDate(item.date_published) ?? isoDate(item.date_modified),
    text: str(item.content_html) ? htmlToText(str(item.content_html)!) : (str(item.content_text) ?? ""),
    summary: htmlToText(str(item.summary) ?? ""),
  };
}

/** Parses a feed document; `base` resolves relative links. Never throws: an unreadable feed is a reason. */
export function parseFeedText(text: string, base: string): ParsedFeed {
  let parsed: { format: string; feed: Loose };
  try {
    parsed = parseFeed(text) as unknown as { format: string; feed: Loose };
  } catch (err) {
    const message = errorMessage(err);
    if (/^\s*<(!doctype\s+html|html)\b/i.test(text))
      return { ok: false, reason: "not a feed: the address serves an HTML page (look for its RSS or Atom link)" };
    return { ok: false, reason: `not a readable feed (RSS, Atom, RDF or JSON Feed): ${message}` };
  }
  const { format, feed } = parsed;
  const list = ((format === "atom" ? feed.entries : feed.items) as Loose[] | undefined) ?? [];
  const toItem = format === "atom" ? atomEntry : format === "json" ? jsonItem : rssItem;
  const ttl = typeof feed.ttl === "number" && feed.ttl > 0 ? feed.ttl : null;
  return { ok: true, format, title: htmlToText(str(feed.title) ?? "") || null, ttlMinutes: ttl, items: list.map((item) => toItem(item, base)) };
}
