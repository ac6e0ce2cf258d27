// The model file's text form and the base corpus shipped beside it (models/base-corpus.jsonl.gz), from
// which an installation retrains with its analysts' corrections (`news-coverage train`).

import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { PACKAGE_ROOT } from "../../config/load.js";
import { errorMessage } from "../../core/errors.js";
import type { FeatureDoc } from "./features.js";
import { parseModelText, type ModelFile } from "./model.js";

/** A weights block, one feature per line (model-text.ts reads it back without JSON.parse). */
function weightLines(weights: readonly number[][]): string {
  return `[\n${weights.map((w) => JSON.stringify(w)).join(",\n")}\n]`;
}

/** One feature per line keeps the file diffable and the JSON small. */
export function serializeModel(file: ModelFile): string {
  const lines = [
    "{",
    `"format": ${JSON.stringify(file.format)},`,
    `"model_id": ${JSON.stringify(file.model_id)},`,
    `"info": ${JSON.stringify(file.info)},`,
    `"ns_weights": ${JSON.stringify(file.ns_weights)},`,
    `"temperature": ${JSON.stringify(file.temperature)},`,
    `"section_mix": ${JSON.stringify(file.section_mix)},`,
    `"priors": ${JSON.stringify(file.priors)},`,
    ...(file.confidence ? [`"confidence": ${JSON.stringify(file.confidence)},`] : []),
    `"features": ${JSON.stringify(file.features)},`,
    `"idf": ${JSON.stringify(file.idf)},`,
    `"leaf": {"classes": ${JSON.stringify(file.leaf.classes)}, "bias": ${JSON.stringify(file.leaf.bias)}, "weights": ${weightLines(file.leaf.weights)}},`,
    [
      `"section": {"classes": ${JSON.stringify(file.section.classes)}, "bias": ${JSON.stringify(file.section.bias)}, "weights": ${weightLines(file.section.weights)}}`,
      ...(file.svm
        ? [
            `"svm": {"priors": ${JSON.stringify(file.svm.priors)}, "lr_weight": ${JSON.stringify(file.svm.lr_weight)}, "leaf": {"classes": ${JSON.stringify(file.svm.leaf.classes)}, "bias": ${JSON.stringify(file.svm.leaf.bias)}, "weights": ${weightLines(file.svm.leaf.weights)}}}`,
          ]
        : []),
      ...(file.neighbours
        ? [
            `"neighbours": {"k": ${file.neighbours.k}, "weight": ${file.neighbours.weight}, "terms": ${file.neighbours.terms}, "labels": ${JSON.stringify(file.neighbours.labels)}, "weights": ${weightLines(file.neighbours.weights)}}`,
          ]
        : []),
    ].join(",\n"),
    "}",
  ];
  return lines.join("\n") + "\n";
}

export interface BaseCorpus {
  articles: Array<{ id: string; doc: FeatureDoc; label: string }>;
  entries: Array<{ doc: FeatureDoc; label: string }>;
}

export function baseCorpusPath(): string {
  return path.join(PACKAGE_ROOT, "models", "base-corpus.jsonl.gz");
}

/** Gzipped JSON lines: {"a":id,"t":title,"b":body,"y":label} for articles, {"t","b","y"} for entries. */
export function packBaseCorpus(corpus: BaseCorpus): Buffer {
  const lines = [
    ...corpus.articles.map((a) => JSON.stringify({ a: a.id, t: a.doc.title, b: a.doc.body, y: a.label })),
    ...corpus.entries.map((e) => JSON.stringify({ t: e.doc.title, b: e.doc.body, y: e.label })),
  ];
  // Level 9 and no file name or time in the header: the same corpus always packs to the same bytes.
  return gzipSync(lines.join("\n") + "\n", { level: 9 });
}

export function unpackBaseCorpus(data: Buffer): BaseCorpus {
  const corpus: BaseCorpus = { articles: [], entries: [] };
  for (const line of gunzipSync(data).toString("utf8").split("\n")) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { a?: string; t: string; b: string; y: string };
    if (r.a !== undefined) corpus.articles.push({ id: r.a, doc: { title: r.t, body: r.b }, label: r.y });
    else corpus.entries.push({ doc: { title: r.t, body: r.b, entry: true }, label: r.y });
  }
  return corpus;
}

/** What an installation's model file (data/models/classifier.json) holds for the classifier. */
export interface InstalledModelState {
  /** "installed": the file is a usable model; "absent": no file (the shipped model is used); "unusable": it exists but cannot be read. */
  state: "installed" | "absent" | "unusable";
  model_id: string | null;
  /** For "unusable": why, and what is used instead and what to do, in plain words. */
  problem: string | null;
}

const checked = new Map<string, { stamp: string; result: InstalledModelState }>();

/**
 * Reads and parses the installation's model file as the workers do, remembering the answer until
 * the file changes (one stat per call after the first). A truncated or corrupt file makes the
 * workers fall back to the shipped model (or keep the one they had loaded): this says so.
 */
export function checkInstalledModel(file: string): InstalledModelState {
  let stamp: string;
  try {
    const st = statSync(file);
    stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
  } catch (err) {
    checked.delete(file);
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { state: "absent", model_id: null, problem: null };
    return unusable(file, errorMessage(err));
  }
  const seen = checked.get(file);
  if (seen?.stamp === stamp) return seen.result;
  let result: InstalledModelState;
  try {
    const model = parseModelText(readFileSync(file, "utf8"));
    result = { state: "installed", model_id: model.id, problem: null };
  } catch (err) {
    result = unusable(file, errorMessage(err));
  }
  checked.set(file, { stamp, result });
  return result;
}

function unusable(file: string, why: string): InstalledModelState {
  return {
    state: "unusable",
    model_id: null,
    problem:
      `the installation model ${file} cannot be used (${why.slice(0, 200)}): it looks truncated or corrupt, so the classifier uses the shipped model ` +
      `(or the model it had loaded before); run \`news-coverage train\` to write it again, or remove the file to use the shipped model`,
  };
}
