import { createHash } from "node:crypto";
import { open, rm, stat } from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import { ensureDir, isErrno } from "./fsutil.js";
import { parseArchiveLine, words } from "./archive.js";
import { errorMessage, queueTail } from "../core/errors.js";

/**
 * The desk's full-text index: an SQLite FTS5 file (data/archive/search.sqlite, WAL mode) derived
 * from data/archive/articles.jsonl. It is persistent and incremental: it remembers how many bytes
 * of the archive it has read (in the same transaction as the rows), so a start reads only what was
 * appended since, including records stored while the desk was down. It is rebuilt from the archive
 * when it is missing, does not open as a database, fails its quick check or a query with a
 * corruption error, has another schema, or no longer matches the archive (a shorter or replaced
 * file). Building runs in steps on the caller's event loop; meanwhile `progress()` says how far it
 * got and searches answer from what is indexed so far. The only writer is the desk of the daemon
 * that owns the home.
 */

/** Bumped when the tables or the tokenizer change: an index of another version is rebuilt. */
const SCHEMA = "1";
/** Archive lines indexed per transaction (one step between two turns of the event loop). */
const STEP_LINES = 200;
/** Bytes read from the archive at a time. */
const READ_BYTES = 4 << 20;
/** The first bytes of the archive, hashed: a replaced archive has another head. */
const HEAD_BYTES = 4096;

export interface IndexProgress {
  /** Articles in the index. */
  indexed: number;
  /** Articles in the archive, as far as the current pass knows. */
  total: number;
  /** True while a long pass (more than one step) is adding lines: searches answer from the articles indexed so far. */
  building: boolean;
  /** Why the last rebuild from scratch happened, if one did. */
  rebuilt?: string;
}

interface Place {
  offset: number;
  length: number;
}

const CORRUPT = /^SQLITE_(CORRUPT|NOTADB)/;
const isCorrupt = (err: unknown) => CORRUPT.test((err as { code?: unknown })?.code?.toString() ?? "");

/** An FTS5 query from what the analyst typed: every word required, "quoted words" as a phrase; nothing else of the FTS5 syntax gets through. */
export function ftsQuery(query: string): string | null {
  const parts: string[] = [];
  const phrase = /"([^"]*)"?/g;
  let last = 0;
  const loose = (text: string) => parts.push(...words(text).map((w) => `"${w}"`));
  for (const match of query.matchAll(phrase)) {
    loose(query.slice(last, match.index));
    const inside = words(match[1]!);
    if (inside.length) parts.push(`"${inside.join(" ")}"`);
    last = match.index + match[0].length;
  }
  loose(query.slice(last));
  return parts.length ? parts.join(" ") : null;
}

export class SearchIndex {
  private db: Database.Database | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private state: IndexProgress = { indexed: 0, total: 0, building: false };
  private closed = false;
  /** Set when a search or a read found the file damaged: the next pass starts from an empty index. */
  private damaged: string | null = null;
  /** `fresh()` callers, let go when a pass turns out to be a long one. */
  private bigPassWaiters: Array<() => void> = [];

  constructor(
    private readonly archiveFile: string,
    private readonly indexFile: string,
    private readonly log: { warn?: (message: string) => void } = {},
  ) {}

  progress(): IndexProgress {
    return { ...this.state };
  }

  /**
   * Reads what the archive gained since the index last looked (everything, if the index is new or
   * was rebuilt). One pass at a time; a call during a pass waits for it and then looks again.
   */
  sync(): Promise<void> {
    const run = this.running.then(() => this.pass());
    this.running = queueTail(run);
    return run;
  }

  /**
   * Brings the index up to date before an answer, unless a long pass (a build) is under way: then
   * the answer comes at once from what is indexed so far, and `progress()` says how far that is.
   */
  async fresh(): Promise<void> {
    if (this.state.building) return;
    await new Promise<void>((resolve) => {
      this.bigPassWaiters.push(resolve);
      this.sync().then(resolve, (err: unknown) => {
        this.log.warn?.(`full-text index: ${errorMessage(err)}`);
        resolve();
      });
    });
  }

  /** Ids of the indexed articles whose text holds every word (and every quoted phrase) of the query. */
  search(query: string): Set<string> {
    const match = ftsQuery(query);
    const db = this.db;
    if (!match || !db) return new Set();
    try {
      const rows = db.prepare("SELECT d.id AS id FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ?").all(match) as { id: string }[];
      return new Set(rows.map((r) => r.id));
    } catch (err) {
      if (!isCorrupt(err)) throw err;
      this.lost(`a search found the index damaged (${errorMessage(err)})`);
      return new Set();
    }
  }

