import { promises as fs } from "node:fs";
import path from "node:path";
import type { Paths } from "../config/load.js";
import type { StoredRecord } from "../core/record.js";
import type { TraceLine } from "../store/trace.js";
import { summarizeRecord, type OutcomeEvent, type RecordSummary, type ServerEvent, type ServerEvents } from "../sinks/events.js";
import { submissionFile, submissionIdOf } from "./submissions.js";

/** What POST ?wait and GET /api/articles/:id answer. */
export interface ArticleOutcome {
  id: string;
  file: string;
  status: "stored" | "duplicate" | "failed" | "pending";
  records: RecordSummary[];
  duplicate_of?: string;
  reason?: string;
  fields?: Array<{ field: string; message: string }>;
  at?: string;
}

const MEMORY_LIMIT = 10_000;

export function fromEvent(id: string, event: OutcomeEvent): ArticleOutcome {
  return {
    id,
    file: event.file,
    status: event.outcome,
    records: event.records ?? [],
    ...(event.duplicate_of ? { duplicate_of: event.duplicate_of } : {}),
    ...(event.reason ? { reason: event.reason } : {}),
    ...(event.fields?.length ? { fields: event.fields } : {}),
    at: event.at,
  };
}

/**
 * Outcomes of API submissions: the recent ones in memory (from the daemon's events), older ones
 * (or after a restart) looked up on disk: inbox and .processing/ (pending), traces (stored,
 * duplicate, failed; the store file for buyers and lines), failed/ (the error report).
 */
export class OutcomeBook {
  private readonly recent = new Map<string, ArticleOutcome>();
  private readonly waiters = new Map<string, Set<(outcome: ArticleOutcome | null) => void>>();
  private readonly listener = (event: ServerEvent) => this.onEvent(event);

  constructor(
    private readonly paths: Paths,
    private readonly events: ServerEvents,
    /** Store file of a company and quarter (the store's own naming), for buyers and lines. */
    private readonly storeFile: (company: string, quarter: string) => string,
  ) {
    events.on("event", this.listener);
  }

  private onEvent(event: ServerEvent): void {
    if (event.type !== "outcome") return;
    const id = submissionIdOf(event.file);
    if (!id) return;
    const outcome = fromEvent(id, event);
    this.recent.delete(id);
    this.recent.set(id, outcome);
    if (this.recent.size > MEMORY_LIMIT) this.recent.delete(this.recent.keys().next().value!);
    const waiting = this.waiters.get(id);
    if (waiting) {
      this.waiters.delete(id);
      for (const resolve of waiting) resolve(outcome);
    }
  }

  /**
   * Resolves with the outcome once the daemon settles `id`, or null after `ms`. Register before
   * the file is written, so a fast outcome cannot slip past.
   */
  waitFor(id: string, ms: number): { promise: Promise<ArticleOutcome | null>; cancel: () => void } {
    let resolveFn!: (outcome: ArticleOutcome | null) => void;
    const promise = new Promise<ArticleOutcome | null>((resolve) => (resolveFn = resolve));
    const set = this.waiters.get(id) ?? new Set();
    this.waiters.set(id, set);
    const done = (outcome: ArticleOutcome | null) => {
      clearTimeout(timer);
      set.delete(done);
      if (set.size === 0 && this.waiters.get(id) === set) this.waiters.delete(id);
      resolveFn(outcome);
    };
    set.add(done);
    const timer = setTimeout(() => done(null), ms);
    return { promise, cancel: () => done(null) };
  }

  /** Ends every wait (server closing): those requests answer "pending". */
  releaseAll(): void {
    for (const set of [...this.waiters.values()]) for (const done of [...set]) done(null);
  }

  close(): void {
    this.releaseAll();
    this.events.off("event", this.listener);
  }

  async get(id: string): Promise<ArticleOutcome | null> {
    return this.recent.get(id) ?? (await this.fromDisk(id));
  }

