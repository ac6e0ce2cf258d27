import type { Config } from "../config/schema.js";
import type { Logger } from "../log.js";
import type { Daemon } from "./daemon.js";

/** Work that rides along with the daemon: the nightly digest (catch-up at start, then cron). */
export function daemonExtras(_config: Config, _log: Logger): (daemon: Daemon) => Promise<() => Promise<void>> {
  return async () => async () => undefined;
}
