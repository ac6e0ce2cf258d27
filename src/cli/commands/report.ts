import path from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import type { ReportFormat } from "../../report/write.js";
import { cliContext } from "../context.js";
import { errorMessage } from "../../core/errors.js";

/** Accepts "2025 Q4", "2025Q4", "2025-q4", "Q4 2025" and returns "2025 Q4". */
export function parseQuarter(value: string): string {
  const text = value.trim().toUpperCase();
  const a = /^(\d{4})[\s_-]*Q([1-4])$/.exec(text);
  if (a) return `${a[1]} Q${a[2]}`;
  const b = /^Q([1-4])[\s_-]*(\d{4})$/.exec(text);
  if (b) return `${b[2]} Q${b[1]}`;
  throw new InvalidArgumentError(`expected a quarter like "2025 Q4", got "${value}"`);
}

export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description("write the quarterly News & Updates report per buyer from the store (never re-runs the pipeline)")
    .requiredOption("-q, --quarter <quarter>", 'quarter, e.g. "2025 Q4"', parseQuarter)
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