  private async fromDisk(id: string): Promise<ArticleOutcome | null> {
    const names = [submissionFile(id, "articles"), submissionFile(id, "link")];
    const pending = (file: string): ArticleOutcome => ({ id, file, status: "pending", records: [] });
    for (const name of names) {
      if (await exists(path.join(this.paths.inbox, name))) return pending(name);
    }
    // Traces before claims: an outcome is traced (and reported) before its file leaves .processing/.
    const traced = await this.fromTraces(id, names);
    if (traced) return traced;
    for (const owner of await fs.readdir(this.paths.processing).catch(() => [] as string[])) {
      for (const claimed of await fs.readdir(path.join(this.paths.processing, owner)).catch(() => [] as string[])) {
        const name = names.find((n) => claimed.endsWith(`~${n}`) || claimed === n);
        if (name) return pending(name);
      }
    }
    return this.fromFailedFolder(id, names);
  }

  private async fromTraces(id: string, names: string[]): Promise<ArticleOutcome | null> {
    const days = (await fs.readdir(this.paths.traces).catch(() => [] as string[]))
      .filter((f) => f.endsWith(".jsonl"))
      .sort()
      .reverse();
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
      // The last settlement of the file (a retried file may have settled before).
      const lastTime = lines.reduce((t, l) => (l.time > t ? l.time : t), "");
      return this.outcomeOfTraces(
        id,
        lines.filter((l) => l.time === lastTime),
      );
    }
    return null;
  }

  private async outcomeOfTraces(id: string, lines: TraceLine[]): Promise<ArticleOutcome> {
    const file = lines[0]!.file;
    const failed = lines.find((l) => l.outcome === "failed");
    const records: RecordSummary[] = [];
    for (const line of lines.filter((l) => l.outcome === "stored")) records.push(await this.recordSummary(line));
    const duplicate = lines.find((l) => l.outcome === "duplicate");
    const status = failed ? "failed" : records.length > 0 ? "stored" : "duplicate";
    return {
      id,
      file,
      status,
      records,
      ...(duplicate?.record_id ? { duplicate_of: duplicate.record_id } : {}),
      ...(failed?.reason ? { reason: failed.reason } : {}),
      at: lines[0]!.time,
    };
  }

  private async recordSummary(line: TraceLine): Promise<RecordSummary> {
    const fallback: RecordSummary = {
      id: line.record_id ?? "",
      company: line.company ?? "",
      buyers: { strong: [], weak: [] },
      quarter: line.quarter ?? "",
      category: line.category ?? "",
      lines: [],
    };
    if (!line.record_id || !line.company || !line.quarter) return fallback;
    const text = await fs.readFile(this.storeFile(line.company, line.quarter), "utf8").catch(() => "");
    const needle = `"id":"${line.record_id}"`;
    let found: RecordSummary | null = null;
    for (const row of text.split("\n")) {
      if (!row.includes(needle)) continue;
      try {
        found = summarizeRecord(JSON.parse(row) as StoredRecord); // the newest version wins: keep reading
      } catch {
        // torn line
      }
    }
    return found ?? fallback;
  }

  private async fromFailedFolder(id: string, names: string[]): Promise<ArticleOutcome | null> {
    const days = (await fs.readdir(this.paths.failed).catch(() => [] as string[])).sort().reverse();
    for (const day of days) {
      for (const name of names) {
        const report = await fs.readFile(path.join(this.paths.failed, day, `${name}.error.json`), "utf8").catch(() => null);
        if (report === null) continue;
        try {
          const parsed = JSON.parse(report) as { reason?: string; field_errors?: ArticleOutcome["fields"]; time?: string };
          return {
            id,
            file: name,
            status: "failed",
            records: [],
            reason: parsed.reason ?? "failed",
            ...(parsed.field_errors?.length ? { fields: parsed.field_errors } : {}),
            ...(parsed.time ? { at: parsed.time } : {}),
          };
        } catch {
          return { id, file: name, status: "failed", records: [], reason: "failed (its error report is unreadable)" };
        }
      }
    }
    return null;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}
