import { ConfigError, loadConfig, resolvePaths, type Paths } from "../config/load.js";
import type { Config } from "../config/schema.js";
import { createLogger, type Logger } from "../log.js";

export interface CliContext {
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
    if (err instanceof ConfigError) {
      process.stderr.write(`news-coverage: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
