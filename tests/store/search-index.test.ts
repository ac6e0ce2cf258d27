import { promises as fs, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { ArchiveSink } from "../../src/sinks/archive.js";
import { ftsQuery, SearchIndex } from "../../src/store/search-index.js";
import type { StoredRecord } from "../../src/core/record.js";
import type { Paths } from "../../src/store/layout.js";

const LOCKS = { staleMs: 10_000, updateMs: 2_000, retries: 50, minTimeoutMs: 5, maxTimeoutMs: 50 };
const idOf = (n: number) => createHash("sha256").update(`doc-${n}`).digest("hex");
const homes: string[] = [];
const open: SearchIndex[] = [];

async function archiveHome() {
  const home = mkdtempSync(path.join(os.tmpdir(), "nc-search-"));
  homes.push(home);
  const data = path.join(home, "data");
  const paths = { data, archive: path.join(data, "archive", "articles.jsonl"), searchIndex: path.join(data, "archive", "search.sqlite") } as Paths;
  const sink = new ArchiveSink({ paths, lockOptions: LOCKS });
  await sink.open();
  /** Stores article texts through the archive sink, as a committed batch does. */
  const commit = (docs: Array<[number, string]>) =>
    sink.committed(
      docs.map(([n, body]) => ({
        record: { id: idOf(n), processed_at: "2026-01-01T00:00:00.000Z" } as StoredRecord,
        status: "stored" as const,
        target: "",
        recovered: false,
        body,
      })),
    );
  const index = (warn?: (m: string) => void) => {
    const made = new SearchIndex(paths.archive, paths.searchIndex, { warn });
    open.push(made);
    return made;
  };
  return { paths, commit, index };
}

afterEach(async () => {
  for (const index of open.splice(0)) await index.close();
  for (const home of homes.splice(0)) await fs.rm(home, { recursive: true, force: true });
});

const TEXTS: Array<[number, string]> = [
  [1, "Netflix orders a second season of the thriller. Deep in the text: the zebracorn appears."],
  [2, "Amazon picks up the drama series for Prime Video in Europe."],
  [3, "The thriller season ends; Netflix says the second one is a drama."],
];

describe("the full-text index (SQLite FTS5, derived from the archive)", () => {
  it("finds articles by every word, by a quoted phrase, and by a word deep in the body; gives the text back", async () => {
    const { commit, index } = await archiveHome();
    await commit(TEXTS);
    const search = index();
    await search.sync();
    expect(search.progress()).toMatchObject({ indexed: 3, total: 3, building: false });
    expect(search.search("zebracorn")).toEqual(new Set([idOf(1)]));
    expect(search.search("netflix second")).toEqual(new Set([idOf(1), idOf(3)]));
    expect(search.search('"second season"')).toEqual(new Set([idOf(1)]));
    expect(search.search("NETFLIX drama")).toEqual(new Set([idOf(3)]));
    expect(search.search("nothing-here")).toEqual(new Set());
    expect(await search.text(idOf(2))).toBe(TEXTS[1]![1]);
    expect(await search.text(idOf(9))).toBeNull();
  });

  it("the analyst's words cannot reach FTS5 syntax: operators and stray quotes are words or nothing", () => {
    expect(ftsQuery('netflix OR "second  season" -drama NEAR(a b) *')).toBe('"netflix" "or" "second season" "drama" "near" "a" "b"');
    expect(ftsQuery('"unclosed phrase')).toBe('"unclosed phrase"');
    expect(ftsQuery('" "')).toBeNull();
  });

  it("keeps its place: a restart reads only what was appended, including records stored while the desk was down", async () => {
    const { commit, index, paths } = await archiveHome();
    await commit(TEXTS.slice(0, 2));
    const first = index();
    await first.sync();
    await first.close();
    await commit([
      [3, TEXTS[2]![1]],
      [4, "A quokka documentary for Disney."],
    ]);
    const warnings: string[] = [];
    const second = index((m) => warnings.push(m));
    await second.sync();
    expect(second.search("quokka")).toEqual(new Set([idOf(4)]));
    expect(second.progress()).toMatchObject({ indexed: 4, building: false });
    expect(warnings).toEqual([]);
    // Not rebuilt: the file is the same one, grown.
    expect((await fs.stat(paths.searchIndex)).size).toBeGreaterThan(0);
  });

  it("a second line for an id (a re-run) replaces its text", async () => {
    const { commit, index } = await archiveHome();
    await commit(TEXTS);
    await commit([[2, "Rewritten: the platypus story."]]);
    const search = index();
    await search.sync();
    expect(search.search("platypus")).toEqual(new Set([idOf(2)]));
    expect(search.search("amazon")).toEqual(new Set());
    expect(search.progress().indexed).toBe(3);
    expect(await search.text(idOf(2))).toBe("Rewritten: the platypus story.");
  });

  for (const [damage, spoil] of [
    ["garbage", (file: string) => fs.writeFile(file, Buffer.alloc(8192, "not a database at all "))],
    ["truncated", async (file: string) => fs.truncate(file, Math.floor((await fs.stat(file)).size / 2))],
  ] as const) {
    it(`a ${damage} index file is rebuilt from the archive, and says so`, async () => {
      const { commit, index, paths } = await archiveHome();
      await commit(TEXTS);
      // Enough text that the index has many pages to lose.
      await commit(
        Array.from({ length: 300 }, (_, i) => [10 + i, `Story ${i} about the wombat number w${i}x and its many friends. `.repeat(20)] as [number, string]),
      );
      const first = index();
      await first.sync();
      await first.close();
      for (const suffix of ["-wal", "-shm"]) await fs.rm(paths.searchIndex + suffix, { force: true });
      await spoil(paths.searchIndex);
      const warnings: string[] = [];
      const again = index((m) => warnings.push(m));
      await again.sync();
      expect(warnings.join("\n")).toMatch(/rebuilt from the archive/);
      expect(again.progress()).toMatchObject({ indexed: 303, building: false });
      expect(again.search("zebracorn")).toEqual(new Set([idOf(1)]));
      expect(again.search("w299x")).toEqual(new Set([idOf(309)]));
    });
  }

  it("a replaced or shorter archive makes the index start again", async () => {
    const { commit, index, paths } = await archiveHome();
    await commit(TEXTS);
    const search = index();
    await search.sync();
    await fs.rm(paths.archive);
    await commit([[7, "Only the narwhal remains."]]);
    await search.sync();
    expect(search.search("narwhal")).toEqual(new Set([idOf(7)]));
    expect(search.search("zebracorn")).toEqual(new Set());
    expect(search.progress().indexed).toBe(1);
  });

  it("while a build runs, searches answer at once from what is indexed and progress says N of M", async () => {
    const { commit, index } = await archiveHome();
    await commit(Array.from({ length: 1000 }, (_, i) => [i, `Article ${i} tells of the ibex i${i}x.`] as [number, string]));
    const search = index();
    const seen: Array<{ indexed: number; total: number }> = [];
    const build = search.sync();
    // Each step of the build yields to the event loop: look at the state between steps.
    while (search.progress().indexed < 1000) {
      await new Promise((resolve) => setImmediate(resolve));
      const p = search.progress();
      if (p.building && p.total > 0) seen.push({ indexed: p.indexed, total: p.total });
      await search.fresh(); // returns at once during the build
    }
    await build;
    expect(seen.some((p) => p.indexed > 0 && p.indexed < 1000 && p.total === 1000)).toBe(true);
    expect(search.search("i999x")).toEqual(new Set([idOf(999)]));
  });
});
