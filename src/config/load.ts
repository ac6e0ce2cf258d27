import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { AppError, errorMessage } from "../core/errors.js";
import { ConfigSchema, type Config } from "./schema.js";

export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

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
    throw new AppError("config_invalid", `cannot read ${file}: ${errorMessage(err)}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isPlainObject(parsed)) throw new Error("top level must be a JSON object");
    return parsed;
  } catch (err) {
    throw new AppError("config_invalid", `${file} is not valid JSON: ${errorMessage(err)}`);
  }
}

/** Config key -> the environment variable that sets it. */
const ENV_KEYS: ReadonlyArray<[key: string, variable: "NEWS_COVERAGE_PROVIDER" | "LOG_LEVEL"]> = [
  ["engine", "NEWS_COVERAGE_PROVIDER"],
  ["log.level", "LOG_LEVEL"],
];

function envOverrides(env: NodeJS.ProcessEnv): Json {
  const out: Json = {};
  // Case-insensitive, as such variables usually are (LOG_LEVEL=DEBUG).
  const provider = env.NEWS_COVERAGE_PROVIDER?.trim().toLowerCase();
  const level = env.LOG_LEVEL?.trim().toLowerCase();
  if (provider) out.engine = provider;
  if (level) out.log = { level };
  return out;
}

interface LoadOptions {
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
  const fromEnv = new Map(ENV_KEYS.filter(([, variable]) => env[variable]?.trim()).map(([key, variable]) => [key, variable]));
  const origin = [
    path.join(PACKAGE_ROOT, "config", "default.json"),
    ...(existsSync(local) ? [local] : []),
    ...(fromEnv.size ? [`environment (${[...fromEnv.values()].join(", ")})`] : []),
  ].join(" + ");
  return validateConfig(merged, origin, fromEnv);
}

/** `envKeys` maps config keys set from the environment to their variable, so errors can name it. */
export function validateConfig(raw: unknown, origin = "config", envKeys: ReadonlyMap<string, string> = new Map()): Config {
  const result = ConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.join(".") || "(top level)";
    if (issue.code === "unrecognized_keys") {
      const prefix = issue.path.length ? `${issue.path.join(".")}.` : "";
      return `${issue.keys.map((k) => prefix + k).join(", ")}: unknown key (check the spelling against config/default.json)`;
    }
    const variable = envKeys.get(key);
    return `${key}: ${issue.message}${variable ? ` (set by ${variable})` : ""}`;
  });
  throw new AppError("config_invalid", `invalid configuration (${origin}):\n  ${lines.join("\n  ")}`);
}

/**
 * Worker threads for the offline engine: "auto" leaves one core to the main thread, which claims,
 * commits and moves every file (on 2 cores, 1 worker burns 27 % less CPU per article than 2 at the
 * same throughput: docs/benchmarks.md).
 */
export function poolSize(config: Config, cores: number = os.availableParallelism()): number {
  return config.pool.workers === "auto" ? Math.max(1, cores - 1) : config.pool.workers;
}

/** Which engine runs: "auto" means OpenAI when a key is present, offline otherwise. */
export function resolveEngineName(config: Config, env: NodeJS.ProcessEnv = process.env): "offline" | "openai" {
  if (config.engine === "auto") return env.OPENAI_API_KEY ? "openai" : "offline";
  return config.engine;
}
