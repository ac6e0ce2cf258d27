// The input-format port: what one kind of inbox file (article JSON, a saved page, a link file)
// tells the rest of the program. Implementations live in src/intake/formats/, one file each, and
// are listed once in src/intake/formats/index.ts; everything else asks the registry
// (src/intake/registry.ts) instead of naming a format.

/** One article to validate, or one link that yielded none (with its own reason). */
export type IntakeItem = { value: unknown; link?: string } | { link: string; failure: string };

/** The `intake` settings (config `intake`, docs/intake.md). */
export interface IntakeSettings {
  fetch: boolean;
  allowPrivateHosts: boolean;
  fetchTimeoutMs: number;
  maxPageBytes: number;
  maxLinksPerFile: number;
}

/** How an input file is read: size limit, and how young a file may be to count as still being written. */
export interface ReadLimits {
  maxBytes: number;
  youngMs: number;
  /** An empty file is judged only once it stayed empty this long (input.emptyFileMs). */
  emptyMs?: number;
  nowMs: number;
}

/** The file to read: where it is now, and the name it had in the inbox (which decides its format). */
export interface FormatFile {
  path: string;
  name: string;
}

interface FormatContext {
  limits: ReadLimits;
  intake: IntakeSettings;
}

export interface ReadContext<Prefetched> extends FormatContext {
  /** What the format's prefetch produced on the main thread, if it ran. */
  prefetched?: Prefetched;
}

export interface PrefetchContext extends FormatContext {
  /** Runs one network request within the daemon-wide limit of requests at once. */
  slot<T>(request: () => Promise<T>): Promise<T>;
}

/**
 * Main-thread work done before the file goes to a worker thread (fetching a link file's pages, so
 * that a slow site never holds a worker). Its result travels to the worker by structured clone.
 */
export interface FormatPrefetch<Prefetched> {
  /** Whether it runs with these settings. */
  enabled(intake: IntakeSettings): boolean;
  /** Never throws for a file it cannot read (the worker's `read` says why); never resolves to undefined, which means "not prefetched". */
  run(file: FormatFile, context: PrefetchContext): Promise<Prefetched>;
}

export interface InputFormat<Prefetched = unknown> {
  /** A short name, for tests and messages. */
  id: string;
  /** Lower-case, with the dot: ".html". A name is matched case-insensitively. */
  extensions: readonly string[];
  /** What the inbox takes it as, in the unsupported-name reason: "saved web page". */
  description: string;
  /** What the `process` command's help calls such files before their extensions ("saved pages"); absent: the extensions alone. */
  helpName?: string;
  /** What each item of the file is, in a partly failed file's reason ("1 of 3 links failed"). */
  unit: "article" | "link";
  /** The raw article objects (or per-item failures) the file holds; throws for a file that fails whole. */
  read(file: FormatFile, context: ReadContext<Prefetched>): Promise<IntakeItem[]>;
  prefetch?: FormatPrefetch<Prefetched>;
  /**
   * The folder that belongs to a file of this name and follows it to done/ or failed/ (a browser's
   * "Webpage, Complete" save: "<name>_files"). Absent: none.
   */
  companionFolder?(fileName: string): string;
}
