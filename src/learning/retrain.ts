// Retraining an installation's classifier from the base corpus plus its analysts' corrections
// (`news-coverage train`, and the nightly retrain after the digest). Writes data/models/classifier.json
// only when the guard accepts, and one line per attempt to data/models/history.jsonl.

import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Config } from "../config/schema.js";
import { categoryCorrections, correctionsFingerprint, guardDecision, type LearnedCorrection } from "../engines/offline/learn.js";
import { baseCorpusPath, packBaseCorpus, serializeModel, unpackBaseCorpus } from "../engines/offline/model-file.js";
import { modelPath, type ModelFile } from "../engines/offline/model.js";
import { shippedFloor } from "../engines/offline/validation.js";
import { crossValidate, cvFigure, DEFAULT_OPTIONS, trainFinal, type CvFigure, type TrainOptions } from "../engines/offline/train.js";
import type { StoredRecord } from "../core/record.js";
import { applySupersedes, readStoreVersions } from "../store/versions.js";
import { readCorrections } from "../store/buyer-corrections.js";
import { RETRAIN_HISTORY_FILE, resolvePaths } from "../store/layout.js";
import { appendDurable, writeFileAtomic } from "../store/fsutil.js";
import { withTrainLock } from "./train-lock.js";

/** One line of data/models/history.jsonl. */
export interface HistoryLine {
  at: string;
  trigger: "cli" | "nightly";
  decision: "accepted" | "rejected" | "skipped";
  reason: string;
  /** Category corrections learned (one per record, the newest). */
  corrections: number;
  /** Every correction read (data/corrections.jsonl lines and category overrides), learned or not. */
  corrections_read?: number;
  fingerprint: string;
  /** Base-corpus cross-validation of the model in use and of the retrained one. */
  current: CvFigure | null;
  candidate: CvFigure | null;
  /** The shipped model's figure on the same cross-validation (the guard's floor). */
  shipped?: CvFigure | null;
  model: string | null;
  seconds: number;
}

interface RetrainOptions {
  config: Config;
  trigger: "cli" | "nightly";
  /** Skip (and record nothing) when the corrections are the ones the last attempt saw. */
  onlyIfNew?: boolean;
  /** Training options (tests use fewer epochs). */
  train?: Partial<TrainOptions>;
  warn?: (message: string) => void;
}

/** Stored records whose category came from the input file's `category` (no classifier ran). */
function isCategoryOverride(record: StoredRecord): boolean {
  return (
    record.provider === "offline" &&
    record.confidence === 1 &&
    record.alternatives.length === 0 &&
    !record.model.split("+").some((m) => m.startsWith("offline-logreg"))
  );
}

/**
 * Category corrections from data/corrections.jsonl and from records stored with a category override,
 * and how many corrections were read in all (a buyer or line correction is read but not learned).
 */
async function gatherCorrections(config: Config, warn: (m: string) => void = () => undefined): Promise<{ learned: LearnedCorrection[]; read: number }> {
  const paths = resolvePaths(config);
  const corrections = readCorrections(paths.data, warn);
  const { versions } = await readStoreVersions({ ingestDir: paths.ingest });
  for (const record of applySupersedes(versions)) {
    if (!isCategoryOverride(record)) continue;
    corrections.push({
      at: record.processed_at,
      id: record.id,
      url: record.url,
      source: record.source,
      origin: "override",
      accepted: false,
      text: { title: record.title, lead: record.lead ?? "" },
      changes: { category: { from: record.category, to: record.category } },
    });
  }
  return { learned: categoryCorrections(corrections), read: corrections.length };
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as T;
  } catch {
    return null;
  }
}

async function lastHistory(file: string): Promise<HistoryLine | null> {
  const text = await fs.readFile(file, "utf8").catch(() => "");
  const lines = text.split("\n").filter((l) => l.trim());
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      return JSON.parse(lines[i]!) as HistoryLine;
    } catch {
      // a torn last line: look at the one before
    }
  }
  return null;
}

