import { isAppError } from "../core/errors.js";
import { loadConfig, resolveEngineName } from "../config/load.js";
import { resolvePaths, type Paths } from "../store/layout.js";
import type { Config } from "../config/schema.js";
import { createLogger, type Logger } from "../log.js";

interface CliContext {
  config: Config;
  paths: Paths;
  log: Logger;
}

/** Loads and validates the configuration; on error prints what is wrong and exits 2. */
export function cliContext(overrides?: Record<string, unknown>): CliContext {
  try {
    const config = loadConfig({ overrides });
    return { config, paths: resolvePaths(config), log: createLogger({ level: config.log.level, format: config.log.format }) };
  } catch (err) {
    if (isAppError(err, "config_invalid")) {
      process.stderr.write(`news-coverage: ${configErrorText(err.message)}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/**
 * Under pm2 (`pm_id` set) the error is one line, so that `pm2 logs --err` shows it whole, and says
 * what happens next: exit code 2 is in ecosystem.config.js `stop_exit_codes`, so pm2 does not
 * restart the app until told to.
 */
function configErrorText(message: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.pm_id === undefined) return message;
  const oneLine = message
    .split("\n")
    .map((part) => part.trim())
    .filter(Boolean)
    .join(" ");
  return `${oneLine} (pm2 stops the app: fix the configuration, then run pm2 restart ${env.name ?? "news-coverage"})`;
}

/**
 * The engine that will run. The OpenAI engine without a key would only fail once the command is
 * under way (a stack trace from `process`, a claimed inbox from `start`): refuse first, in one
 * line that says what is missing and the fix, and exit 2 like a configuration error.
 */
export function requireEngine(config: Config, env: NodeJS.ProcessEnv = process.env): "offline" | "openai" {
  const name = resolveEngineName(config, env);
  if (name === "openai" && !env.OPENAI_API_KEY?.trim()) {
    const key = env.OPENAI_API_KEY ? "blank" : "not set";
    const chosen = env.NEWS_COVERAGE_PROVIDER?.trim() ? `NEWS_COVERAGE_PROVIDER=${env.NEWS_COVERAGE_PROVIDER.trim()}` : `engine "${config.engine}"`;
    process.stderr.write(
      `news-coverage: the OpenAI engine is selected (${chosen}) but OPENAI_API_KEY is ${key}: set OPENAI_API_KEY, or use the offline engine with NEWS_COVERAGE_PROVIDER=offline\n`,
    );
    process.exit(2);
  }
  return name;
}
