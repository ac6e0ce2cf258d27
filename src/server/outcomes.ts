import type { SettlementReader } from "../store/settlements.js";
import type { TraceLine } from "../store/trace.js";
import { summarizeRecord, type OutcomeEvent, type RecordSummary, type ServerEvent, type ServerEvents } from "../sinks/events.js";
import { submissionFile, submissionIdOf } from "./submissions.js";

/** What POST ?wait and GET /api/articles/:id answer. */
interface ArticleOutcome {
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

function fromEvent(id: string, event: OutcomeEvent): ArticleOutcome {
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
 * (or after a restart) asked of the store's SettlementReader: waiting or claimed (pending),
 * traced (stored, duplicate, failed; the stored record for buyers and lines), failed/ (the error
 * report).
 */
export class OutcomeBook {
  private readonly recent = new Map<string, ArticleOutcome>();
  private readonly waiters = new Map<string, Set<(outcome: ArticleOutcome | null) => void>>();
  private readonly listener = (event: ServerEvent) => this.onEvent(event);

  constructor(
    private readonly settlements: SettlementReader,
    private readonly events: ServerEvents,
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
    const waiting = await this.settlements.waiting(names);
    if (waiting) return pending(waiting);
    // Traces before claims: an outcome is traced (and reported) before its file leaves .processing/.
    const traced = await this.settlements.lastSettlement(names);
    if (traced) return this.outcomeOfTraces(id, traced);
    const claimed = await this.settlements.claimed(names);
    if (claimed) return pending(claimed);
    return this.fromFailedFolder(id, names);
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
    const record = await this.settlements.record(line.company, line.quarter, line.record_id);
    return record ? summarizeRecord(record) : fallback;
  }

  private async fromFailedFolder(id: string, names: string[]): Promise<ArticleOutcome | null> {
    const found = await this.settlements.failureReport(names);
    if (!found) return null;
    const { name, report } = found;
    if (!report) return { id, file: name, status: "failed", records: [], reason: "failed (its error report is unreadable)" };
    return {
      id,
      file: name,
      status: "failed",
      records: [],
      reason: report.reason ?? "failed",
      ...(report.field_errors?.length ? { fields: report.field_errors } : {}),
      ...(report.time ? { at: report.time } : {}),
    };
  }
}
