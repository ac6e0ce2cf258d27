import type { Paths } from "./layout.js";
import type { Config } from "../config/schema.js";
import type { BuyerDirectory } from "../core/buyers.js";
import { createBuyerDirectory } from "../pipeline/buyer-directory.js";
import { Store } from "./store.js";

/**
 * The store for a configuration: buyer folder names from the buyer directory (built from the
 * configured buyers when the caller has none yet), the configured lock timings. The one place the
 * daemon, `process` and the HTTP server get their store from.
 */
export function createStore(config: Config, paths: Paths, buyers: BuyerDirectory = createBuyerDirectory(config.buyers)): Store {
  return new Store(paths, buyers, config.locks, config.stories.windowDays);
}

/** `createStore`, then `Store.open` (folders, torn-line repair, dedupe index). */
export async function openStore(config: Config, paths: Paths, buyers?: BuyerDirectory): Promise<{ store: Store; repaired: string[] }> {
  const store = createStore(config, paths, buyers);
  const repaired = await store.open();
  return { store, repaired };
}
