// Polling (the edge: network and files). One feed: under its host's lock (another process at it:
// skip), fetch conditionally, parse, hand each new item to the inbox or the screened list, then save
// the feed's record with the items seen. Many feeds: one request at a time per host (the host's lock
// held for a run of its feeds), a few hosts at once.
import path from "node:path";
import type { Config } from "../config/schema.js";
import { errorMessage } from "../core/errors.js";
import { Semaphore } from "../core/semaphore.js";
import { buyerMatcherFor, type BuyerMatcher } from "../pipeline/buyers.js";
import { fetchOptions } from "../intake/read-intake.js";
import { feedItemId, feedItemInboxName, resolvePaths } from "../store/layout.js";
import { writeFileAtomic } from "../store/fsutil.js";
import { decodeHtml } from "../intake/decode-html.js";
import { fetchFeed, privateAddressOf } from "./fetch-feed.js";
import { exampleSource } from "./examples.js";
import { itemKey, planItem, type ScreenedEntry } from "./items.js";
import { buyerWords, type Example } from "./learn.js";
import { parseFeedText } from "./parse.js";
import { afterPoll, isDue, remember, type FeedState } from "./policy.js";
import { ScreenedList } from "./screened.js";
import { Subscriptions, type ListedFeed, type PolledFile, type PolledTimes } from "./subscriptions.js";

/** How long a poller keeps a host's lock for a run of its feeds before giving it back between two feeds. */
const HOST_HOLD_MS = 2000;

export interface FeedPollResult {
  url: string;
  /** polled: asked the server; not-due / paused: left alone; busy: another process was polling it; gone: removed meanwhile. */
  outcome: "polled" | "not-due" | "paused" | "busy" | "gone";
  status?: number | null;
  error?: string | null;
  newItems?: number;
  stored?: number;
  screened?: number;
  skipped?: number;
  /** Why items were skipped (no link, a link to a private address), when some were. */
  note?: string | null;
}

/** What the last poll skipped, in words (kept on the feed for `feeds list`). */
function skipNote(skipped: number, refused: readonly string[]): string | null {
  if (skipped === 0) return null;
  const withoutLink = skipped - refused.length;
  const parts: string[] = [];
  if (withoutLink > 0) parts.push(`${withoutLink} without a link`);
  if (refused.length > 0)
    parts.push(
      `${refused.length} linking to a private address (${[...new Set(refused)].slice(0, 3).join(", ")}; set intake.allowPrivateHosts to fetch from your own network)`,
    );
  return `last poll skipped ${skipped} item(s): ${parts.join(", ")}`;
}

export interface PollManyOptions {
  force: boolean;
  onResult?: (result: FeedPollResult) => void;
  /** Checked before each feed: the daemon stopping leaves the rest for the next start. */
  stopping?: () => boolean;
}

export interface FeedPoller {
  subscriptions: Subscriptions;
  screened: ScreenedList;
  pollOne(url: string, options: { force: boolean }): Promise<FeedPollResult>;
  /** Polls the due feeds (or all, paused ones too, with `force`); one request at a time per host. */
  pollMany(options: PollManyOptions): Promise<FeedPollResult[]>;
}

