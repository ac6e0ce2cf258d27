import type { Command } from "commander";
import { retryFailed, type RetryOutcome } from "../../daemon/failed.js";
import { oneLine } from "../../core/text.js";
import { cliContext } from "../context.js";
import { errorMessage } from "../../core/errors.js";

export { retryFailed };

export function registerRetryCommand(program: Command): void {
  program
    .command("retry")
    .description("move failed inputs back into the inbox (all of them, or the names given)")
    .argument("[files...]", "failed file names or paths (default: every failed file)")
    .action(async (files: string[]) => {
      const { paths, log } = cliContext();
      log.close();
      let outcome: RetryOutcome;
      try {
        outcome = await retryFailed(paths, files);
      } catch (err) {
        process.stderr.write(`news-coverage: retry stopped: ${oneLine(errorMessage(err))}\n`);
        process.exitCode = 1;
        return;
      }
      for (const { from, to } of outcome.moved) process.stdout.write(`retry: ${oneLine(from)} -> ${oneLine(to)}\n`);
      process.stdout.write(`${outcome.moved.length} file(s) moved back into the inbox\n`);
      for (const name of outcome.missing) process.stderr.write(`news-coverage: nothing in failed/ named ${oneLine(name)}\n`);
      if (outcome.missing.length > 0) process.exitCode = 1;
    });
}
