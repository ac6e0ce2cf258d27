import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PACKAGE_ROOT, deepMerge, loadConfig, poolSize, resolveEngineName, validateConfig } from "../../src/config/load.js";
import { resolvePaths } from "../../src/store/layout.js";

let home: string;

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), "nc-config-"));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

function writeLocal(content: unknown): string {
  mkdirSync(path.join(home, "config"), { recursive: true });
  const file = path.join(home, "config", "local.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

/** The config_invalid message loadConfig throws. */
function failure(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toMatchObject({ code: "config_invalid" });
    return (err as Error).message;
  }
  throw new Error("expected a config_invalid error");
}

const DEFAULTS = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "config", "default.json"), "utf8")) as Record<string, unknown>;

describe("defaults", () => {
  it("config/default.json loads and validates as is", () => {
    const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home } });
    expect(config.home).toBe(home);
    expect(config.engine).toBe("auto");
    expect(config.buyers.map((b) => b.name)).toEqual(["Amazon", "Apple", "Comcast/NBCU", "Disney", "Netflix", "Paramount", "Sony", "WBD", "A24", "Lionsgate"]);
    expect(config.input.maxFileBytes).toBe(5_000_000);
    expect(config.log.level).toBe("info");
  });

  it("the home is the working directory without NEWS_COVERAGE_HOME", () => {
    expect(loadConfig({ env: {} }).home).toBe(process.cwd());
  });
});

describe("NEWS_COVERAGE_HOME", () => {
  it("moves every path under the home", () => {
    const paths = resolvePaths(loadConfig({ env: { NEWS_COVERAGE_HOME: home } }));
    expect(paths).toEqual({
      home,
      inbox: path.join(home, "inbox"),
      processing: path.join(home, "inbox", ".processing"),
      done: path.join(home, "inbox", "done"),
      failed: path.join(home, "inbox", "failed"),
      data: path.join(home, "data"),
      ingest: path.join(home, "data", "ingest"),
      finalOutput: path.join(home, "data", "final_output.md"),
      traces: path.join(home, "data", "traces"),
      digests: path.join(home, "data", "digests"),
      reports: path.join(home, "data", "reports"),
      state: path.join(home, "data", "state"),
      models: path.join(home, "data", "models"),
      installedModel: path.join(home, "data", "models", "classifier.json"),
      feeds: path.join(home, "data", "feeds"),
      archive: path.join(home, "data", "archive", "articles.jsonl"),
      searchIndex: path.join(home, "data", "archive", "search.sqlite"),
    });
  });

  it("a relative home is made absolute", () => {
    const rel = path.relative(process.cwd(), home);
    expect(loadConfig({ env: { NEWS_COVERAGE_HOME: rel } }).home).toBe(home);
  });

  it("absolute paths in local.json are kept, relative ones resolve against the home", () => {
    const elsewhere = path.join(home, "..", "elsewhere-data");
    writeLocal({ paths: { inbox: "drop", data: elsewhere } });
    const paths = resolvePaths(loadConfig({ env: { NEWS_COVERAGE_HOME: home } }));
    expect(paths.inbox).toBe(path.join(home, "drop"));
    expect(paths.data).toBe(path.resolve(elsewhere));
  });
});

