import path from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import type { ReportFormat } from "../../report/write.js";
import { cliContext } from "../context.js";
import { errorMessage } from "../../core/errors.js";
import { isQuarter, parseLooseQuarter, QUARTER_EXAMPLE, QUARTER_HINT } from "../../core/quarter.js";

/** Accepts "2025 Q4", "2025Q4", "2025-q4", "Q4 2025" (within the quarter range) and returns "2025 Q4". */
export function parseQuarter(value: string): string {
  const quarter = parseLooseQuarter(value);
  if (quarter && isQuarter(quarter)) return quarter;
  throw new InvalidArgumentError(`--quarter ${QUARTER_HINT}, got "${value}"`);
}

export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description("write the quarterly News & Updates report per buyer from the store (never re-runs the pipeline)")
    .requiredOption("-q, --quarter <quarter>", `quarter, e.g. "${QUARTER_EXAMPLE}"`, parseQuarter)
    .option("-b, --buyer <buyer>", "one buyer (name or display name); default: every buyer with coverage")
    .addOption(new Option("-f, --format <format>", "output format").choices(["docx", "md", "both"]).default("both"))
    .action(async (options: { quarter: string; buyer?: string; format: ReportFormat }) => {
      const { config, paths, log } = cliContext();
      try {
        const { writeReports } = await import("../../report/write.js");
        const written = await writeReports({
          config,
          quarter: options.quarter,
          buyer: options.buyer,
          format: options.format,
          logger: { warn: (m) => log.warn(m) },
        });
        for (const file of written) process.stdout.write(`${path.relative(paths.home, file)}\n`);
      } catch (err) {
        process.stderr.write(`news-coverage report: ${errorMessage(err)}\n`);
        process.exitCode = 1;
      } finally {
        log.close();
      }
    });
}
