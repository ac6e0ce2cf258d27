// The Sink port: what happens to a batch's outcome after the store committed it, and to a
// review-desk correction after the store stored its version. Types only.
import type { StoredRecord } from "./record.js";

/** One record a batch handed to the store, with the store's verdict. */
export interface CommittedRecord {
  record: StoredRecord;
  status: "stored" | "duplicate";
  /** The store file it went to (or already was in), relative to the data folder. */
  target: string;
  /** The input was re-run after a crash: outputs of an already stored record may be the part missing. */
  recovered: boolean;
  /** The article's whole text (for the archive); absent when the batch did not carry it. */
  body?: string;
}

/**
 * A review-desk correction whose new version the store has stored (under its target file's lock):
 * what follows it (final_output.md's correction block, data/corrections.jsonl, webhooks).
 * `Change` is the corrections.jsonl line (pipeline/correction.ts `Correction`).
 */
export interface CommittedCorrection<Change = unknown> {
  /** The new version (`supersedes: true`, `reviewed: {at, changes}`). */
  record: StoredRecord;
  /** What changed ("category", "buyers", ...); empty for an accept. */
  changed: readonly string[];
  correction: Change;
  /** The store file of the new version, relative to the data folder. */
  target: string;
}

/** What a settled batch hands to the sinks once its records are committed. */
export interface Settlement<Trace, Event> {
  committed: readonly CommittedRecord[];
  traces: readonly Trace[];
  events: readonly Event[];
}

/**
 * An output of the processing session. A durable sink (final_output.md) implements `committed`:
 * it is awaited before any input moves, and its failure fails the commit (the input is retried).
 * Best-effort sinks (traces, live events, webhooks) implement `settled`: a failure there is logged
 * and never fails or holds up the store. Sinks that follow corrections implement `corrected`.
 */
export interface Sink<Trace = unknown, Event = unknown, Change = unknown> {
  /** Short name for logs ("final_output.md", "trace lines", ...). */
  readonly name: string;
  /** Folders, repairs after a crash; returns what was repaired, for the log. */
  open?(): Promise<string[]>;
  /** Durable: runs right after the store append, before anything is settled. */
  committed?(records: readonly CommittedRecord[]): Promise<void>;
  /** The commit failed after these records were appended: their durable outputs may be missing. */
  interrupted?(appended: readonly StoredRecord[]): void;
  /** This sink still owes output for a stored record (its input must run again, without using attempts). */
  owes?(id: string): boolean;
  /** Best effort: after settling, before the inputs move. */
  settled?(settlement: Settlement<Trace, Event>): Promise<void>;
  /**
   * After a correction's version is stored: `corrections` are the ones this sink could not take
   * before (oldest first) and the new one last. A failure is not the correction's (it has
   * happened): the store reports it and hands the same corrections again with the next one.
   */
  corrected?(corrections: readonly CommittedCorrection<Change>[]): Promise<void>;
  /** Ends background work (pending deliveries stay where they are kept). */
  close?(): Promise<void>;
}
