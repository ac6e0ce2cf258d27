import path from "node:path";
import type { Command } from "commander";
import { listFailedInputs, retryFailedInput } from "../../daemon/failed.js";
import { ensureDir } from "../../store/fsutil.js";
import { cliContext } from "../context.js";

export function registerRetryCommand(program: Command): void {
  program
    .command("retry")
    .description("move failed inputs back into the inbox (all of them, or the names given)")
    .argument("[files...]", "failed file names or paths (default: every failed file)")
    .action(async (files: string[]) => {
      const { paths, log } = cliContext();
      log.close();
      const wanted = new Set(files.map((f) => path.basename(f)));
      await ensureDir(paths.inbox);
      let moved = 0;
      const found = new Set<string>();
      for (const failed of await listFailedInputs(paths)) {
        if (wanted.size > 0 && !wanted.has(failed.name)) continue;
        const target = await retryFailedInput(paths, failed.key);
        if (target === null) continue;
        process.stdout.write(`retry: ${failed.key} -> ${path.relative(paths.home, path.join(paths.inbox, target))}\n`);
        moved += 1;
        found.add(failed.name);
      }
      process.stdout.write(`${moved} file(s) moved back into the inbox\n`);
      // Counting moves would hide a missing name when another failed on two days.
      const missing = [...wanted].filter((name) => !found.has(name));
      for (const name of missing) process.stderr.write(`news-coverage: nothing in failed/ named ${name}\n`);
      if (missing.length > 0) process.exitCode = 1;
    });
}
