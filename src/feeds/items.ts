// What one new feed item becomes (pure): an article file for the inbox, a link file (summary only:
// the link intake fetches and extracts the page), a screened entry, or nothing (no address).
import type { BuyerMatcher } from "../pipeline/buyers.js";
import { canonicalUrl } from "../pipeline/url.js";
import { learnedVerdict, wordsOf, type Example } from "./learn.js";
import type { FeedItem } from "./parse.js";

/** Below this many characters the feed's text is a teaser, and the page is fetched instead (extract-page's floor too). */
export const FULL_TEXT_CHARS = 200;
/** A date further ahead than this is a feed's mistake: the item is taken without it (the arrival time counts). */
const FUTURE_SLACK_MS = 24 * 60 * 60_000;

/** How an item is known: its GUID, else its canonical link; null when it has neither. */
export function itemKey(item: FeedItem): string | null {
  if (item.guid) return `guid:${item.guid}`;
  if (item.link) return `link:${canonicalUrl(item.link)}`;
  return null;
}

export interface ScreenedEntry {
  id: string;
  feed: string;
  key: string;
  title: string;
  url: string;
  published: string | null;
  text: string;
  summary: string;
  /** The feed's title (the article's source when kept). */
  source: string | null;
  reason: string;
  at: string;
}

export type ItemPlan =
  | { kind: "article"; body: Record<string, unknown> }
  | { kind: "link"; body: string }
  | { kind: "screened"; reason: string }
  | { kind: "skipped"; reason: string };

export interface PlanContext {
  feedUrl: string;
  feedTitle: string | null;
  now: number;
}

/** The inbox form of an item the analyst (or the matcher) wants: whole text as article JSON, else its link. */
export function inboxForm(item: Pick<FeedItem, "title" | "link" | "published" | "text">, context: PlanContext, kept: boolean): ItemPlan {
  if (!item.link) return { kind: "skipped", reason: "the item has no link" };
  if (item.text.length < FULL_TEXT_CHARS || !item.title) return { kind: "link", body: `${item.link}\n` };
  const published = item.published && Date.parse(item.published) <= context.now + FUTURE_SLACK_MS ? item.published : undefined;
  const body: Record<string, unknown> = { title: item.title, url: item.link, content: item.text, feed: context.feedUrl };
  if (context.feedTitle) body.source = context.feedTitle;
  if (published) body.published_at = published;
  if (kept) body.kept_from_screening = true;
  return { kind: "article", body };
}

/** Why an item is screened out (no buyer, or buyers only further down), or null: it names a buyer. */
export function screenReason(matcher: BuyerMatcher, item: FeedItem, source: string | null): string | null {
  const match = matcher.match({ title: item.title, content: item.text || item.summary, url: item.link ?? "", source: source ?? undefined });
  if (match.strong.length > 0) return null;
  if (match.weak.length > 0) return `names ${match.weak.join(", ")} only further down, not in the title or lead`;
  return "names no buyer";
}

/** The analyst's examples, and the words likeness leaves out (learn.ts). */
export interface Learned {
  examples: readonly Example[];
  ignore: ReadonlySet<string>;
}

/**
 * The item's fate: no link -> skipped; screened; or its inbox form. The buyer matcher's verdict,
 * then the analyst's examples (learn.ts): an item like one kept passes, one like an excluded
 * record is screened.
 */
export function planItem(matcher: BuyerMatcher, item: FeedItem, context: PlanContext, learned?: Learned): ItemPlan {
  if (!item.link) return { kind: "skipped", reason: "the item has no link" };
  const matched = screenReason(matcher, item, context.feedTitle);
  const reason = learned?.examples.length
    ? learnedVerdict(matched, wordsOf(item.title, item.text || item.summary, learned.ignore), learned.examples).reason
    : matched;
  if (reason) return { kind: "screened", reason };
  return inboxForm(item, context, false);
}
