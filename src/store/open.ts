import type { Paths } from "../config/load.js";
import type { Config } from "../config/schema.js";
import { createBuyerMatcher } from "../pipeline/buyers.js";
import { Store } from "./store.js";

/**
 * The store for a configuration: buyer folder names from the configured buyers, the configured
 * lock timings. The one place the daemon, `process` and the HTTP server get their store from.
 */
export function createStore(config: Config, paths: Paths): Store {
  const matcher = createBuyerMatcher(config.buyers);
  return new Store(paths, (name) => matcher.displayName(name), config.locks);
}

/** `createStore`, then `Store.open` (folders, torn-line repair, dedupe index). */
export async function openStore(config: Config, paths: Paths): Promise<{ store: Store; repaired: string[] }> {
  const store = createStore(config, paths);
  const repaired = await store.open();
  return { store, repaired };
}
