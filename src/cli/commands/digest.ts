import path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { DATE_HINT } from "../../core/quarter.js";
import { isDate } from "../../digest/time.js";
import { cliContext } from "../context.js";
import { errorMessage } from "../../core/errors.js";

function parseDate(value: string): string {
  if (!isDate(value)) throw new InvalidArgumentError(`--date ${DATE_HINT}, got "${value}"`);
  return value;
}

export function registerDigestCommand(program: Command): void {
  program
    .command("digest")
    .description("write the digest of a day to data/digests/YYYY-MM-DD.md (default: today so far, in digest.timezone)")
    .option("-d, --date <date>", "the day, YYYY-MM-DD (1900-01-01 to 2199-12-31)", parseDate)
    .action(async (options: { date?: string }) => {
      const { config, paths, log } = cliContext();
      try {
        const { writeDigest } = await import("../../digest/digest.js");
        const file = await writeDigest({ config, date: options.date, logger: { warn: (m) => log.warn(m) } });
        process.stdout.write(`${path.relative(paths.home, file)}\n`);
      } catch (err) {
        process.stderr.write(`news-coverage digest: ${errorMessage(err)}\n`);
        process.exitCode = 1;
      } finally {
        log.close();
      }
    });
}
