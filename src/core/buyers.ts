/**
 * A configured buyer. `name` is the key records carry (`company`, `buyers`); `display` is the one
 * name people read: store folders, report titles and files, digests, logs, final_output.md and
 * the desk's pages and URLs all show it.
 */
export interface Buyer {
  readonly name: string;
  readonly display: string;
  readonly aliases: readonly string[];
}

/** The buyers of the configuration, built once where the config is loaded and passed where needed. */
export interface BuyerDirectory {
  /** In priority order (ties between buyers are broken by it). */
  readonly all: readonly Buyer[];
  /** A name, display name or folder name in any case ("wbd", "Warner Bros Discovery"); null when none. */
  resolve(name: string): Buyer | null;
  /** `resolve` for a record's company: the buyer's name, "Unknown" for no buyer, null when neither. */
  resolveCompany(name: string): string | null;
  /** The display name of a buyer named any way `resolve` takes; an unknown name as it is. */
  displayName(name: string): string;
  /** The store folder of a buyer: its display name made folder-safe (`folderSafeName`). */
  folderName(name: string): string;
  /** Position in the priority order of a buyer named any way `resolve` takes; unknown names after all. */
  priority(name: string): number;
}
