import { EventEmitter } from "node:events";
import type { Settlement, Sink } from "../core/sink.js";
import type { StoredRecord } from "../core/record.js";

/** What the API reports about one stored record. */
export interface RecordSummary {
  id: string;
  company: string;
  buyers: { strong: string[]; weak: string[] };
  quarter: string;
  category: string;
  /** The coverage lines (report entries without their date), in the record's order. */
  lines: string[];
}

export function summarizeRecord(record: Pick<StoredRecord, "id" | "company" | "buyers" | "quarter" | "category" | "facts">): RecordSummary {
  return {
    id: record.id,
    company: record.company,
    buyers: { strong: [...record.buyers.strong], weak: [...record.buyers.weak] },
    quarter: record.quarter,
    category: record.category,
    lines: record.facts.map((f) => f.line),
  };
}

export type OutcomeKind = "stored" | "duplicate" | "failed";

/** The final outcome of one inbox file, as the daemon settled it. */
export interface OutcomeEvent {
  type: "outcome";
  /** The file's name in the inbox (e.g. api-<id>.json). */
  file: string;
  outcome: OutcomeKind;
  records?: RecordSummary[];
  /** First record id the file's article(s) duplicated (outcome "duplicate", or some of an array). */
  duplicate_of?: string;
  reason?: string;
  fields?: Array<{ field: string; message: string }>;
  at: string;
}

/** The daemon's health snapshot, every health.intervalMs. */
export interface HealthEvent {
  type: "health";
  snapshot: Record<string, unknown>;
  at: string;
}

export type ServerEvent = OutcomeEvent | HealthEvent;

/**
 * The source of daemon events the server listens to: "event" carries every ServerEvent. In the
 * worker thread it is fed by messages from the daemon's thread; in tests it is emitted by hand.
 */
export interface ServerEvents {
  on(name: "event", listener: (event: ServerEvent) => void): unknown;
  off(name: "event", listener: (event: ServerEvent) => void): unknown;
  emit(name: "event", event: ServerEvent): boolean;
}

export function createServerEvents(): ServerEvents {
  const emitter = new EventEmitter();
  // Each SSE client and each ?wait request listens for a while: many at once is normal.
  emitter.setMaxListeners(0);
  return emitter as ServerEvents;
}

/** Live outcome events to the HTTP API (its worker thread or its main-thread listener). Best effort. */
export class EventsSink implements Sink<unknown, OutcomeEvent> {
  readonly name = "live events";

  constructor(private readonly send: (event: ServerEvent) => void) {}

  async settled({ events }: Settlement<unknown, OutcomeEvent>): Promise<void> {
    for (const event of events) this.send(event);
  }
}
