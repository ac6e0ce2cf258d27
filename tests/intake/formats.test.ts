import { spawnSync } from "node:child_process";
import { promises as fs, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { InputFormat } from "../../src/core/format.js";
import { inboxEntryKind, isCandidateName } from "../../src/daemon/inbox.js";
import { INPUT_FORMATS } from "../../src/intake/formats/index.js";
import {
  FORMATS_FOR_HELP,
  formatOf,
  indexFormats,
  isHiddenOrTemp,
  isInputName,
  moveCompanion,
  prefetchFor,
  readInput,
  unsupportedReason,
} from "../../src/intake/registry.js";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

const INTAKE = { fetch: true, allowPrivateHosts: false, fetchTimeoutMs: 1000, maxPageBytes: 1000, maxLinksPerFile: 5 };

const stub = (id: string, extensions: string[]): InputFormat => ({ id, extensions, description: id, unit: "article", read: () => Promise.resolve([]) });

describe("inbox formats", () => {
  it("knows each format by its extension, in any case", () => {
    expect(["a.json", "b.HTML", "c.htm", "d.txt", "e.URL", "f.webloc", "g.docx", "README"].map((name) => formatOf(name)?.id ?? "unsupported")).toEqual([
      "json",
      "page",
      "page",
      "links",
      "links",
      "links",
      "unsupported",
      "unsupported",
    ]);
  });

  it("maps every extension of the registry to exactly one format", () => {
    const extensions = INPUT_FORMATS.flatMap((format) => format.extensions.map((ext) => [ext, format.id] as const));
    expect(new Set(extensions.map(([ext]) => ext)).size).toBe(extensions.length);
    for (const [ext, id] of extensions) {
      expect(formatOf(`story${ext}`)?.id, ext).toBe(id);
      expect(formatOf(`STORY${ext.toUpperCase()}`)?.id, ext).toBe(id);
    }
    expect(indexFormats(INPUT_FORMATS).size).toBe(extensions.length);
  });

  it("refuses a list where two formats take one extension, or an extension not written .lowercase", () => {
    expect(() => indexFormats([stub("a", [".txt"]), stub("b", [".md", ".txt"])])).toThrow("input formats a and b both take .txt");
    expect(() => indexFormats([stub("a", ["txt"])])).toThrow('input format a: the extension "txt" must be a dot and lower-case letters or digits');
    expect(() => indexFormats([stub("a", [".TXT"])])).toThrow("must be a dot and lower-case");
  });

  it("takes every name but hidden, temp and its own folders; unsupported ones are failed with the formats", () => {
    for (const name of [".x.json", "~$doc.docx", "a.tmp", "a.part", "Page.html.crdownload", "a.download", "a.swp", "notes.txt~"]) {
      expect(isHiddenOrTemp(name), name).toBe(true);
      expect(isCandidateName(name), name).toBe(false);
    }
    for (const name of ["a.json", "b.html", "report.docx", "README"]) expect(isCandidateName(name), name).toBe(true);
    expect(isCandidateName("done")).toBe(false);
    expect(isCandidateName("failed")).toBe(false);
    expect(isInputName("report.docx")).toBe(false);
    expect(unsupportedReason("Report.PDF")).toBe(
      ".pdf files are not taken: the inbox takes .json (article), .html or .htm (saved web page), .txt, .url or .webloc (links to fetch); send the article's link in a .txt file, or save its web page",
    );
    expect(unsupportedReason("README")).toMatch(/^a file without an extension is not taken: the inbox takes \.json/);
  });

  it("refuses to read a name no format takes, with the reason users see", async () => {
    const context = { limits: { maxBytes: 1000, youngMs: 0, nowMs: 0 }, intake: INTAKE };
    await expect(readInput({ path: "/nonexistent/Report.docx", name: "Report.docx" }, context)).rejects.toThrow(unsupportedReason("Report.docx"));
  });

  it("prefetches only link files, and only while fetching is on", async () => {
    expect(prefetchFor("a.json", INTAKE)).toBeUndefined();
    expect(prefetchFor("a.html", INTAKE)).toBeUndefined();
    expect(prefetchFor("a.TXT", { ...INTAKE, fetch: false })).toBeUndefined();
    const prefetch = prefetchFor("a.TXT", INTAKE)!;
    // A file it cannot read gets no pages: the worker's read says why.
    const context = { limits: { maxBytes: 1000, youngMs: 0, nowMs: Date.now() }, intake: INTAKE, slot: <T>(request: () => Promise<T>) => request() };
    await expect(prefetch({ path: "/nonexistent/a.TXT", name: "a.TXT" }, context)).resolves.toEqual([]);
  });

  it("moves a saved page's <name>_files folder beside where the page went, and nothing for other formats", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "nc-formats-"));
    const [inbox, done] = [path.join(home, "inbox"), path.join(home, "done")];
    await fs.mkdir(path.join(inbox, "Story_files"), { recursive: true });
    await fs.mkdir(path.join(inbox, "notes_files"), { recursive: true });
    await fs.mkdir(done);
    expect(await moveCompanion(inbox, "notes.json", path.join(done, "notes.json"))).toBeNull();
    expect(await moveCompanion(inbox, "Story.HTML", path.join(done, "Story (2).HTML"))).toBe(path.join(done, "Story (2)_files"));
    expect((await fs.readdir(inbox)).sort()).toEqual(["notes_files"]);
    expect(await moveCompanion(inbox, "Other.htm", path.join(done, "Other.htm"))).toBeNull();
  });

  it("lists the formats in the process command's help from the registry, the short .htm spelling left out", () => {
    expect(FORMATS_FOR_HELP).toBe("*.json, saved pages *.html, link files *.txt/*.url/*.webloc");
  });

  it("tells status what it ignores", () => {
    expect(inboxEntryKind(".processing", true)).toBe("own");
    expect(inboxEntryKind("done", true)).toBe("own");
    expect(inboxEntryKind("Page_files", true)).toBe("ignored");
    expect(inboxEntryKind(".notes.txt", false)).toBe("ignored");
    expect(inboxEntryKind("x.json", true)).toBe("input"); // a folder named like an input fails as "not a regular file"
    expect(inboxEntryKind("report.docx", false)).toBe("input");
  });

  it("docs/intake.md's table of formats lists exactly the registry's extensions, each with its format's module", () => {
    const doc = readFileSync(path.join(ROOT, "docs", "intake.md"), "utf8");
    const documented: Array<[string, string]> = [];
    for (const line of doc.split("\n")) {
      const module = /`src\/intake\/formats\/(\w+)\.ts`/.exec(line);
      if (!line.startsWith("|") || !module) continue;
      const firstCell = line.split("|")[1]!;
      for (const [, ext] of firstCell.matchAll(/`(\.\w+)`/g)) documented.push([ext!, module[1]!]);
    }
    const registered = INPUT_FORMATS.flatMap((format) => format.extensions.map((ext) => [ext, format.id]));
    expect(documented.sort()).toEqual(registered.sort());
  });

  it("loads no DOM library with the registry: every command and every JSON-only worker thread stays light", () => {
    expect(domModulesLoadedBy("registry.js")).toEqual([]);
    expect(domModulesLoadedBy("extract-page.js").length).toBeGreaterThan(0); // the hook does see them
  });
});

/** The linkedom and Readability modules that importing dist/intake/<file> (built by the global setup) loads, seen by a resolve hook. */
function domModulesLoadedBy(file: string): string[] {
  const hook = `export async function resolve(s, c, next) { const r = await next(s, c); if (/linkedom|readability/.test(r.url)) console.log(r.url); return r; }`;
  const register = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  const url = pathToFileURL(path.join(ROOT, "dist", "intake", file)).href;
  const run = spawnSync(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(register)}`, "-e", `await import(${JSON.stringify(url)})`], {
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  return run.stdout.split("\n").filter(Boolean);
}
