import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  ROOT,
  dropAtomic,
  finishedInputs,
  listFiles,
  makeArticle,
  makeHome,
  runCli,
  snapshotTree,
  startDaemon,
  stopDaemon,
  waitFor,
} from "../helpers/daemon.js";

const SAMPLES = path.resolve(ROOT, "..", "shared", "corpus", "samples");

const run = (home: string, ...args: string[]) => runCli(home, args);

describe("news-coverage CLI", () => {
  it("process --dry-run --json prints one record per article and writes nothing", async () => {
    const { home } = await makeHome();
    const before = await listFiles(home);
    const { code, stdout, stderr } = run(home, "process", "--dry-run", "--json", SAMPLES);
    expect(code).toBe(0);
    const records = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(4);
    for (const r of records) {
      expect(r).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f]{64}$/),
        quarter: "2025 Q4",
        facts: expect.any(Array),
        markdown: expect.stringContaining("Title: "),
      });
    }
    expect(stderr).toMatch(/4 file\(s\) in [\d.]+ s: 4 would store, 0 duplicate\(s\), 0 failed/);
    expect(await listFiles(home)).toEqual(before);
  });

  it.each([
    ["inline", 32],
    ["worker pool", 1],
  ])("process --dry-run reports already-stored articles as duplicates, as a real run would (%s)", async (_runner, maxBatch) => {
    const { parent, home } = await makeHome({ batch: { debounceMs: 10, maxBatch, maxWaitMs: 100 } });
    const dir = path.join(parent, "batch");
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, "a.json"), JSON.stringify(makeArticle(1)));
    await fs.writeFile(path.join(dir, "b.json"), JSON.stringify(makeArticle(2)));
    expect(run(home, "process", dir).code).toBe(0);
    // One new article, and the same article again in another file.
    const fresh = makeArticle(3);
    await fs.writeFile(path.join(dir, "c.json"), JSON.stringify(fresh));
    await fs.writeFile(path.join(dir, "d.json"), JSON.stringify(fresh));
    const before = await snapshotTree(parent);

    const dry = run(home, "process", "--dry-run", dir);
    expect(dry.stderr).toMatch(/4 file\(s\) in [\d.]+ s: 1 would store, 3 duplicate\(s\), 0 failed/);
    const dryJson = run(home, "process", "--dry-run", "--json", dir);
    expect(dryJson.stderr).toMatch(/1 would store, 3 duplicate\(s\), 0 failed/);
    // Read only: not a file, folder or lock was added or touched.
    expect(await snapshotTree(parent)).toEqual(before);

    // A real run on a copy of the home prints the same records and the same counts.
    const copy = path.join(parent, "copy");
    await fs.cp(home, copy, { recursive: true });
    const real = run(copy, "process", "--json", dir);
    expect(real.stderr).toMatch(/4 file\(s\) in [\d.]+ s: 1 stored, 3 duplicate\(s\), 0 failed/);
    const ids = (stdout: string) =>
      stdout
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids(dryJson.stdout)).toEqual(ids(real.stdout));
    // Only what is stored is printed, whichever runner found the duplicates.
    expect(ids(real.stdout)).toHaveLength(1);
  });

  it("process --dry-run --json prints the story_id a record would get: the stored story's id when it would join", async () => {
    const { parent, home } = await makeHome();
    const dir = path.join(parent, "batch");
    const next = path.join(parent, "next");
    await fs.mkdir(dir);
    await fs.mkdir(next);
    const renewal = {
      title: "‘The Residence’ Renewed for Season 2 at Netflix",
      url: "https://variety.com/2025/tv/news/the-residence-renewed-season-2-netflix/",
      published_at: "2025-03-04",
      content:
        "Netflix has renewed “The Residence” for a second season, a month after the Shondaland murder mystery set in the White House debuted at No. 1 on the streamer’s top 10 chart. Uzo Aduba returns as detective Cordelia Cupp.",
    };
    const sameEvent = {
      title: "Netflix Orders Second Season Of Shondaland Mystery ‘The Residence’",
      url: "https://deadline.com/2025/03/the-residence-season-2-netflix-1236300000/",
      published_at: "2025-03-04",
      content:
        "EXCLUSIVE: Uzo Aduba’s Cordelia Cupp will be back. Netflix has given a Season 2 renewal to The Residence, the White House whodunit from Paul William Davies and Shondaland, which drew 13 million views in its first two weeks.",
    };
    await fs.writeFile(path.join(dir, "a.json"), JSON.stringify(renewal));
    await fs.writeFile(path.join(next, "b.json"), JSON.stringify(sameEvent));
    const stored = run(home, "process", "--json", dir);
    expect(stored.code).toBe(0);
    const first = JSON.parse(stored.stdout.trim()) as { id: string; story_id: string };
    expect(first.story_id).toBe(first.id);

    const dry = run(home, "process", "--dry-run", "--json", next);
    expect(dry.code).toBe(0);
    const wouldJoin = JSON.parse(dry.stdout.trim()) as { id: string; story_id: string; story_reason: { matched: string } };
    expect(wouldJoin).toMatchObject({ story_id: first.id, story_reason: { matched: first.id } });
    const real = run(home, "process", "--json", next);
    expect(JSON.parse(real.stdout.trim())).toMatchObject({ id: wouldJoin.id, story_id: first.id });
  });

  it("process --dry-run --force counts every article as one it would store", async () => {
    const { parent, home } = await makeHome();
    const dir = path.join(parent, "batch");
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, "a.json"), JSON.stringify(makeArticle(5)));
    expect(run(home, "process", dir).code).toBe(0);
    const dry = run(home, "process", "--dry-run", "--force", "--json", dir);
    expect(dry.stderr).toMatch(/1 file\(s\) in [\d.]+ s: 1 would store, 0 duplicate\(s\), 0 failed/);
    expect(dry.stdout.trim().split("\n")).toHaveLength(1);
  });

  it("process stores, finds duplicates on a second run, and exits 1 when a file fails", async () => {
    const { parent, home } = await makeHome();
    const dir = path.join(parent, "batch");
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, "a.json"), JSON.stringify(makeArticle(1)));
    await fs.writeFile(path.join(dir, "b.json"), JSON.stringify(makeArticle(2)));
    const first = run(home, "process", dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Title: Netflix renews/);
    const second = run(home, "process", dir);
    expect(second.stderr).toMatch(/2 file\(s\) in [\d.]+ s: 0 stored, 2 duplicate\(s\), 0 failed/);
    await fs.writeFile(path.join(dir, "c.json"), '{"title": "no url"}');
    const third = run(home, "process", dir);
    expect(third.code).toBe(1);
    expect(third.stderr).toMatch(/failed .*c\.json: .*url: is required/);
    // Inputs of `process` are never moved.
    expect((await fs.readdir(dir)).sort()).toEqual(["a.json", "b.json", "c.json"]);
  });

  it("retry moves failed inputs back into the inbox, where a fixed file then succeeds", async () => {
    const { home } = await makeHome();
    const daemon = await startDaemon(home);
    const inbox = path.join(home, "inbox");
    await dropAtomic(inbox, "fixme.json", JSON.stringify({ ...makeArticle(3), url: "variety.com/x" }));
    await waitFor(async () => (await finishedInputs(home)).failed.length === 1, "failure");
    const status = run(home, "status");
    expect(status.stdout).toMatch(/daemon: +running/);
    expect(status.stdout).toMatch(/failed: +1 file/);
    await stopDaemon(daemon);
    const failedDir = path.join(inbox, "failed");
    const [day] = await fs.readdir(failedDir);
    await fs.writeFile(path.join(failedDir, day!, "fixme.json"), JSON.stringify(makeArticle(3)));
    const retried = run(home, "retry");
    expect(retried.stdout).toMatch(/1 file\(s\) moved back into the inbox/);
    expect(await fs.readdir(inbox)).toContain("fixme.json");
    const again = await startDaemon(home);
    await waitFor(async () => (await finishedInputs(home)).done.includes("fixme.json"), "fixed file");
    expect((await listFiles(failedDir)).length).toBe(0);
    await stopDaemon(again);
  });

  it("refuses a bad configuration with a message naming the key", async () => {
    const { home } = await makeHome();
    await fs.writeFile(path.join(home, "config", "local.json"), JSON.stringify({ batch: { maxBatchh: 3 }, pool: { workers: 0 } }));
    const { code, stderr } = run(home, "start");
    expect(code).toBe(2);
    expect(stderr).toMatch(/batch\.maxBatchh: unknown key/);
    expect(stderr).toMatch(/pool\.workers: /);
  });

  it("works in polling mode", async () => {
    const { home } = await makeHome({ watch: { polling: true, pollIntervalMs: 100, stabilityMs: 150, rescanMs: 60_000 } });
    const daemon = await startDaemon(home);
    await dropAtomic(path.join(home, "inbox"), "polled.json", JSON.stringify(makeArticle(4)));
    await waitFor(async () => (await finishedInputs(home)).done.includes("polled.json"), "polled file");
    const health = JSON.parse(await fs.readFile(path.join(home, "data", "state", "health.json"), "utf8"));
    expect(health.watch_mode).toBe("polling");
    await stopDaemon(daemon);
  });
});
