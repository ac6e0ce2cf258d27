// The feeds in trouble (the edge: reads the state files): failing or paused, for the digest.
import type { Config } from "../config/schema.js";
import { resolvePaths } from "../store/layout.js";
import { Subscriptions } from "./subscriptions.js";

export interface FeedTrouble {
  url: string;
  title: string | null;
  paused: boolean;
  failures: number;
  error: string;
  last_status: number | null;
  last_poll_at: string | null;
}

/** Every subscription whose last poll failed (paused ones first), with its reason. */
export async function feedTroubles(config: Config): Promise<FeedTrouble[]> {
  const subscriptions = new Subscriptions(resolvePaths(config).feeds, { staleMs: config.locks.staleMs, retries: config.locks.retries });
  return (await subscriptions.list())
    .filter((s) => s.paused || s.error !== null)
    .map((s) => ({
      url: s.url,
      title: s.title,
      paused: s.paused,
      failures: s.failures,
      error: s.paused_by ?? s.error ?? "paused",
      last_status: s.last_status,
      last_poll_at: s.last_poll_at,
    }))
    .sort((a, b) => Number(b.paused) - Number(a.paused) || a.url.localeCompare(b.url));
}
