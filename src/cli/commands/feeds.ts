import { promises as fs } from "node:fs";
import os from "node:os";
import type { Command } from "commander";
import { errorMessage } from "../../core/errors.js";
import { oneLine } from "../../core/text.js";
import { feedsToOpml, opmlFeedUrls } from "../../feeds/opml.js";
import { createFeedPoller, type FeedPollResult } from "../../feeds/poll.js";
import type { FeedState } from "../../feeds/policy.js";
import { cliContext } from "../context.js";

function poller() {
  const { config, paths, log } = cliContext();
  log.close();
  return { config, paths, feeds: createFeedPoller(config) };
}

/** A failing command prints one line and exits 1. */
function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      process.stderr.write(`news-coverage: ${oneLine(errorMessage(err))}\n`);
      process.exitCode = 1;
    }
  };
}

function minutes(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--every takes whole minutes (1 or more), got ${JSON.stringify(value)}`);
  return n;
}

/** What `feeds list --json` shows of a feed (its seen keys stay on disk). */
function publicView(state: FeedState) {
  const { seen, ...rest } = state;
  return { ...rest, seen: seen.length };
}

function describe(state: FeedState): string {
  const status = state.paused
    ? state.paused_by
      ? `PAUSED (${state.paused_by})`
      : `PAUSED after ${state.failures} failures`
    : state.error
      ? `failing (${state.failures}x)`
      : "ok";
  const last = state.last_poll_at ? `last ${state.last_poll_at} HTTP ${state.last_status ?? "-"}` : "never polled";
  const next = state.paused ? "" : ` next ${state.next_poll_at ?? "now"}`;
  const error = state.error ? `\n    ${oneLine(state.error)}` : state.note ? `\n    ${oneLine(state.note)}` : "";
  return `${state.url}  [${status}] ${last};${next} items ${state.items}, stored ${state.stored}, screened ${state.screened}${error}`;
}

function describeResult(r: FeedPollResult): string {
  if (r.outcome !== "polled") return `${r.url}: ${r.outcome}`;
  if (r.error) return `${r.url}: failed: ${oneLine(r.error)}`;
  if (r.status === 304) return `${r.url}: not modified (304)`;
  return `${r.url}: ${r.newItems} new, ${r.stored} to the inbox, ${r.screened} screened out${r.note ? `; ${r.note}` : ""}`;
}

export function registerFeedsCommand(program: Command): void {
  const feeds = program.command("feeds").description("feed subscriptions: the trade press polled, items about the buyers into the inbox");

  feeds
    .command("add")
    .description("subscribe to a feed (RSS, Atom, RDF or JSON Feed); again for a paused feed resumes it")
    .argument("<url>", "the feed's address")
    .option("--every <minutes>", "minutes between polls (default feeds.everyMinutes)")
    .action(
      action(async (url: string, opts: { every?: string }) => {
        const { feeds: p } = poller();
        const { state, created } = await p.subscriptions.add(url, opts.every === undefined ? null : minutes(opts.every), Date.now());
        process.stdout.write(`${created ? "added" : "updated"}: ${state.url}\n`);
      }),
    );

  feeds
    .command("list")
    .description("the subscriptions with their last poll, status, counts and error")
    .option("--json", "one JSON array")
    .action(
      action(async (opts: { json?: boolean }) => {
        const list = await poller().feeds.subscriptions.list();
        if (opts.json) process.stdout.write(`${JSON.stringify(list.map(publicView), null, 2)}\n`);
        else process.stdout.write(list.length === 0 ? "no feeds (add one with: news-coverage feeds add <url>)\n" : `${list.map(describe).join("\n")}\n`);
      }),
    );

  feeds
    .command("remove")
    .description("unsubscribe")
    .argument("<url>", "the feed's address as added")
    .action(
      action(async (url: string) => {
        if (!(await poller().feeds.subscriptions.remove(url))) throw new Error(`no feed ${url} (see feeds list)`);
        process.stdout.write(`removed: ${url}\n`);
      }),
    );

  for (const [name, pause] of [
    ["pause", true],
    ["resume", false],
  ] as const) {
    feeds
      .command(name)
      .description(pause ? "stop polling a feed (even with poll --all) until resumed" : "poll a paused feed again (due at once, failures cleared)")
      .argument("<url>", "the feed's address as added")
      .action(
        action(async (url: string) => {
          const by = pause ? { by: os.userInfo().username || "the command line", now: Date.now() } : null;
          const state = await poller().feeds.subscriptions.setPaused(url, by);
          if (!state) throw new Error(`no feed ${url} (see feeds list)`);
          process.stdout.write(`${pause ? "paused" : "resumed"}: ${state.url}\n`);
        }),
      );
  }

  feeds
    .command("import")
    .description("subscribe to every feed of an OPML file (a Feedly or Miniflux export)")
    .argument("<file>", "the .opml file")
    .action(
      action(async (file: string) => {
        const parsed = opmlFeedUrls(await fs.readFile(file, "utf8"));
        if (!parsed.ok) throw new Error(parsed.reason);
        const { feeds: p } = poller();
        let added = 0;
        for (const url of parsed.urls) {
          try {
            if ((await p.subscriptions.add(url, null, Date.now())).created) added++;
          } catch (err) {
            process.stderr.write(`news-coverage: skipped ${oneLine(url)}: ${oneLine(errorMessage(err))}\n`);
            process.exitCode = 1;
          }
        }
        process.stdout.write(`${added} feed(s) added, ${parsed.urls.length - added} already there or skipped\n`);
      }),
    );

  feeds
    .command("export")
    .description("the subscriptions as OPML on stdout")
    .action(
      action(async () => {
        process.stdout.write(`${feedsToOpml(await poller().feeds.subscriptions.list())}\n`);
      }),
    );

  feeds
    .command("poll")
    .description("poll the feeds that are due (or --all, paused ones too) once, now, and exit; safe beside a running daemon")
    .option("--all", "every feed, due or not")
    .action(
      action(async (opts: { all?: boolean }) => {
        const results = await poller().feeds.pollMany({ force: Boolean(opts.all), onResult: (r) => process.stdout.write(`${describeResult(r)}\n`) });
        const polled = results.filter((r) => r.outcome === "polled");
        process.stdout.write(`${polled.length} feed(s) polled, ${polled.filter((r) => r.error).length} failed\n`);
      }),
    );

  feeds
    .command("screened")
    .description("feed items screened out (no buyer named, or only further down), with the reason")
    .option("--json", "one JSON array")
    .option("--kept", "include the items already kept")
    .action(
      action(async (opts: { json?: boolean; kept?: boolean }) => {
        const items = (await poller().feeds.screened.list()).filter((item) => opts.kept || !item.kept);
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify(
              items.map(({ text: _text, ...rest }) => rest),
              null,
              2,
            )}\n`,
          );
          return;
        }
        for (const item of items) process.stdout.write(`${item.id}  ${oneLine(item.title)}\n    ${oneLine(item.url)}: ${oneLine(item.reason)}\n`);
        process.stdout.write(`${items.length} screened item(s); keep one with: news-coverage feeds keep <id>\n`);
      }),
    );

  feeds
    .command("keep")
    .description("store a screened item as coverage after all (it goes into the inbox, not screened again)")
    .argument("<id>", "the item's id from feeds screened")
    .action(
      action(async (id: string) => {
        const { paths, feeds: p } = poller();
        const name = await p.screened.keep(id, paths.inbox, Date.now());
        process.stdout.write(`kept: ${id} -> inbox/${name}\n`);
      }),
    );
}
