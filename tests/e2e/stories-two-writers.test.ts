import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, cliEnv, makeHome } from "../helpers/daemon.js";
import { loadStoryPairs } from "../../scripts/stories-score.js";
import { articleId } from "../../src/pipeline/url.js";
import type { StoredRecord } from "../../src/core/record.js";

/**
 * Issue 20, "two writers agree": two `news-coverage process` runs at the same moment on one data
 * folder, one storing the first report of each story (March 31, the 2025 Q1 file), the other the
 * second (April 1, the 2025 Q2 file). The decision reads the other quarter's file under its lock
 * too, so they group as one writer storing them one after the other does.
 */

const pairs = loadStoryPairs("tune").filter((p) => p.same);

function articleFile(n: number, side: "a" | "b", text: { title: string; lead?: string; source: string }) {
  const url = `https://${text.source.toLowerCase().replace(/\W+/g, "")}.com/2025/story-${n}-${side}/`;
  const published_at = side === "a" ? "2025-03-31" : "2025-04-01";
  return {
    name: `pair-${n}-${side}.json`,
    id: articleId(url),
    body: JSON.stringify({ title: text.title, source: text.source, url, published_at, content: `${text.lead ?? ""}` }),
  };
}

const files = pairs.map((p) => ({ a: articleFile(p.n, "a", p.a), b: articleFile(p.n, "b", p.b) }));

async function write(dir: string, side: "a" | "b"): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const f of files) await fs.writeFile(path.join(dir, f[side].name), f[side].body);
}

function run(home: string, dir: string): Promise<number | null> {
  const child = spawn(process.execPath, [CLI, "process", dir], { env: cliEnv(home), stdio: "ignore" });
  return new Promise((resolve) => child.on("exit", resolve));
}

/** story_id by record id, from every store file of the home. */
async function stories(home: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ingest = path.join(home, "data", "ingest");
  for (const folder of await fs.readdir(ingest)) {
    for (const name of await fs.readdir(path.join(ingest, folder))) {
      if (!name.endsWith(".jsonl")) continue;
      for (const line of (await fs.readFile(path.join(ingest, folder, name), "utf8")).split("\n").filter(Boolean)) {
        const record = JSON.parse(line) as StoredRecord;
        out.set(record.id, record.story_id ?? record.id);
      }
    }
  }
  return out;
}

const joined = (story: Map<string, string>) => files.filter((f) => story.get(f.b.id) === story.get(f.a.id) && story.has(f.a.id)).map((f) => f.a.name);

describe("two processes storing the two halves of stories at the same moment", () => {
  it("group them as one writer does", async () => {
    // One writer: the first reports, then the second ones.
    const one = (await makeHome({ pool: { workers: 1 } })).home;
    await write(path.join(one, "..", "a"), "a");
    await write(path.join(one, "..", "b"), "b");
    expect(await run(one, path.join(one, "..", "a"))).toBe(0);
    expect(await run(one, path.join(one, "..", "b"))).toBe(0);
    const expected = joined(await stories(one));
    expect(expected.length).toBeGreaterThanOrEqual(pairs.length / 2);

    // Two writers at once.
    const two = (await makeHome({ pool: { workers: 1 } })).home;
    await write(path.join(two, "..", "a"), "a");
    await write(path.join(two, "..", "b"), "b");
    const codes = await Promise.all([run(two, path.join(two, "..", "a")), run(two, path.join(two, "..", "b"))]);
    expect(codes).toEqual([0, 0]);
    const story = await stories(two);
    expect(story.size).toBe(files.length * 2);
    expect(joined(story)).toEqual(expected);
  }, 240_000);
});
