import type { CommittedRecord, Settlement, Sink } from "../core/sink.js";
import type { StoredRecord } from "../core/record.js";
import type { OutcomeEvent } from "../sinks/events.js";
import type { CommitResult, StoreItem } from "../store/store.js";
import type { TraceLine } from "../store/trace.js";
import { outcomeEvents } from "./outcome-events.js";
import { settle, storeItems, type Settled } from "./outcomes.js";
import type { FileResult, InputTask } from "./processor.js";
import type { BatchRunner } from "./runner.js";

/** The store as the session needs it (a dry run answers without writing). */
interface Committer {
  commit(items: readonly StoreItem[], options?: { onAppended?: (records: StoredRecord[]) => void }): Promise<CommitResult[]>;
}

type BatchItems = ReturnType<typeof storeItems>;

/** When the batch was settled: the trace time and each file's duration. */
interface SettleClock {
  nowIso: string;
  durationMs: (task: InputTask) => number;
}

type BatchOutcome =
  | { committed: true; results: FileResult[]; items: BatchItems; commits: CommitResult[]; settled: Settled }
  /**
   * The store (or a durable sink) could not be written: every file runs again (the dedupe makes
   * that safe). `owing` holds the paths of inputs whose record is stored while a durable output of
   * it is not: those are retried without using up attempts, until the output can be written.
   */
  | { committed: false; results: FileResult[]; error: Error; owing: Set<string> };

interface SessionOptions {
  runner: BatchRunner;
  store: Committer;
  sinks: readonly Sink<TraceLine, OutcomeEvent>[];
  displayName: (buyer: string) => string;
  /** A best-effort sink failed; absent: the error is thrown. */
  onSinkError?: (sink: Sink, err: Error) => void;
}

/**
 * One processing session, the one way from claimed files to outputs, for the daemon and `process`:
 * run the batch (pool or inline) -> commit the records (store) and the durable sinks
 * (final_output.md) -> settle each file (pure) -> the best-effort sinks (traces, events, webhooks).
 * The caller then moves the inputs (or, for `process`, prints).
 */
export class ProcessingSession {
  constructor(private readonly options: SessionOptions) {}

  get runner(): BatchRunner {
    return this.options.runner;
  }

  /** Opens the sinks (their repairs after a crash, in registry order). */
  async open(): Promise<string[]> {
    const repaired: string[] = [];
    for (const sink of this.options.sinks) repaired.push(...((await sink.open?.()) ?? []));
    return repaired;
  }

  async runBatch(
    tasks: InputTask[],
    clock: () => SettleClock,
    /** The traces to hand to the sinks (default: all of them). */
    traces: (settled: Settled) => Promise<TraceLine[]> | TraceLine[] = (settled) => settled.traces,
  ): Promise<BatchOutcome> {
    const results = await this.options.runner.run(tasks);
    const items = storeItems(results);
    let commits: CommitResult[];
    try {
      commits = await commitToSinks(this.options.store, this.options.sinks, items);
    } catch (err) {
      const owing = new Set(items.filter((item) => this.owes(item.record.id)).map((item) => results[item.fileIndex]!.task.path));
      return { committed: false, results, error: err as Error, owing };
    }
    const { nowIso, durationMs } = clock();
    const settled = settle(results, items, commits, nowIso, durationMs, this.options.displayName);
    const committed = committedRecords(items, commits);
    const events = outcomeEvents(results, items, commits, settled.dispositions, nowIso);
    await this.deliver({ committed, traces: await traces(settled), events });
    return { committed: true, results, items, commits, settled };
  }

  private owes(id: string): boolean {
    return this.options.sinks.some((sink) => sink.owes?.(id));
  }

  /** Hands a settlement to the best-effort sinks, in registry order (traces before events). */
  async deliver(settlement: Settlement<TraceLine, OutcomeEvent>): Promise<void> {
    for (const sink of this.options.sinks) {
      if (!sink.settled) continue;
      try {
        await sink.settled(settlement);
      } catch (err) {
        if (!this.options.onSinkError) throw err;
        this.options.onSinkError(sink, err as Error);
      }
    }
  }

  async close(): Promise<void> {
    await this.options.runner.close();
    for (const sink of this.options.sinks) await sink.close?.();
  }
}

/**
 * The commit step: the store append, then every durable sink (awaited: final_output.md is on disk
 * before any input moves). A failure tells the sinks which records did reach the store.
 */
export async function commitToSinks(store: Committer, sinks: readonly Sink[], items: readonly StoreItem[]): Promise<CommitResult[]> {
  const appended: StoredRecord[] = [];
  try {
    const commits = await store.commit(items, { onAppended: (records) => appended.push(...records) });
    const committed = committedRecords(items, commits);
    for (const sink of sinks) await sink.committed?.(committed);
    return commits;
  } catch (err) {
    for (const sink of sinks) sink.interrupted?.(appended);
    throw err;
  }
}

function committedRecords(items: readonly StoreItem[], commits: readonly CommitResult[]): CommittedRecord[] {
  return items.map((item, i) => ({
    record: item.record,
    status: commits[i]!.status,
    target: commits[i]!.target,
    recovered: Boolean(item.recovered),
    ...(item.body !== undefined ? { body: item.body } : {}),
  }));
}