export function createFeedPoller(config: Config, clock: () => number = Date.now): FeedPoller {
  const paths = resolvePaths(config);
  const locks = { staleMs: config.locks.staleMs, retries: config.locks.retries };
  const subscriptions = new Subscriptions(paths.feeds, locks);
  const screened = new ScreenedList(paths.feeds, locks);
  let matcher: BuyerMatcher | undefined;
  const settings = { everyMinutes: config.feeds.everyMinutes, maxFailures: config.feeds.maxFailures };
  const options = { ...fetchOptions(config.intake) };
  const ignore = buyerWords(config.buyers);
  const loadExamples = exampleSource(paths.data, screened, ignore);

  /** The analyst's examples as of this poll round (or this single poll). */
  let examples: readonly Example[] = [];

  async function poll(state: FeedState): Promise<{ state: FeedState; result: FeedPollResult }> {
    const fetched = await fetchFeed(state.url, { etag: state.etag, lastModified: state.last_modified }, options, clock());
    const now = clock();
    if (fetched.kind === "not-modified") {
      return {
        state: afterPoll(state, { ok: true, status: 304, maxAgeSeconds: fetched.maxAgeSeconds, retryAfterSeconds: fetched.retryAfterSeconds }, settings, now),
        result: { url: state.url, outcome: "polled", status: 304, newItems: 0 },
      };
    }
    if (fetched.kind === "error") {
      const next = afterPoll(state, { ok: false, status: fetched.status, error: fetched.reason, retryAfterSeconds: fetched.retryAfterSeconds }, settings, now);
      return { state: next, result: { url: state.url, outcome: "polled", status: fetched.status, error: next.error } };
    }
    const parsed = parseFeedText(decodeHtml(fetched.body), fetched.finalUrl);
    if (!parsed.ok) {
      const next = afterPoll(state, { ok: false, status: fetched.status, error: parsed.reason }, settings, now);
      return { state: next, result: { url: state.url, outcome: "polled", status: fetched.status, error: next.error } };
    }
    matcher ??= buyerMatcherFor(config);
    const seen = new Set(state.seen);
    const fresh: string[] = [];
    const toScreen: ScreenedEntry[] = [];
    let stored = 0;
    let skipped = 0;
    const refused: string[] = [];
    const context = { feedUrl: state.url, feedTitle: parsed.title, now };
    for (const item of parsed.items) {
      const key = itemKey(item);
      if (key === null) {
        skipped++;
        continue;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      fresh.push(key);
      const plan = planItem(matcher, item, context, { examples, ignore });
      const privateAddress = plan.kind === "link" && !options.allowPrivateHosts ? await privateAddressOf(item.link!) : null;
      if (plan.kind === "skipped") skipped++;
      else if (privateAddress) {
        // A summary-only item would have its page fetched: not from a private address.
        skipped++;
        refused.push(privateAddress);
      } else if (plan.kind === "screened") {
        const entry = { id: feedItemId(state.url, key), feed: state.url, key, title: item.title, url: item.link!, published: item.published };
        toScreen.push({ ...entry, text: item.text, summary: item.summary, source: parsed.title, reason: plan.reason, at: new Date(now).toISOString() });
      } else {
        const file = path.join(paths.inbox, feedItemInboxName(state.url, key, plan.kind));
        await writeFileAtomic(file, plan.kind === "article" ? `${JSON.stringify(plan.body)}\n` : plan.body);
        stored++;
      }
    }
    // Inbox files and screened lines are durable before the items count as seen: a crash here
    // writes them again on the next poll, and the store's dedupe (by URL) keeps one record.
    await screened.append(toScreen);
    const polled = afterPoll(
      state,
      { ok: true, status: fetched.status, ttlMinutes: parsed.ttlMinutes, maxAgeSeconds: fetched.maxAgeSeconds, retryAfterSeconds: null },
      settings,
      now,
    );
    const next: FeedState = {
      ...polled,
      title: parsed.title ?? state.title,
      etag: fetched.validators.etag,
      last_modified: fetched.validators.lastModified,
      items: state.items + fresh.length,
      stored: state.stored + stored,
      screened: state.screened + toScreen.length,
      seen: remember(state.seen, fresh, config.feeds.maxSeenPerFeed),
      note: skipNote(skipped, refused),
    };
    const result: FeedPollResult = {
      url: state.url,
      outcome: "polled",
      status: fetched.status,
      newItems: fresh.length,
      stored,
      screened: toScreen.length,
      skipped,
      note: next.note,
    };
    return { state: next, result };
  }

  /** A run of one host's feeds under its lock: the host's polled file as read under it, and this run's 304 times. */
  interface HostRun {
    polled: PolledFile;
    times: Map<string, PolledTimes>;
  }

  /**
   * One feed, its host's lock held (`listed`: its record as the round listed it). In a run, a 304
   * on a feed that was fine only notes its times for the host's polled file; anything else writes
   * the feed's record.
   */
  async function pollLocked(url: string, force: boolean, listed?: ListedFeed, run?: HostRun): Promise<FeedPollResult> {
    // Read again under the lock: another process may have polled it a moment ago (a stat, when the round listed it).
    const state = listed && run ? await subscriptions.reread(listed, run.polled) : await subscriptions.read(url);
    if (!state) return { url, outcome: "gone" };
    // A feed paused by hand stays paused for --all too; one paused by its failures is tried again by --all.
    if ((!force && state.paused) || (state.paused && state.paused_by)) return { url, outcome: "paused", error: state.paused_by ?? state.error };
    if (!force && !isDue(state, clock())) return { url, outcome: "not-due" };
    let polled: { state: FeedState; result: FeedPollResult };
    try {
      polled = await poll(state);
    } catch (err) {
      // The inbox or the data folder could not be written: the feed's items are not marked seen.
      const next = afterPoll(state, { ok: false, status: null, error: `could not hand the items over: ${errorMessage(err)}` }, settings, clock());
      polled = { state: { ...next, seen: state.seen }, result: { url, outcome: "polled", status: null, error: next.error } };
    }
    const { state: next, result } = polled;
    const unchanged = result.status === 304 && state.error === null && state.failures === 0 && !state.paused;
    if (run && unchanged && next.last_poll_at) run.times.set(url, { last_poll_at: next.last_poll_at, last_status: 304, next_poll_at: next.next_poll_at });
    else await subscriptions.write(next, { durable: result.status !== 304 });
    return result;
  }

  async function pollOne(url: string, { force }: { force: boolean }): Promise<FeedPollResult> {
    examples = await loadExamples();
    return (await subscriptions.tryLocked(url, () => pollLocked(url, force))) ?? { url, outcome: "busy" };
  }

  /**
   * The feeds of one host, one after the other, under the host's lock: taken once for a run of
   * feeds and given back after HOST_HOLD_MS (so `feeds add` beside it waits little). Another
   * process polling that host: its remaining feeds are `busy`.
   */
  async function pollHost(feeds: readonly ListedFeed[], force: boolean, report: (r: FeedPollResult) => void, stopping?: () => boolean): Promise<void> {
    let next = 0;
    while (next < feeds.length && !stopping?.()) {
      const host = new URL(feeds[next]!.state.url).host;
      const held = await subscriptions.tryLocked(feeds[next]!.state.url, async () => {
        const since = performance.now();
        const run: HostRun = { polled: subscriptions.readPolled(host), times: new Map() };
        try {
          do {
            const listed = feeds[next++]!;
            report(await pollLocked(listed.state.url, force, listed, run));
          } while (next < feeds.length && !stopping?.() && performance.now() - since < HOST_HOLD_MS);
        } finally {
          // Before the lock goes: another process that takes it next sees these polls.
          if (run.times.size > 0) subscriptions.writePolled(host, run.polled, run.times, clock());
        }
        return true;
      });
      if (held === null) {
        for (const listed of feeds.slice(next)) report({ url: listed.state.url, outcome: "busy" });
        return;
      }
    }
  }

  async function pollMany({ force, onResult, stopping }: PollManyOptions): Promise<FeedPollResult[]> {
    const now = clock();
    const listed = (await subscriptions.listStamped()).filter((l) => force || isDue(l.state, now));
    if (listed.length > 0) examples = await loadExamples();
    const byHost = new Map<string, ListedFeed[]>();
    for (const l of listed) {
      const host = new URL(l.state.url).host;
      const feeds = byHost.get(host);
      if (feeds) feeds.push(l);
      else byHost.set(host, [l]);
    }
    const hosts = new Semaphore(config.feeds.hostsAtOnce);
    const results: FeedPollResult[] = [];
    const report = (result: FeedPollResult) => {
      results.push(result);
      onResult?.(result);
    };
    await Promise.all([...byHost.values()].map((feeds) => hosts.run(() => pollHost(feeds, force, report, stopping))));
    return results;
  }

  return { subscriptions, screened, pollOne, pollMany };
}
