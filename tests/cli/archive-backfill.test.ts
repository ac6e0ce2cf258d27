import { promises as fs, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerArchiveCommand } from "../../src/cli/commands/archive.js";
import { resolvePaths } from "../../src/store/layout.js";
import { openStore } from "../../src/store/open.js";
import { ArchiveSink } from "../../src/sinks/archive.js";
import { SearchIndex } from "../../src/store/search-index.js";
import { runCommands } from "../helpers/cli-run.js";
import { makeRecord, tempConfig } from "../report/helpers.js";

const cleanup: string[] = [];
afterEach(async () => {
  for (const dir of cleanup.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});

const article = (url: string, content: string) => JSON.stringify({ title: "A story", url, content, source: "Variety", published_at: "2025-11-05" });

describe("news-coverage archive backfill", () => {
  it("fills the texts of records stored before the archive from inbox/done/, never through a link, and a second run adds nothing", async () => {
    const config = tempConfig();
    cleanup.push(config.home);
    const paths = resolvePaths(config);
    const [old, kept, lost, linked] = [1, 2, 3, 4].map((n) => makeRecord({ url: `https://variety.com/2025/tv/news/backfill-${n}/` }));
    const { store } = await openStore(config, paths);
    await store.commit([old!, kept!, lost!, linked!].map((record) => ({ record })));
    // `kept` has its text already (stored after the archive existed).
    const sink = new ArchiveSink({ paths, lockOptions: config.locks });
    await sink.open();
    await sink.committed([{ record: kept!, status: "stored", target: "", recovered: false, body: "The kept text." }]);

    const day = path.join(paths.done, "2025-11-05");
    await fs.mkdir(day, { recursive: true });
    await fs.writeFile(path.join(day, "old.json"), article(old!.url, `Sony's slate. ${"Filler sentence. ".repeat(80)}Far down: the okapi premiere.`));
    await fs.writeFile(path.join(day, "kept.json"), article(kept!.url, "A different text that must not replace the kept one."));
    await fs.writeFile(path.join(day, "broken.json"), "{ not json");
    // A link inside done/ and a day folder that is a link: their targets (outside the home) are never read.
    const outside = mkdtempSync(path.join(os.tmpdir(), "nc-outside-"));
    cleanup.push(outside);
    await fs.writeFile(path.join(outside, "linked.json"), article(linked!.url, "Text from outside the home."));
    await fs.symlink(path.join(outside, "linked.json"), path.join(day, "linked.json"));
    await fs.symlink(outside, path.join(paths.done, "2025-11-06"));

    const out = await runCommands(config.home, [registerArchiveCommand], ["archive", "backfill"]);
    expect(out).toMatch(/read 3 of 3 files in inbox\/done\//);
    expect(out).toContain("filled in 1 of 3 records without a text; 2 have no readable original in inbox/done/");
    const archive = await fs.readFile(paths.archive, "utf8");
    expect(archive.trim().split("\n")).toHaveLength(2);

    const index = new SearchIndex(paths.archive, paths.searchIndex);
    await index.sync();
    expect(index.search("okapi")).toEqual(new Set([old!.id]));
    expect(await index.text(kept!.id)).toBe("The kept text.");
    expect(index.has(linked!.id)).toBe(false);
    await index.close();

    const again = await runCommands(config.home, [registerArchiveCommand], ["archive", "backfill"]);
    expect(again).toContain("filled in 0 of 2 records without a text");
    expect(await fs.readFile(paths.archive, "utf8")).toBe(archive);
  });

  it("says so when every record has its text", async () => {
    const config = tempConfig();
    cleanup.push(config.home);
    expect(await runCommands(config.home, [registerArchiveCommand], ["archive", "backfill"])).toContain("nothing to fill in");
  });
});
