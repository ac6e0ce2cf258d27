// A format added to the registry's list (here by a test double of src/intake/formats/index.ts)
// needs nothing else: the real `process` command finds it in a folder, reads it through the
// registry and stores what it yields, like any JSON article.
import { promises as fs } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerProcessCommand } from "../../src/cli/commands/process.js";
import { makeHome } from "../helpers/daemon.js";

vi.mock("../../src/intake/formats/index.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/intake/formats/index.js")>();
  const { readInputBytes } = await import("../../src/intake/read-input.js");
  const memo: import("../../src/core/format.js").InputFormat = {
    id: "memo",
    extensions: [".memo"],
    description: "a memo",
    unit: "article",
    // "Title: ...", "URL: ...", "Date: ...", a blank line, then the text.
    async read(file, { limits }) {
      const [head, ...body] = readInputBytes(file.path, limits).bytes.toString("utf8").split("\n\n");
      const field = (key: string) => new RegExp(`^${key}: (.*)$`, "m").exec(head!)?.[1];
      return [{ value: { title: field("Title"), url: field("URL"), published_at: field("Date"), content: body.join("\n\n") } }];
    },
  };
  return { INPUT_FORMATS: [...real.INPUT_FORMATS, memo] };
});

const ENV_KEYS = ["NEWS_COVERAGE_HOME", "NEWS_COVERAGE_PROVIDER", "OPENAI_API_KEY"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));

afterEach(() => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

function captured(stream: NodeJS.WriteStream): string[] {
  const chunks: string[] = [];
  vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0);
  return chunks;
}

async function jsonlRecords(dir: string): Promise<Array<Record<string, unknown>>> {
  const records: Array<Record<string, unknown>> = [];
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".jsonl")) continue;
    const text = await fs.readFile(path.join(entry.parentPath, entry.name), "utf8");
    for (const line of text.split("\n")) if (line.trim()) records.push(JSON.parse(line) as Record<string, unknown>);
  }
  return records;
}

describe("the input-format registry", () => {
  it("takes a format added to its list through the real process command into the store", async () => {
    const { parent, home } = await makeHome();
    const folder = path.join(parent, "drop");
    await fs.mkdir(folder);
    const title = "Netflix renews the memo drama for a second season";
    const url = "https://variety.com/2025/tv/news/netflix-renews-memo-drama-1236000001/";
    const memo = `Title: ${title}\nURL: ${url}\nDate: 2025-11-03\n\nNetflix has renewed the memo drama for a second season, the streamer said Monday.`;
    await fs.writeFile(path.join(folder, "story.memo"), memo);
    await fs.writeFile(path.join(folder, "notes.docx"), "not an input: skipped when a folder is given");

    process.env.NEWS_COVERAGE_HOME = home;
    process.env.NEWS_COVERAGE_PROVIDER = "offline";
    delete process.env.OPENAI_API_KEY;
    const stdout = captured(process.stdout);
    const stderr = captured(process.stderr);
    const program = new Command();
    registerProcessCommand(program);
    await program.parseAsync(["process", folder], { from: "user" });

    expect(stderr.join("")).toMatch(/1 file\(s\) in [\d.]+ s: 1 stored, 0 duplicate\(s\), 0 failed/);
    expect(process.exitCode).toBe(0);
    expect(stdout.join("")).toContain(`Title: ${title}`);
    const records = await jsonlRecords(path.join(home, "data", "ingest"));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ title, url, input_file: "story.memo", quarter: "2025 Q4" });
    expect(await fs.readFile(path.join(home, "data", "final_output.md"), "utf8")).toContain(`Title: ${title}`);
  });
});
