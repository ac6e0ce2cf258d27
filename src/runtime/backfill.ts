import { promises as fs } from "node:fs";
import path from "node:path";
import type { Config } from "../config/schema.js";
import type { Paths } from "../store/layout.js";
import { errorMessage } from "../core/errors.js";
import { isHiddenOrTemp, isInputName, readInput } from "../intake/registry.js";
import { parseArticle } from "../pipeline/article.js";
import { articleId } from "../pipeline/url.js";
import { createBuyerDirectory } from "../pipeline/buyer-directory.js";
import { StoreReader } from "../store/reader.js";
import { archiveLineId } from "../store/archive.js";
import { readLinesFrom } from "../store/jsonl.js";
import { ArchiveSink } from "../sinks/archive.js";
import type { CommittedRecord } from "../core/sink.js";

/**
 * `news-coverage archive backfill`: the whole texts of records stored before the archive existed,
 * read again from their original inputs in inbox/done/ and appended to data/archive/articles.jsonl
 * through the archive sink (its lock, one write and fsync per batch), as the daemon would have.
 * Only records of the store without a text in the archive get one, so a second run adds nothing.
 * Files are read through the input-format registry with the inbox's limits, never following a
 * link; link files are not fetched again (their pages may have changed).
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Texts appended per archive write. */
const BATCH = 100;

export interface BackfillProgress {
  files: number;
  totalFiles: number;
  filled: number;
}

export interface BackfillResult extends BackfillProgress {
  /** Articles of the store that had no text in the archive before the run. */
  missing: number;
  /** Files that could not be read (with why), at most 20 named. */
  unreadable: Array<{ file: string; reason: string }>;
}

/** Input files under done/: day folders that are real folders (not links), regular files in them with an input's name. */
async function doneInputs(done: string): Promise<string[]> {
  const top = await fs.lstat(done).catch(() => null);
  if (!top?.isDirectory()) return [];
  const files: string[] = [];
  for (const day of (await fs.readdir(done, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!day.isDirectory() || !DAY.test(day.name)) continue;
    for (const entry of await fs.readdir(path.join(done, day.name), { withFileTypes: true })) {
      // readdir's names are single path parts; a link or a folder (a saved page's _files) is never an input here.
      if (entry.isFile() && !isHiddenOrTemp(entry.name) && isInputName(entry.name)) files.push(path.join(done, day.name, entry.name));
    }
  }
  return files;
}

async function archivedIds(file: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const line of (await readLinesFrom(file, 0)).lines) {
    const id = archiveLineId(line);
    if (id) ids.add(id);
  }
  return ids;
}

export async function backfillArchive(config: Config, paths: Paths, onProgress: (p: BackfillProgress) => void = () => undefined): Promise<BackfillResult> {
  const reader = new StoreReader(paths.ingest);
  await reader.refresh();
  const have = await archivedIds(paths.archive);
  const wanted = new Set(reader.all().map((r) => r.id));
  for (const id of have) wanted.delete(id);
  const files = wanted.size > 0 ? await doneInputs(paths.done) : [];
  const result: BackfillResult = { files: 0, totalFiles: files.length, filled: 0, missing: wanted.size, unreadable: [] };
  if (wanted.size === 0) return result;

  const sink = new ArchiveSink({ paths, lockOptions: config.locks });
  await sink.open();
  const buyers = createBuyerDirectory(config.buyers);
  // Nothing is fetched: a link file's pages are what they are today, not what was stored.
  const intake = { ...config.intake, fetch: false };
  let pending: CommittedRecord[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    await sink.committed(pending);
    result.filled += pending.length;
    pending = [];
  };
  for (const file of files) {
    try {
      const limits = { maxBytes: config.input.maxFileBytes, youngMs: 0, emptyMs: 0, nowMs: Date.now() };
      for (const item of await readInput({ path: file, name: path.basename(file) }, { limits, intake })) {
        if ("failure" in item) continue;
        const parsed = parseArticle(item.value, buyers.resolveCompany);
        if (!parsed.ok || !parsed.article.content) continue;
        const id = articleId(parsed.article.canonical_url);
        const record = reader.get(id);
        if (!record || !wanted.has(id)) continue;
        wanted.delete(id);
        pending.push({ record, status: "stored", target: "", recovered: false, body: parsed.article.content });
      }
    } catch (err) {
      if (result.unreadable.length < 20) result.unreadable.push({ file: path.relative(paths.inbox, file), reason: errorMessage(err) });
    }
    result.files++;
    if (pending.length >= BATCH) await flush();
    if (result.files % 200 === 0 || result.files === files.length)
      onProgress({ files: result.files, totalFiles: files.length, filled: result.filled + pending.length });
    if (wanted.size === 0) break;
  }
  await flush();
  return result;
}
