import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigSchema, type Config } from "./schema.js";

export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; arrays and scalars replace. */
export function deepMerge(base: Json, override: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function readJsonFile(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isPlainObject(parsed)) throw new Error("top level must be a JSON object");
    return parsed;
  } catch (err) {
    throw new ConfigError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function envOverrides(env: NodeJS.ProcessEnv): Json {
  const out: Json = {};
  if (env.NEWS_COVERAGE_PROVIDER) out.engine = env.NEWS_COVERAGE_PROVIDER;
  if (env.LOG_LEVEL) out.log = { level: env.LOG_LEVEL };
  return out;
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra overrides applied last (CLI flags, tests). */
  overrides?: Json;
}

/** default.json < <home>/config/local.json < environment < overrides, validated as a whole. */
export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const home = path.resolve(env.NEWS_COVERAGE_HOME || process.cwd());
  let merged = readJsonFile(path.join(PACKAGE_ROOT, "config", "default.json"));
  const local = path.join(home, "config", "local.json");
  if (existsSync(local)) merged = deepMerge(merged, readJsonFile(local));
  merged = deepMerge(merged, envOverrides(env));
  if (options.overrides) merged = deepMerge(merged, options.overrides);
  merged.home = home;
  return validateConfig(merged, existsSync(local) ? local : "config/default.json");
}

export function validateConfig(raw: unknown, origin = "config"): Config {
  const result = ConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.join(".") || "(top level)";
    if (issue.code === "unrecognized_keys") {
      const prefix = issue.path.length ? `${issue.path.join(".")}.` : "";
      return `${issue.keys.map((k) => prefix + k).join(", ")}: unknown key (check the spelling against config/default.json)`;
    }
    return `${key}: ${issue.message}`;
  });
  throw new ConfigError(`invalid configuration (${origin}):\n  ${lines.join("\n  ")}`);
}

export interface Paths {
  home: string;
  inbox: string;
  processing: string;
  done: string;
  failed: string;
  data: string;
  ingest: string;
  finalOutput: string;
  traces: string;
  digests: string;
  reports: string;
  state: string;
}

export function resolvePaths(config: Config): Paths {
  const inbox = path.resolve(config.home, config.paths.inbox);
  const data = path.resolve(config.home, config.paths.data);
  return {
    home: config.home,
    inbox,
    processing: path.join(inbox, ".processing"),
    done: path.join(inbox, "done"),
    failed: path.join(inbox, "failed"),
    data,
    ingest: path.join(data, "ingest"),
    finalOutput: path.join(data, "final_output.md"),
    traces: path.join(data, "traces"),
    digests: path.join(data, "digests"),
    reports: path.join(data, "reports"),
    state: path.join(data, "state"),
  };
}

/** Which engine runs: "auto" means OpenAI when a key is present, offline otherwise. */
export function resolveEngineName(config: Config, env: NodeJS.ProcessEnv = process.env): "offline" | "openai" {
  if (config.engine === "auto") return env.OPENAI_API_KEY ? "openai" : "offline";
  return config.engine;
}
