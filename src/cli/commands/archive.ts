import type { Command } from "commander";
import { errorMessage } from "../../core/errors.js";
import { oneLine } from "../../core/text.js";
import { backfillArchive } from "../../runtime/backfill.js";
import { cliContext } from "../context.js";

/** `news-coverage archive backfill`: whole texts for records stored before the archive existed, from their originals in inbox/done/. */
export function registerArchiveCommand(program: Command): void {
  const archive = program.command("archive").description("the article archive the desk shows and searches (data/archive/)");
  archive
    .command("backfill")
    .description("fill in the whole text of records stored before the archive existed, from their original files in inbox/done/ (safe to run again)")
    .action(async () => {
      const { config, paths, log } = cliContext();
      log.close();
      try {
        const result = await backfillArchive(config, paths, (p) =>
          process.stdout.write(`read ${p.files} of ${p.totalFiles} files in inbox/done/, ${p.filled} texts found\n`),
        );
        for (const u of result.unreadable) process.stderr.write(`news-coverage: could not read ${oneLine(u.file)}: ${oneLine(u.reason)}\n`);
        if (result.missing === 0) process.stdout.write("every stored record has its text in the archive: nothing to fill in\n");
        else
          process.stdout.write(
            `filled in ${result.filled} of ${result.missing} records without a text; ${result.missing - result.filled} have no readable original in inbox/done/ (the desk shows their lead)\n`,
          );
      } catch (err) {
        process.stderr.write(`news-coverage: archive backfill: ${oneLine(errorMessage(err))}\n`);
        process.exitCode = 1;
      }
    });
}
