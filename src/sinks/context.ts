import type { Paths } from "../store/layout.js";
import type { Config } from "../config/schema.js";
import type { LockOptions } from "../store/locks.js";
import type { ServerEvent } from "./events.js";

/** What every sink may be built from; a sink takes what it needs. */
export interface SinkContext {
  config: Config;
  paths: Paths;
  lockOptions: LockOptions;
  /** Buyer name -> display name (store folders, final_output.md, logs). */
  displayName: (buyer: string) => string;
  log: { warn(message: string): void };
  /** Live events for the HTTP API (absent: no server listening). */
  onEvent?: (event: ServerEvent) => void;
  /** A one-shot run (`process`): no background retries; what is left waits for the daemon. */
  oneShot?: boolean;
  /**
   * The review desk's sinks (the HTTP server's thread, beside the daemon's own sinks in the same
   * process): webhooks send only what this instance queued and take over no one else's.
   */
  desk?: boolean;
}
