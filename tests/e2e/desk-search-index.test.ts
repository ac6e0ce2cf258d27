import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { killRunning, makeArticle, makeHome, runCli, startDaemon, stopDaemon, waitFor, type RunningDaemon } from "../helpers/daemon.js";

/**
 * The desk's full-text index with the real daemon: it persists in data/archive/search.sqlite,
 * picks up records stored while the daemon was down (by `process`), and is rebuilt from the
 * archive when the file is garbage, with a warning in the log.
 */

const running: RunningDaemon[] = [];
afterEach(() => killRunning(running));

async function start(home: string): Promise<{ daemon: RunningDaemon; search: (q: string) => Promise<string> }> {
  const daemon = await startDaemon(home);
  running.push(daemon);
  const health = path.join(home, "data", "state", "health.json");
  const url = await waitFor(
    async () => (JSON.parse(await fs.readFile(health, "utf8").catch(() => "{}")) as { server?: { url?: string } }).server?.url,
    "the server URL in health.json",
  );
  const token = (await fs.readFile(path.join(home, "data", "state", "api-token"), "utf8")).trim();
  const search = async (q: string) => {
    const res = await fetch(`${url}/quarter?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${token}`, accept: "text/html" } });
    expect(res.status).toBe(200);
    return res.text();
  };
  return { daemon, search };
}

async function processArticles(home: string, name: string, articles: Array<Record<string, unknown>>): Promise<void> {
  const dir = path.join(home, "..", name);
  await fs.mkdir(dir, { recursive: true });
  for (const [i, article] of articles.entries()) await fs.writeFile(path.join(dir, `${i}.json`), JSON.stringify(article));
  const result = runCli(home, ["process", dir]);
  expect(result.stderr).toMatch(new RegExp(`${articles.length} stored`));
}

const deep = (word: string) => ({ content: `${"Netflix renewed the series for another season of twelve episodes. ".repeat(20)}At the end: ${word}.` });

describe("the desk's full-text index across restarts", () => {
  it("keeps the index on disk, takes records stored while the daemon was down, and rebuilds a garbage file", async () => {
    const { home } = await makeHome({ pool: { workers: 1 } });
    await processArticles(home, "first", [makeArticle(1, deep("aardwolf")), makeArticle(2)]);
    let desk = await start(home);
    expect(await desk.search("aardwolf")).toMatch(/1 result for “aardwolf”/);
    const index = path.join(home, "data", "archive", "search.sqlite");
    expect((await fs.stat(index)).size).toBeGreaterThan(0);
    expect((await stopDaemon(desk.daemon)).code).toBe(0);

    // Stored while the daemon was down.
    await processArticles(home, "second", [makeArticle(3, deep("binturong"))]);
    desk = await start(home);
    expect(await desk.search("binturong")).toMatch(/1 result for “binturong”/);
    expect(await desk.search("aardwolf")).toMatch(/1 result for “aardwolf”/);
    expect(desk.daemon.output() + desk.daemon.stderr()).not.toMatch(/rebuilt from the archive/);
    expect((await stopDaemon(desk.daemon)).code).toBe(0);

    // A garbage index file (the WAL gone too): rebuilt from the archive, said in the log.
    for (const suffix of ["-wal", "-shm"]) await fs.rm(index + suffix, { force: true });
    await fs.writeFile(index, "this is not an SQLite database ".repeat(200));
    desk = await start(home);
    expect(await desk.search("binturong")).toMatch(/1 result for “binturong”/);
    expect(await desk.search("aardwolf")).toMatch(/1 result for “aardwolf”/);
    await waitFor(async () => /full-text index: .*rebuilt from the archive/.test(desk.daemon.output() + desk.daemon.stderr()), "the rebuild warning");
    expect((await stopDaemon(desk.daemon)).code).toBe(0);
  });
});
