// Reading the training corpus (../shared/corpus). Used by the train and eval scripts only: the daemon
// never needs the corpus at run time.

import { readFileSync } from "node:fs";
import path from "node:path";
import { toCategory, type Category } from "../../core/taxonomy.js";
import { splitTitleFromText, type FeatureDoc } from "./features.js";

interface CorpusArticle {
  id: string;
  text: string;
  category: Category;
  doc: FeatureDoc;
}

interface CorpusEntry {
  text: string;
  notes: string[];
  category: Category;
  buyer: string;
  doc: FeatureDoc;
}

export function corpusDir(root: string): string {
  return path.resolve(root, "..", "shared", "corpus");
}

function readJsonl(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function category(value: unknown, where: string): Category {
  const c = typeof value === "string" ? toCategory(value) : null;
  if (!c) throw new Error(`${where}: category ${JSON.stringify(value)} is not in the taxonomy`);
  return c;
}

export function loadArticles(dir: string): CorpusArticle[] {
  return readJsonl(path.join(dir, "articles-train.jsonl")).map((r, i) => {
    const text = String(r.text ?? "");
    return { id: String(r.id ?? i), text, category: category(r.category, `articles-train line ${i + 1}`), doc: splitTitleFromText(text) };
  });
}

const ENTRY_DATE_RE = /\s*\((\d{1,2})\/(\d{1,2})(?:\/\d{2,4})?\)\s*/;

/** Splits a report line "Line text (M/D) trailing note" into its line and the text after the date. */
function splitEntryText(text: string): { line: string; after: string } {
  const m = ENTRY_DATE_RE.exec(text);
  if (!m) return { line: text.trim(), after: "" };
  return { line: text.slice(0, m.index).trim(), after: text.slice(m.index + m[0].length).trim() };
}

export function loadEntries(dir: string): CorpusEntry[] {
  return readJsonl(path.join(dir, "report-entries.jsonl")).map((r, i) => {
    const text = String(r.text ?? "");
    const notes = Array.isArray(r.notes) ? r.notes.map(String) : [];
    const { line, after } = splitEntryText(text);
    return {
      text,
      notes,
      category: category(r.category, `report-entries line ${i + 1}`),
      buyer: String(r.buyer ?? ""),
      doc: { title: line, body: [after, ...notes].filter(Boolean).join(" "), entry: true },
    };
  });
}
