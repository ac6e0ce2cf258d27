import type { Command } from "commander";
import { retryFailed, type RetryOutcome } from "../../daemon/failed.js";
import { oneLine } from "../../core/text.js";
import { cliContext } from "../context.js";
import { errorMessage } from "../../core/errors.js";

export { retryFailed };

export function registerRetryCommand(program: Command): void {
  program
    .command("retry")
    .description("move failed inputs back into the inbox (all of them, or the names given); permanent failures stay unless --all")
    .argument("[files...]", "failed file names or paths (default: every failed file)")
    .option("-a, --all", "also move permanent failures (bad JSON, an unsupported file...), which fail again unless mended")
    .option("--force", "the same as --all")
    .action(async (files: string[], options: { all?: boolean; force?: boolean }) => {
      const { paths, log } = cliContext();
      log.close();
      let outcome: RetryOutcome;
      try {
        outcome = await retryFailed(paths, files, { all: Boolean(options.all || options.force) });
      } catch (err) {
        process.stderr.write(`news-coverage: retry stopped: ${oneLine(errorMessage(err))}\n`);
        process.exitCode = 1;
        return;
      }
      for (const { from, to } of outcome.moved) process.stdout.write(`retry: ${oneLine(from)} -> ${oneLine(to)}\n`);
      for (const { from, why } of outcome.skipped) process.stdout.write(`retry: kept ${oneLine(from)}: ${oneLine(why)}\n`);
      const kept = outcome.skipped.length > 0 ? `; ${outcome.skipped.length} permanent failure(s) kept in failed/ (--all moves them too)` : "";
      process.stdout.write(`${outcome.moved.length} file(s) moved back into the inbox${kept}\n`);
      for (const name of outcome.missing) process.stderr.write(`news-coverage: nothing in failed/ named ${oneLine(name)}\n`);
      if (outcome.missing.length > 0) process.exitCode = 1;
    });
}