describe("<home>/config/local.json", () => {
  it("overrides key by key and keeps the rest", () => {
    writeLocal({ batch: { maxBatch: 8 }, review: { confidenceFloor: 0.6 } });
    const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home } });
    expect(config.batch).toEqual({ ...(DEFAULTS.batch as object), maxBatch: 8 });
    expect(config.review.confidenceFloor).toBe(0.6);
    expect(config.pool).toEqual(DEFAULTS.pool);
  });

  it("replaces the buyer list as a whole", () => {
    writeLocal({ buyers: [{ name: "Netflix", display: "Netflix", aliases: ["netflix"] }] });
    expect(loadConfig({ env: { NEWS_COVERAGE_HOME: home } }).buyers).toEqual([{ name: "Netflix", display: "Netflix", aliases: ["netflix"] }]);
  });

  it("is not read from another folder", () => {
    writeLocal({ batch: { maxBatch: 8 } });
    const other = mkdtempSync(path.join(tmpdir(), "nc-config-other-"));
    try {
      expect(loadConfig({ env: { NEWS_COVERAGE_HOME: other } }).batch.maxBatch).toBe(64);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("invalid JSON names the file", () => {
    const file = writeLocal('{ "batch": { "maxBatch": 8, } ');
    const message = failure(() => loadConfig({ env: { NEWS_COVERAGE_HOME: home } }));
    expect(message).toContain(file);
    expect(message).toMatch(/not valid JSON/);
  });

  it.each([["[]"], ["42"], ["null"]])("a top level of %s names the file", (text) => {
    const file = writeLocal(text);
    const message = failure(() => loadConfig({ env: { NEWS_COVERAGE_HOME: home } }));
    expect(message).toContain(file);
    expect(message).toMatch(/JSON object/);
  });
});

describe("environment", () => {
  it.each([
    ["offline", "offline"],
    ["openai", "openai"],
    ["auto", "auto"],
    ["OpenAI", "openai"],
  ])("NEWS_COVERAGE_PROVIDER=%s", (value, engine) => {
    expect(loadConfig({ env: { NEWS_COVERAGE_HOME: home, NEWS_COVERAGE_PROVIDER: value } }).engine).toBe(engine);
  });

  it.each([
    ["debug", "debug"],
    ["warn", "warn"],
    ["ERROR", "error"],
  ])("LOG_LEVEL=%s", (value, level) => {
    const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home, LOG_LEVEL: value } });
    expect(config.log).toEqual({ level, format: "text" });
  });

  it("environment beats local.json", () => {
    writeLocal({ engine: "openai", log: { level: "warn" } });
    const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home, NEWS_COVERAGE_PROVIDER: "offline", LOG_LEVEL: "debug" } });
    expect(config.engine).toBe("offline");
    expect(config.log.level).toBe("debug");
  });

  it("empty variables are ignored", () => {
    const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home, NEWS_COVERAGE_PROVIDER: "", LOG_LEVEL: "" } });
    expect([config.engine, config.log.level]).toEqual(["auto", "info"]);
  });

  it.each([
    ["NEWS_COVERAGE_PROVIDER", "gpt", "engine"],
    ["LOG_LEVEL", "verbose", "log.level"],
  ])("a bad %s names the key and the variable", (name, value, key) => {
    const message = failure(() => loadConfig({ env: { NEWS_COVERAGE_HOME: home, [name]: value } }));
    expect(message).toContain(`${key}:`);
    expect(message).toContain(name);
  });

  it("overrides beat everything", () => {
    const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home, NEWS_COVERAGE_PROVIDER: "openai" }, overrides: { engine: "offline" } });
    expect(config.engine).toBe("offline");
  });

  it.each([
    ["auto", { OPENAI_API_KEY: "sk-test" }, "openai"],
    ["auto", {}, "offline"],
    ["offline", { OPENAI_API_KEY: "sk-test" }, "offline"],
    ["openai", {}, "openai"],
  ] as const)("engine %s with %j runs %s", (engine, env, expected) => {
    const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home }, overrides: { engine } });
    expect(resolveEngineName(config, env)).toBe(expected);
  });
});

describe("pool.workers", () => {
  it('"auto" (the default) leaves one core to the main thread, and at least one worker', () => {
    const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home } });
    expect(config.pool.workers).toBe("auto");
    expect([1, 2, 8].map((cores) => poolSize(config, cores))).toEqual([1, 1, 7]);
  });

  it("a number is taken as is", () => {
    writeLocal({ pool: { workers: 3 } });
    expect(poolSize(loadConfig({ env: { NEWS_COVERAGE_HOME: home } }), 2)).toBe(3);
  });
});

