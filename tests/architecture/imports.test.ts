import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkImports, formatViolations, type Violation } from "../../scripts/check-imports.js";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** A src/ folder in a temporary directory holding the given files. */
function plantSrc(files: Record<string, string>): string {
  const src = path.join(mkdtempSync(path.join(os.tmpdir(), "nc-imports-")), "src");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(src, name)), { recursive: true });
    writeFileSync(path.join(src, name), text);
  }
  return src;
}

const shown = (violations: Violation[]) => violations.map((v) => `${v.rule}: ${v.from} -> ${v.to} (${v.site.file}:${v.site.line})`).sort();

describe("the import rules of src/", () => {
  it("src/ breaks none of them", () => {
    expect(formatViolations(checkImports(path.join(ROOT, "src")))).toBe("");
  });

  it("finds a mutual pair, type-only imports included, and a longer circle through import()", () => {
    const src = plantSrc({
      "a/x.ts": 'import { y } from "../b/y.js";\nexport const x = y;\n',
      "b/y.ts": '// a type-only import still ties the rooms together\nimport type { X } from "../a/types.js";\nexport const y = 1;\nexport type Y = X;\n',
      "a/types.ts": "export type X = number;\n",
      "c/one.ts": 'export const load = () => import("../d/two.js");\n',
      "d/two.ts": 'export { three } from "../e/three.js";\n',
      "e/three.ts": 'import type { Load } from "../log.js";\nexport const three: Load = 3;\n',
      "log.ts": 'export type Load = typeof import("./c/one.js").load extends unknown ? number : never;\n',
      "f/alone.ts": 'import { x } from "../a/x.js";\nexport const alone = x;\n',
    });
    expect(shown(checkImports(src))).toEqual([
      "cycle: a -> b (src/a/x.ts:1)",
      "cycle: b -> a (src/b/y.ts:2)",
      "cycle: c -> d (src/c/one.ts:1)",
      "cycle: d -> e (src/d/two.ts:1)",
      "cycle: e -> log (src/e/three.ts:1)",
      "cycle: log -> c (src/log.ts:1)",
    ]);
  });

  it("keeps core free of the rest of src/, and core and pipeline free of I/O", () => {
    const src = plantSrc({
      "core/port.ts": 'import type { Row } from "../store/rows.js";\nimport { z } from "zod";\nexport type Port = Row;\nexport const schema = z.string();\n',
      "core/clock.ts": 'import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n',
      "pipeline/step.ts":
        'import lockfile from "proper-lockfile";\nimport type { FastifyInstance } from "fastify";\nimport type { Port } from "../core/port.js";\nexport type S = [Port, typeof lockfile, FastifyInstance];\n',
      "store/rows.ts": 'import { promises } from "fs";\nexport type Row = typeof promises;\n',
    });
    expect(shown(checkImports(src))).toEqual([
      "core-imports-src: core -> store (src/core/port.ts:1)",
      "pure-imports-io: core -> node:fs (src/core/clock.ts:1)",
      "pure-imports-io: pipeline -> fastify (src/pipeline/step.ts:2)",
      "pure-imports-io: pipeline -> proper-lockfile (src/pipeline/step.ts:1)",
    ]);
  });

  it("as a command: prints each violation as from -> to (file:line) and exits 1", () => {
    const src = plantSrc({ "a/x.ts": 'import "../b/y.js";\n', "b/y.ts": 'import "../a/x.js";\n' });
    const run = () => execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "check-imports.ts"), src], { cwd: ROOT, stdio: "pipe" });
    let failure: { status: number; stderr: Buffer } | undefined;
    try {
      run();
    } catch (err) {
      failure = err as { status: number; stderr: Buffer };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr.toString()).toContain("  a -> b (src/a/x.ts:1)\n  b -> a (src/b/y.ts:1)");
  });
});
