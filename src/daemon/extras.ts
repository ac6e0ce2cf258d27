import { resolvePaths } from "../store/layout.js";
import type { Config } from "../config/schema.js";
import { catchUpDigests, scheduleDigests } from "../digest/digest.js";
import { readDigestState } from "../digest/state.js";
import { nightlyRetrainer } from "../learning/nightly.js";
import type { Logger } from "../log.js";
import type { Daemon } from "./daemon.js";
import { errorMessage } from "../core/errors.js";
import { startFeedSchedule } from "../feeds/schedule.js";

/**
 * Work that rides along with the daemon: the nightly digest. At start the digests missed while the
 * daemon was down are written (at most digest.catchUpDays), then node-cron takes over. After each
 * scheduled digest the classifier is retrained when there are new corrections (learning.nightly).
 * And the feed subscriptions, polled on their schedules (feeds.enabled).
 */
export function daemonExtras(config: Config, log: Logger): (daemon: Daemon) => Promise<() => Promise<void>> {
  const digests = digestExtras(config, log);
  return async (daemon) => {
    const stopFeeds = config.feeds.enabled ? startFeedSchedule(config, log) : async () => undefined;
    const stopDigests = await digests(daemon);
    return async () => {
      await stopFeeds();
      await stopDigests();
    };
  };
}

function digestExtras(config: Config, log: Logger): (daemon: Daemon) => Promise<() => Promise<void>> {
  return async (daemon) => {
    if (!config.digest.enabled) return async () => undefined;
    const { state } = resolvePaths(config);
    const logger = { info: (m: string) => log.info(m), warn: (m: string) => log.warn(m), error: (m: string) => log.error(m) };
    const refresh = async () => {
      const saved = await readDigestState(state, logger);
      // The first start saves a baseline (no file) so catch-up starts there: not a digest written.
      if (saved?.file) daemon.lastDigestDate = saved.last_date;
    };
    try {
      await catchUpDigests({ config, logger });
    } catch (err) {
      log.warn(`digest catch-up failed: ${errorMessage(err)}`);
    }
    await refresh();
    const retrainer = nightlyRetrainer(config, log);
    const stop = scheduleDigests({
      config,
      onWritten: () => retrainer.run(),
      logger: {
        ...logger,
        info: (m: string) => {
          log.info(m);
          void refresh();
        },
      },
    });
    return async () => {
      await stop();
      await retrainer.stop();
    };
  };
}
