// The screened items (the edge: files): data/feeds/screened.jsonl, one line per screened item and
// one `{"kept": id}` line per item the analyst kept; appended whole under the file's lock.
import { promises as fs } from "node:fs";
import path from "node:path";
import { AppError } from "../core/errors.js";
import { Semaphore } from "../core/semaphore.js";
import { FEED_EXAMPLES_FILE, FEED_SCREENED_FILE, feedItemInboxName } from "../store/layout.js";
import { appendDurable, ensureDir, isErrno, writeFileAtomic } from "../store/fsutil.js";
import { withLock, type LockOptions } from "../store/locks.js";
import { inboxForm, type ScreenedEntry } from "./items.js";

export type ScreenedItem = ScreenedEntry & { kept: boolean };

export class ScreenedList {
  readonly file: string;
  /** The kept items' title and lead, for screening to learn from (read without the whole screened list). */
  readonly examplesFile: string;
  constructor(
    dir: string,
    private readonly locks: LockOptions,
  ) {
    this.file = path.join(dir, FEED_SCREENED_FILE);
    this.examplesFile = path.join(dir, FEED_EXAMPLES_FILE);
  }

  /** One append at a time in this process (hosts polled at once share the file): the lock only waits for other processes. */
  private readonly appending = new Semaphore(1);

  async append(entries: readonly ScreenedEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await ensureDir(path.dirname(this.file));
    const text = entries.map((e) => `${JSON.stringify(e)}\n`).join("");
    await this.appending.run(() => withLock(this.file, () => appendDurable(this.file, text), this.locks));
  }

  /** Every screened item once (a feed screened twice after a crash shows once), with whether it was kept. */
  async list(): Promise<ScreenedItem[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, "utf8");
    } catch (err) {
      if (isErrno(err, "ENOENT")) return [];
      throw err;
    }
    const byId = new Map<string, ScreenedItem>();
    const kept = new Set<string>();
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      let value: Partial<ScreenedEntry> & { kept?: string };
      try {
        value = JSON.parse(line) as typeof value;
      } catch {
        continue; // a line cut by a crash
      }
      if (typeof value.kept === "string") kept.add(value.kept);
      else if (typeof value.id === "string" && !byId.has(value.id)) byId.set(value.id, { ...(value as ScreenedEntry), kept: false });
    }
    return [...byId.values()].map((item) => ({ ...item, kept: kept.has(item.id) }));
  }

  /**
   * Writes a screened item into the inbox as coverage (marked kept: it is not screened again) and
   * notes it as kept. Returns the inbox name.
   */
  async keep(id: string, inbox: string, now: number): Promise<string> {
    const item = (await this.list()).find((entry) => entry.id === id);
    if (!item) throw new AppError("not_found", `no screened item ${JSON.stringify(id)} (see feeds screened)`);
    const plan = inboxForm(
      { title: item.title, link: item.url, published: item.published, text: item.text },
      { feedUrl: item.feed, feedTitle: item.source ?? null, now },
      true,
    );
    if (plan.kind !== "article" && plan.kind !== "link") throw new AppError("input_invalid", `the screened item ${id} has no link`);
    const name = feedItemInboxName(item.feed, item.key, plan.kind);
    await writeFileAtomic(path.join(inbox, name), plan.kind === "article" ? `${JSON.stringify(plan.body)}\n` : plan.body);
    await withLock(this.file, () => appendDurable(this.file, `${JSON.stringify({ kept: id, at: new Date(now).toISOString() })}\n`), this.locks);
    const example = { label: "keep", id, title: item.title, lead: (item.text || item.summary).slice(0, 1500), at: new Date(now).toISOString() };
    await withLock(this.examplesFile, () => appendDurable(this.examplesFile, `${JSON.stringify(example)}\n`), this.locks);
    return name;
  }
}
