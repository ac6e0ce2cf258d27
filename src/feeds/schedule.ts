// The daemon's feed schedule (the edge: timers): every feeds.checkEveryMs the feeds that are due are
// polled (each on its own interval, spread, one request at a time per host). A `feeds poll` beside
// the daemon takes the same per-feed locks, so no feed is polled twice.
import type { Config } from "../config/schema.js";
import { errorMessage } from "../core/errors.js";
import { oneLine } from "../core/text.js";
import { createFeedPoller, type FeedPollResult } from "./poll.js";

interface FeedLogger {
  info(message: string): void;
  warn(message: string): void;
}

function logResult(log: FeedLogger, r: FeedPollResult): void {
  if (r.outcome !== "polled") return;
  if (r.error) log.warn(`feed ${r.url}: ${oneLine(r.error)}`);
  else if (r.newItems) log.info(`feed ${r.url}: ${r.newItems} new item(s), ${r.stored} to the inbox, ${r.screened} screened out`);
}

/** Starts polling; the returned function stops it, waiting for the feed being polled (not the rest). */
export function startFeedSchedule(config: Config, log: FeedLogger): () => Promise<void> {
  const poller = createFeedPoller(config);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = poller
      .pollMany({ force: false, onResult: (r) => logResult(log, r), stopping: () => stopped })
      .then(
        () => undefined,
        (err: unknown) => log.warn(`feed polling stopped for this round: ${oneLine(errorMessage(err))}`),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, config.feeds.checkEveryMs);
      });
  };
  tick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