  /** The article's whole text from the archive, or null when the index knows no text for it. */
  async text(id: string): Promise<string | null> {
    const place = this.placeOf(id);
    if (!place) return null;
    const handle = await open(this.archiveFile, "r");
    try {
      const buf = Buffer.alloc(place.length);
      await handle.read(buf, 0, place.length, place.offset);
      const entry = parseArchiveLine(buf.toString("utf8"));
      return entry?.id === id ? entry.text : null;
    } finally {
      await handle.close();
    }
  }

  /** Whether the archive holds a text for the id (as far as the index has read). */
  has(id: string): boolean {
    return this.placeOf(id) !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.running;
    this.db?.close();
    this.db = null;
  }

  private placeOf(id: string): Place | null {
    try {
      return (this.db?.prepare("SELECT offset, length FROM docs WHERE id = ?").get(id) as Place | undefined) ?? null;
    } catch (err) {
      if (!isCorrupt(err)) throw err;
      this.lost(`reading a text found the index damaged (${errorMessage(err)})`);
      return null;
    }
  }

  /** A damaged index found outside a pass: closed now, rebuilt by the next pass. */
  private lost(why: string): void {
    this.damaged = why;
    this.db?.close();
    this.db = null;
    this.state = { indexed: 0, total: 0, building: true, rebuilt: why };
    void this.sync().catch((err: unknown) => this.log.warn?.(`full-text index: ${errorMessage(err)}`));
  }

  private async pass(): Promise<void> {
    if (this.closed) return;
    try {
      await this.catchUp();
    } catch (err) {
      if (!isCorrupt(err)) throw err;
      // Damaged between the open's check and now: start again from an empty file once.
      await this.rebuild(`the index is damaged (${errorMessage(err)})`);
      await this.catchUp();
    } finally {
      this.state.building = false;
    }
  }

