import type { BuyerDirectory } from "../core/buyers.js";
import { AppError, errorMessage, queueTail } from "../core/errors.js";
import { correctionConflict, correctRecord, undoCorrection, versionStamp, type CorrectionRequest, type CorrectionResult } from "../pipeline/correction.js";
import type { StoredRecord } from "../core/record.js";
import type { StoreReader } from "./reader.js";
import type { Store } from "./store.js";
import { currentVersion, madeTime, versionTime } from "./versions.js";
import { analystStory } from "./stories.js";
import { LIMITS } from "../pipeline/limits.js";

interface CorrectionOutcome extends CorrectionResult {
  /** Store file of the new version, relative to the data folder. */
  target: string;
  /** Sinks that could not take the correction yet, "<sink>: <why>" (it is handed to them again with the next correction). */
  deferred: string[];
  /** What this process's first correction repaired first (corrections a crash kept from their sinks), in plain words. */
  repairs: string[];
}

/**
 * The store operation behind the review desk's corrections: reads the current version, applies
 * the correction (src/pipeline/correction.ts) and has the store append the new version, which
 * then hands it to its correction sinks (final_output block, corrections.jsonl line, webhooks:
 * `Store.sendCorrectionsTo`). Corrections made through one Corrector run
 * one at a time; under the target file's lock it checks again that the version it corrected is
 * still the current one (another process may have written a version meanwhile: a re-run lands in
 * the file of an existing version or in the correction's target file, the files re-read there).
 */
export class Corrector {
  private queue: Promise<unknown> = Promise.resolve();
  private repaired = false;

  constructor(
    private readonly store: Store,
    private readonly reader: StoreReader,
    private readonly buyers: BuyerDirectory,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** `by`: who asks (the analyst's name), recorded on the version and the corrections line. */
  correct(id: string, request: CorrectionRequest, by?: string): Promise<CorrectionOutcome> {
    const run = this.queue.then(() => this.correctNow(id, request, by));
    this.queue = queueTail(run);
    return run;
  }

  /**
   * At most `LIMITS.correctionsPerWindow` corrections of one record in `LIMITS.correctionWindowMs`
   * (counted from the desk versions stored): each stays small, but a script looping on one record
   * would otherwise grow the store, final_output.md and corrections.jsonl without end.
   */
  private checkRate(id: string): void {
    const now = this.now().getTime();
    const recent = this.reader
      .history(id)
      .map((v) => (v.reviewed ? Date.parse(v.reviewed.at) : NaN))
      .filter((at) => at > now - LIMITS.correctionWindowMs)
      .sort((a, b) => a - b);
    if (recent.length < LIMITS.correctionsPerWindow) return;
    const retryAfterMs = Math.max(1000, recent[recent.length - LIMITS.correctionsPerWindow]! + LIMITS.correctionWindowMs - now);
    throw new AppError(
      "rate_limited",
      `this record was corrected ${recent.length} times in the last ${LIMITS.correctionWindowMs / 60_000} minutes, the most allowed; correct it again in ${Math.ceil(retryAfterMs / 60_000)} minute(s)`,
      { retryAfterMs },
    );
  }

  /** An undo restores the version that was current before this one (the versions read so far, this one left out). */
  private undo(current: StoredRecord, request: CorrectionRequest, at: string, by: string | undefined): CorrectionResult {
    const others = Object.keys(request).filter((k) => k !== "undo" && k !== "base");
    if (others.length)
      throw new AppError("input_unprocessable", "an undo takes nothing else", { fields: others.map((field) => ({ field, message: "not with undo" })) });
    const earlier = this.reader
      .history(current.id)
      .filter((record) => record !== current)
      .map((record, order) => ({ record, order }));
    return undoCorrection(current, currentVersion(earlier)?.record, { at, by });
  }

  /**
   * Once per process, before its first correction: the corrections.jsonl lines and final_output.md
   * blocks a crash kept from corrections already stored are written (Store.repairCorrections).
   * Not at start: the desk reads the store on first use only.
   */
  private async repairOnce(): Promise<string[]> {
    if (this.repaired) return [];
    this.repaired = true;
    const histories = this.reader.all().map((record) => this.reader.history(record.id));
    try {
      const { repaired, deferred } = await this.store.repairCorrections(histories);
      return repaired > 0 ? [`repair: wrote again what ${repaired} stored correction(s) had missed after a crash`, ...deferred] : deferred;
    } catch (err) {
      return [`repair: could not look for corrections a crash left unwritten (${errorMessage(err)})`];
    }
  }

  private async correctNow(id: string, request: CorrectionRequest, by?: string): Promise<CorrectionOutcome> {
    await this.reader.refresh();
    const repairs = await this.repairOnce();
    const current = this.reader.get(id);
    if (!current) throw new AppError("not_found", `no stored record with id ${id}`);
    // Without the version the analyst saw, a correction could silently undo a re-run or another correction.
    const base = request.base;
    if (!base) {
      throw new AppError("input_invalid", "a correction must name the version it corrects (base: the record's version stamp as shown); reload the record", {
        fields: [{ field: "base", message: "required" }],
      });
    }
    if (versionStamp(current) !== base) throw correctionConflict(current);
    this.checkRate(id);
    // Made after the version it replaces; the store also stores it strictly after that version (`after`).
    const made = madeTime(current);
    const at = new Date(Number.isNaN(made) ? this.now().getTime() : Math.max(this.now().getTime(), made + 1)).toISOString();
    const story = request.story_id === undefined ? undefined : analystStory(current, request.story_id, (other) => this.reader.get(other));
    const result = request.undo ? this.undo(current, request, at, by) : correctRecord(current, request, { at, buyers: this.buyers, by, story });
    const stillCurrent = async () => {
      await this.reader.refreshFor(id, [this.store.targetFile(result.record)]);
      const latest = this.reader.get(id) as StoredRecord;
      if (versionStamp(latest) !== base) throw correctionConflict(latest);
    };
    const { target, deferred } = await this.store.appendCorrection({
      record: result.record,
      changed: result.changed,
      correction: result.correction,
      check: stillCurrent,
      after: versionTime(current),
    });
    // The desk's next read shows the new version (the one file it went to is read again).
    await this.reader.refreshFor(id, [this.store.targetFile(result.record)]);
    return { ...result, target, deferred, repairs };
  }
}
