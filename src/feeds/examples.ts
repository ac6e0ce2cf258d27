// The analyst's screening examples (the edge: reads files). Kept: the items kept from screening
// (data/feeds/examples.jsonl, written by ScreenedList.keep). Excluded: the records an analyst excluded or deleted in the desk
// (data/corrections.jsonl, whose lines carry the title and lead the record was made from); one
// taken back since (included again, undeleted) is no longer an example. Read again only when a
// file changed.
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Correction } from "../pipeline/correction.js";
import { CORRECTIONS_FILE } from "../store/layout.js";
import { isErrno } from "../store/fsutil.js";
import { wordsOf, type Example } from "./learn.js";
import type { ScreenedList } from "./screened.js";

async function stampOf(file: string): Promise<string> {
  try {
    const st = await fs.stat(file);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch (err) {
    if (isErrno(err, "ENOENT")) return "none";
    throw err;
  }
}

/** The excluded examples of corrections.jsonl's text (pure). */
export function excludedExamples(text: string, ignore?: ReadonlySet<string>): Example[] {
  const marked = new Map<string, { excluded: boolean; deleted: boolean; title: string; lead: string }>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let c: Partial<Correction>;
    try {
      c = JSON.parse(line) as Partial<Correction>;
    } catch {
      continue; // a line cut by a crash
    }
    if (typeof c.id !== "string" || c.origin !== "desk" || !c.text || !c.changes) continue;
    const now = marked.get(c.id) ?? { excluded: false, deleted: false, title: c.text.title, lead: c.text.lead };
    if (c.changes.excluded) now.excluded = c.changes.excluded.to;
    if (c.changes.deleted) now.deleted = c.changes.deleted.to;
    marked.set(c.id, now);
  }
  return [...marked.values()]
    .filter((m) => m.excluded || m.deleted)
    .map((m) => ({ label: "exclude", title: m.title, words: wordsOf(m.title, m.lead, ignore) }));
}

/** The kept examples of examples.jsonl's text (pure). */
export function keptExamples(text: string, ignore?: ReadonlySet<string>): Example[] {
  const examples: Example[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const value = JSON.parse(line) as { label?: string; title?: unknown; lead?: unknown };
      if (value.label === "keep" && typeof value.title === "string" && typeof value.lead === "string")
        examples.push({ label: "keep", title: value.title, words: wordsOf(value.title, value.lead, ignore) });
    } catch {
      // a line cut by a crash
    }
  }
  return examples;
}

const readText = (file: string) =>
  fs.readFile(file, "utf8").catch((err: unknown) => {
    if (isErrno(err, "ENOENT")) return "";
    throw err;
  });

/** Loads the examples for each poll round, reading the two files again only when they changed. */
export function exampleSource(dataDir: string, screened: ScreenedList, ignore: ReadonlySet<string>): () => Promise<Example[]> {
  const corrections = path.join(dataDir, CORRECTIONS_FILE);
  let seen = "";
  let examples: Example[] = [];
  return async () => {
    const stamp = `${await stampOf(screened.examplesFile)}|${await stampOf(corrections)}`;
    if (stamp === seen) return examples;
    examples = [...keptExamples(await readText(screened.examplesFile), ignore), ...excludedExamples(await readText(corrections), ignore)];
    seen = stamp;
    return examples;
  };
}
