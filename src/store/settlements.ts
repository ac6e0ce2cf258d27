import { constants as fsc, promises as fs } from "node:fs";
import path from "node:path";
import type { BuyerDirectory } from "../core/buyers.js";
import type { StoredRecord } from "../core/record.js";
import { errorReportName, isClaimOf, isJsonlFile, type Paths, storeFile } from "./layout.js";
import type { TraceLine } from "./trace.js";

/** What failed/<day>/<name>.error.json says (null fields: unreadable report). */
interface FailureReportFile {
  name: string;
  report: { reason?: string; field_errors?: Array<{ field: string; message: string }>; time?: string } | null;
}

/**
 * Where an input is on disk and how it settled, read from the layout's files: the inbox and
 * claims (pending), the traces (stored, duplicate, failed), the store (the record), failed/ (the
 * error report). For the HTTP API, which asks here rather than reading files itself. Never writes.
 */
export class SettlementReader {
  constructor(
    private readonly paths: Paths,
    private readonly buyers: BuyerDirectory,
  ) {}

  /** The first of `names` waiting in the inbox. */
  async waiting(names: readonly string[]): Promise<string | null> {
    for (const name of names) if (await exists(path.join(this.paths.inbox, name))) return name;
    return null;
  }

  /** The first of `names` claimed by a running (or stopped) daemon. */
  async claimed(names: readonly string[]): Promise<string | null> {
    for (const owner of await readdir(this.paths.processing)) {
      for (const claim of await readdir(path.join(this.paths.processing, owner))) {
        const name = names.find((n) => isClaimOf(claim, n));
        if (name) return name;
      }
    }
    return null;
  }

  /**
   * The trace lines of the last settlement of any of `names` (a retried file may have settled
   * before), newest day first; retries and dry runs are no settlement. Null when never traced.
   */
  async lastSettlement(names: readonly string[]): Promise<TraceLine[] | null> {
    const days = (await readdir(this.paths.traces)).filter(isJsonlFile).sort().reverse();
    const needles = names.map((n) => `"file":${JSON.stringify(n)}`);
    for (const day of days) {
      const text = await fs.readFile(path.join(this.paths.traces, day), "utf8").catch(() => "");
      if (!needles.some((n) => text.includes(n))) continue;
      const lines: TraceLine[] = [];
      for (const line of text.split("\n")) {
        if (!needles.some((n) => line.includes(n))) continue;
        try {
          const trace = JSON.parse(line) as TraceLine;
          if (names.includes(trace.file) && trace.outcome !== "retry" && trace.outcome !== "dry-run") lines.push(trace);
        } catch {
          // a torn last line: the daemon repairs it at start
        }
      }
      if (lines.length === 0) continue;
      const lastTime = lines.reduce((t, l) => (l.time > t ? l.time : t), "");
      return lines.filter((l) => l.time === lastTime);
    }
    return null;
  }

  /** The newest stored version of a record, from the store file of its company (any name the directory knows) and quarter. */
  async record(company: string, quarter: string, id: string): Promise<StoredRecord | null> {
    let file: string;
    try {
      file = storeFile(this.paths.ingest, this.buyers.folderName(company), quarter);
    } catch {
      return null; // not a quarter: no such store file
    }
    const text = await fs.readFile(file, "utf8").catch(() => "");
    const needle = `"id":"${id}"`;
    let found: StoredRecord | null = null;
    for (const row of text.split("\n")) {
      if (!row.includes(needle)) continue;
      try {
        found = JSON.parse(row) as StoredRecord; // the newest version wins: keep reading
      } catch {
        // torn line
      }
    }
    return found;
  }

  /** The error report of the first of `names` in failed/, newest day first. */
  async failureReport(names: readonly string[]): Promise<FailureReportFile | null> {
    const days = (await readdir(this.paths.failed)).sort().reverse();
    for (const day of days) {
      // Only real day folders, and reports that are no link: nothing is read through a link out of the home.
      if (!(await fs.lstat(path.join(this.paths.failed, day)).catch(() => null))?.isDirectory()) continue;
      for (const name of names) {
        const text = await readNoFollow(path.join(this.paths.failed, day, errorReportName(name)));
        if (text === null) continue;
        try {
          return { name, report: JSON.parse(text) as FailureReportFile["report"] };
        } catch {
          return { name, report: null };
        }
      }
    }
    return null;
  }
}

async function readNoFollow(file: string): Promise<string | null> {
  const handle = await fs.open(file, fsc.O_RDONLY | fsc.O_NOFOLLOW | fsc.O_NONBLOCK).catch(() => null);
  if (!handle) return null;
  try {
    return (await handle.stat()).isFile() ? await handle.readFile("utf8") : null;
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

async function readdir(dir: string): Promise<string[]> {
  return fs.readdir(dir).catch(() => [] as string[]);
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}