  private async catchUp(): Promise<void> {
    if (this.damaged) {
      const why = this.damaged;
      this.damaged = null;
      await ensureDir(path.dirname(this.indexFile));
      await this.rebuild(why);
    }
    const db = this.db ?? (await this.openChecked());
    const size = await fileSize(this.archiveFile);
    const offset = Number(getMeta(db, "archive_offset") ?? "0");
    // The first line of an archive never changes while lines are appended; another one means another file.
    let head = offset > 0 ? await headHash(this.archiveFile) : null;
    if (offset > size || (head !== null && getMeta(db, "archive_head") !== head)) {
      await this.rebuild(offset > size ? "the archive is shorter than what the index read" : "the archive was replaced");
      return this.catchUp();
    }
    const indexed = (db.prepare("SELECT count(*) AS n FROM docs").get() as { n: number }).n;
    this.state = { ...this.state, indexed, total: indexed, building: false };
    if (offset >= size) return;
    this.state.total = indexed + (await countLines(this.archiveFile, offset, size));
    // A long pass (a build): answers stop waiting for it and say how far it got; a short one (new commits) is waited for.
    if (this.state.total - indexed > STEP_LINES) {
      this.state.building = true;
      for (const letGo of this.bigPassWaiters.splice(0)) letGo();
    }

    const findRow = db.prepare("SELECT rowid FROM docs WHERE id = ?");
    const addDoc = db.prepare("INSERT INTO docs (id, offset, length) VALUES (?, ?, ?)");
    const moveDoc = db.prepare("UPDATE docs SET offset = ?, length = ? WHERE rowid = ?");
    const dropText = db.prepare("DELETE FROM fts WHERE rowid = ?");
    const addText = db.prepare("INSERT INTO fts (rowid, body) VALUES (?, ?)");
    const setMeta = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    const step = db.transaction((lines: { text: string; offset: number; length: number }[], next: number) => {
      let added = 0;
      for (const line of lines) {
        const entry = parseArchiveLine(line.text);
        if (!entry) continue;
        const row = findRow.get(entry.id) as { rowid: number } | undefined;
        let rowid: number;
        if (row) {
          dropText.run(row.rowid);
          moveDoc.run(line.offset, line.length, row.rowid);
          rowid = row.rowid;
        } else {
          rowid = Number(addDoc.run(entry.id, line.offset, line.length).lastInsertRowid);
          added++;
        }
        addText.run(rowid, entry.text);
      }
      setMeta.run("archive_offset", String(next));
      setMeta.run("archive_head", head!);
      return added;
    });

    for await (const { lines, next } of readLines(this.archiveFile, offset, size)) {
      // Read now that a whole first line is on disk.
      head ??= await headHash(this.archiveFile);
      for (let i = 0; i < lines.length; i += STEP_LINES) {
        if (this.closed) return;
        const chunk = lines.slice(i, i + STEP_LINES);
        const last = chunk.at(-1)!;
        const end = i + STEP_LINES >= lines.length ? next : last.offset + last.length + 1;
        this.state.indexed += step(chunk, end);
        // Another turn of the event loop between two steps: the server answers while the index grows.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /** Opens the file, checks it and its schema; anything wrong is rebuilt from an empty file. */
  private async openChecked(): Promise<Database.Database> {
    await ensureDir(path.dirname(this.indexFile));
    let why: string | null = null;
    try {
      const db = this.openFile();
      const check = db.pragma("quick_check", { simple: true });
      if (check !== "ok") why = `its quick check says ${String(check)}`;
      else if (getMeta(db, "schema") !== SCHEMA) why = "it has another schema";
      if (!why) return (this.db = db);
      db.close();
    } catch (err) {
      if (!isCorrupt(err) && !/no such table/.test(errorMessage(err))) throw err;
      why = `it does not open (${errorMessage(err)})`;
    }
    const exists = await fileSize(this.indexFile).then((n) => n > 0);
    await this.rebuild(exists ? why : null);
    return this.db!;
  }

  private openFile(): Database.Database {
    const db = new Database(this.indexFile, { timeout: 5000 });
    try {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      return db;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** Deletes the index file (and its WAL) and creates the empty tables. `why` null: there was no index yet. */
  private async rebuild(why: string | null): Promise<void> {
    if (why) this.log.warn?.(`full-text index: ${why}; it is rebuilt from the archive`);
    this.db?.close();
    this.db = null;
    for (const suffix of ["", "-wal", "-shm"]) await rm(this.indexFile + suffix, { force: true });
    const db = this.openFile();
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, offset INTEGER NOT NULL, length INTEGER NOT NULL);
      CREATE VIRTUAL TABLE fts USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
    `);
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema', ?)").run(SCHEMA);
    this.db = db;
    this.state = { indexed: 0, total: 0, building: true, ...(why ? { rebuilt: why } : {}) };
  }
}

function getMeta(db: Database.Database, key: string): string | undefined {
  return (db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined)?.value;
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if (isErrno(err, "ENOENT")) return 0;
    throw err;
  }
}

/** The hash of the archive's first line (at most its first 4 KB). */
async function headHash(file: string): Promise<string> {
  const handle = await open(file, "r").catch((err: unknown) => {
    if (isErrno(err, "ENOENT")) return null;
    throw err;
  });
  if (!handle) return "";
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
    return createHash("sha256")
      .update(buf.subarray(0, nl < 0 ? bytesRead : nl))
      .digest("hex");
  } finally {
    await handle.close();
  }
}

/** Whole lines between `from` and `to` (a last line without its newline is left for later), a few megabytes at a time. */
async function* readLines(file: string, from: number, to: number): AsyncGenerator<{ lines: { text: string; offset: number; length: number }[]; next: number }> {
  const handle = await open(file, "r");
  try {
    let offset = from;
    while (offset < to) {
      const buf = Buffer.alloc(Math.min(READ_BYTES, to - offset));
      const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
      let end = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (end < 0) {
        // A line longer than one read: read up to its newline.
        if (bytesRead < buf.length || offset + bytesRead >= to) return;
        const longer = await readUntilNewline(handle, offset, to);
        if (!longer) return;
        yield { lines: [{ text: longer.toString("utf8"), offset, length: longer.length }], next: offset + longer.length + 1 };
        offset += longer.length + 1;
        continue;
      }
      const lines = [];
      let start = 0;
      while (start < end + 1) {
        const nl = buf.indexOf(0x0a, start);
        if (nl > start) lines.push({ text: buf.toString("utf8", start, nl), offset: offset + start, length: nl - start });
        start = nl + 1;
      }
      end += 1;
      yield { lines, next: offset + end };
      offset += end;
    }
  } finally {
    await handle.close();
  }
}

async function readUntilNewline(handle: import("node:fs/promises").FileHandle, from: number, to: number): Promise<Buffer | null> {
  const buf = Buffer.alloc(to - from);
  const { bytesRead } = await handle.read(buf, 0, buf.length, from);
  const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
  return nl < 0 ? null : buf.subarray(0, nl);
}

async function countLines(file: string, from: number, to: number): Promise<number> {
  const handle = await open(file, "r");
  try {
    let n = 0;
    const buf = Buffer.alloc(READ_BYTES);
    for (let offset = from; offset < to;) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, to - offset), offset);
      if (bytesRead === 0) break;
      for (let i = buf.indexOf(0x0a, 0); i >= 0 && i < bytesRead; i = buf.indexOf(0x0a, i + 1)) n++;
      offset += bytesRead;
    }
    return n;
  } finally {
    await handle.close();
  }
}
