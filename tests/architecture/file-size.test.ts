import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const LIMIT = 500;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The "## Long files" section of docs/architecture.md, where each file over the limit says why. */
function longFilesSection(): string {
  const doc = readFileSync(path.join(ROOT, "docs", "architecture.md"), "utf8");
  const start = doc.indexOf("## Long files");
  expect(start, 'docs/architecture.md has a "## Long files" section').toBeGreaterThan(-1);
  const end = doc.indexOf("\n## ", start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
}

describe("file size", () => {
  it(`no file in src/ is over ${LIMIT} lines unless docs/architecture.md names it with a reason`, () => {
    const section = longFilesSection();
    const unexplained = sources(path.join(ROOT, "src"))
      .map((file) => ({ file: path.relative(ROOT, file).split(path.sep).join("/"), lines: readFileSync(file, "utf8").split("\n").length - 1 }))
      .filter(({ file, lines }) => lines > LIMIT && !section.includes(`\`${file}\``))
      .map(({ file, lines }) => `${file} (${lines} lines)`);
    expect(unexplained).toEqual([]);
  });
});