function sha256(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The base-corpus figure a model file records, when it was measured on this corpus with these folds. */
function recordedFigure(file: ModelFile | null, corpusSha: string, folds: number): CvFigure | null {
  const info = file?.info as
    | {
        base_corpus_sha256?: string;
        options?: { calibrationFolds?: number };
        calibration_cv_full_path_accuracy?: number;
        calibration_cv_section_accuracy?: number;
      }
    | undefined;
  if (!info || info.base_corpus_sha256 !== corpusSha || info.options?.calibrationFolds !== folds) return null;
  if (typeof info.calibration_cv_full_path_accuracy !== "number" || typeof info.calibration_cv_section_accuracy !== "number") return null;
  return { full: info.calibration_cv_full_path_accuracy, section: info.calibration_cv_section_accuracy };
}

/**
 * Retrains and applies the guard, holding a lock so two retrains never overlap. Returns the history
 * line written (a skipped nightly run writes none).
 */
export async function retrainInstallation(options: RetrainOptions): Promise<HistoryLine> {
  const { config } = options;
  const warn = options.warn ?? (() => undefined);
  const paths = resolvePaths(config);
  await fs.mkdir(paths.models, { recursive: true });
  // No waiting: a second retrain while one runs is refused, naming the holder; a dead holder's lock
  // is taken over at once (src/learning/train-lock.ts).
  return withTrainLock(
    paths.models,
    async () => {
      const started = Date.now();
      const history = path.join(paths.models, RETRAIN_HISTORY_FILE);
      const { learned: corrections, read } = await gatherCorrections(config, warn);
      const fingerprint = correctionsFingerprint(corrections);
      const base: HistoryLine = {
        at: new Date().toISOString(),
        trigger: options.trigger,
        decision: "skipped",
        reason: "",
        corrections: corrections.length,
        corrections_read: read,
        fingerprint,
        current: null,
        candidate: null,
        model: null,
        seconds: 0,
      };
      if (options.onlyIfNew) {
        const last = await lastHistory(history);
        const seen = last ? last.fingerprint : correctionsFingerprint([]);
        if (seen === fingerprint) return { ...base, reason: "no new corrections since the last retrain" };
      }
      const corpusFile = config.learning.baseCorpus ? path.resolve(config.home, config.learning.baseCorpus) : baseCorpusPath();
      const packed = await fs.readFile(corpusFile);
      const corpus = unpackBaseCorpus(packed);
      const corpusSha = sha256(packBaseCorpus(corpus));
      const opts: TrainOptions = { ...DEFAULT_OPTIONS, ...options.train, calibrationFolds: config.learning.cvFolds };

      // The model in use and the shipped one, with their figures on this corpus's cross-validation
      // (measured now, once, when a file has none: the base corpus alone, which is the shipped model).
      const installed = paths.installedModel;
      let measured: CvFigure | null = null;
      const baseFigure = () => (measured ??= cvFigure(crossValidate(corpus.articles, corpus.entries, opts, opts.calibrationFolds)));
      const shippedFile = await readJson<ModelFile>(modelPath());
      const currentFile = (await readJson<ModelFile>(installed)) ?? shippedFile;
      const current = recordedFigure(currentFile, corpusSha, opts.calibrationFolds) ?? baseFigure();
      const shipped = currentFile === shippedFile ? current : (recordedFigure(shippedFile, corpusSha, opts.calibrationFolds) ?? baseFigure());

      const file = trainFinal(
        corpus.articles,
        corpus.entries,
        opts,
        { corpus: path.basename(corpusFile), base_corpus_sha256: corpusSha, corrections_fingerprint: fingerprint },
        corrections,
      );
      file.model_id = corrections.length > 0 ? `${file.model_id}+corrections-${fingerprint.slice(0, 8)}` : file.model_id;
      const candidate = recordedFigure(file, corpusSha, opts.calibrationFolds)!;
      const decision = guardWithShipped(
        guardDecision(current, candidate, config.learning.maxLoss),
        shippedFloor(shipped, candidate, config.learning.maxLossFromShipped),
      );
      if (decision.accept) await writeFileAtomic(installed, serializeModel(file));
      const line: HistoryLine = {
        ...base,
        decision: decision.accept ? "accepted" : "rejected",
        reason: decision.reason,
        current,
        candidate,
        shipped,
        model: file.model_id,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      };
      await appendDurable(history, JSON.stringify(line) + "\n");
      return line;
    },
    { trigger: options.trigger },
  );
}

/** Both halves of the guard: refused if either refuses (the installed model's first), else both figures. */
function guardWithShipped(vsInstalled: { accept: boolean; reason: string }, vsShipped: { accept: boolean; reason: string }) {
  if (!vsInstalled.accept) return vsInstalled;
  if (!vsShipped.accept) return vsShipped;
  return { accept: true, reason: `${vsInstalled.reason}; ${vsShipped.reason}` };
}

/** One line for the log: what the retrain decided and the two figures. */
export function describeRetrain(line: HistoryLine): string {
  if (line.decision === "skipped") return `retrain (${line.trigger}) skipped: ${line.reason}${notLearned(line)}`;
  const verb = line.decision === "accepted" ? "accepted: the installation now uses" : "rejected: keeping the current model, not";
  return `retrain (${line.trigger}) on ${line.corrections} correction(s) ${verb} ${line.model}; base-corpus CV ${line.reason} (${line.seconds} s)${notLearned(line)}`;
}

/** "; 1 of 2 corrections read change no category ...": the corrections the classifier has nothing to learn from. */
function notLearned(line: HistoryLine): string {
  const read = line.corrections_read ?? line.corrections;
  if (read <= line.corrections) return "";
  return `; ${read - line.corrections} of ${read} corrections read change no category (buyers, lines, notes, dates) or repeat one for the same record: they apply to the records and teach the classifier nothing`;
}