describe("validation errors name the key", () => {
  const cases: Array<[string, unknown, string]> = [
    ["misspelled nested key", { batch: { maxBatchh: 3 } }, "batch.maxBatchh: unknown key"],
    ["misspelled top-level key", { enigne: "offline" }, "enigne: unknown key"],
    ["string for a number", { batch: { maxBatch: "64" } }, "batch.maxBatch:"],
    ["negative number", { pool: { workers: -1 } }, "pool.workers:"],
    ["word other than auto", { pool: { workers: "many" } }, 'pool.workers: must be a whole number of at least 1, or "auto"'],
    ["fraction for an integer", { retry: { maxAttempts: 1.5 } }, "retry.maxAttempts:"],
    ["out of range", { review: { confidenceFloor: 2 } }, "review.confidenceFloor:"],
    ["unknown enum value", { engine: "gpt" }, "engine:"],
    ["wrong type for an object", { watch: true }, "watch:"],
    ["buyer without aliases", { buyers: [{ name: "X", display: "X", aliases: [] }] }, "buyers.0.aliases:"],
    ["blank alias", { buyers: [{ name: "X", display: "X", aliases: ["x", "  "] }] }, "buyers.0.aliases.1: must not be blank"],
    ["misspelled buyer key", { buyers: [{ name: "X", display: "X", alias: ["x"] }] }, "buyers.0.alias: unknown key"],
    ["empty buyer list", { buyers: [] }, "buyers:"],
    ["lock staleness too small", { locks: { staleMs: 100 } }, "locks.staleMs:"],
    ["cron out of range", { digest: { cron: "99 99 * * *" } }, 'digest.cron: not a valid cron expression, got "99 99 * * *" (e.g. "55 23 * * *")'],
    ["cron not a pattern", { digest: { cron: "nightly" } }, 'digest.cron: not a valid cron expression, got "nightly"'],
    ["empty cron", { digest: { cron: "" } }, "digest.cron: not a valid cron expression"],
    ["unknown time zone", { digest: { timezone: "Mars/Base" } }, 'digest.timezone: unknown IANA time zone "Mars/Base" (e.g. "America/New_York")'],
    ["empty time zone", { digest: { timezone: "" } }, 'digest.timezone: unknown IANA time zone ""'],
  ];
  it.each(cases)("%s", (_name, local, expected) => {
    const file = writeLocal(local);
    const message = failure(() => loadConfig({ env: { NEWS_COVERAGE_HOME: home } }));
    expect(message).toContain(expected);
    expect(message).toContain(file);
  });

  it("a bad cron or time zone is refused even with the digest disabled", () => {
    writeLocal({ digest: { enabled: false, cron: "99 99 * * *", timezone: "Mars/Base" } });
    const message = failure(() => loadConfig({ env: { NEWS_COVERAGE_HOME: home } }));
    expect(message).toContain("digest.cron: not a valid cron expression");
    expect(message).toContain("digest.timezone: unknown IANA time zone");
  });

  it.each([["0 7 * * 1-5"], ["*/15 * * * *"], ["30 0 23 * * *"], ["55 23 * * *"]])("cron %s is accepted", (cron) => {
    writeLocal({ digest: { cron } });
    expect(loadConfig({ env: { NEWS_COVERAGE_HOME: home } }).digest.cron).toBe(cron);
  });

  it.each([["UTC"], ["America/New_York"], ["Europe/Paris"], ["Asia/Kolkata"]])("time zone %s is accepted", (timezone) => {
    writeLocal({ digest: { timezone } });
    expect(loadConfig({ env: { NEWS_COVERAGE_HOME: home } }).digest.timezone).toBe(timezone);
  });

  it("names every wrong key at once", () => {
    writeLocal({ batch: { maxBatchh: 3, maxBatch: "x" }, pool: { workers: 0 } });
    const message = failure(() => loadConfig({ env: { NEWS_COVERAGE_HOME: home } }));
    expect(message).toContain("batch.maxBatchh");
    expect(message).toContain("batch.maxBatch:");
    expect(message).toContain("pool.workers:");
  });

  it("says what was expected", () => {
    writeLocal({ batch: { maxBatch: "64" } });
    expect(failure(() => loadConfig({ env: { NEWS_COVERAGE_HOME: home } }))).toMatch(/batch\.maxBatch: .*number/i);
  });

  it("validateConfig on a non-object", () => {
    expect(failure(() => validateConfig(null))).toMatch(/\(top level\)/);
  });
});

describe("deepMerge", () => {
  it.each([
    ["objects merge", { a: { b: 1, c: 2 } }, { a: { c: 3 } }, { a: { b: 1, c: 3 } }],
    ["arrays replace", { a: [1, 2] }, { a: [3] }, { a: [3] }],
    ["scalars replace objects", { a: { b: 1 } }, { a: null }, { a: null }],
    ["new keys added", { a: 1 }, { b: 2 }, { a: 1, b: 2 }],
  ])("%s", (_name, base, override, expected) => {
    expect(deepMerge(base, override)).toEqual(expected);
  });

  it("does not change its inputs", () => {
    const base = { a: { b: 1 } };
    deepMerge(base, { a: { b: 2 } });
    expect(base).toEqual({ a: { b: 1 } });
  });
});
