import { promises as fs } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { fitName } from "../../daemon/claims.js";
import { ensureDir, moveNoReplace } from "../../store/fsutil.js";
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
      for (const day of (await fs.readdir(paths.failed).catch(() => [] as string[])).sort()) {
        const dir = path.join(paths.failed, day);
        for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
          if (name.endsWith(".error.json")) continue;
          if (wanted.size > 0 && !wanted.has(name)) continue;
          const target = await moveNoReplace(path.join(dir, name), paths.inbox, name);
          await fs.rm(path.join(dir, `${fitName(name, ".error.json".length)}.error.json`), { force: true });
          process.stdout.write(`retry: ${path.join(day, name)} -> ${path.relative(paths.home, target)}\n`);
          moved += 1;
          found.add(name);
        }
        await fs.rmdir(dir).catch(() => undefined);
      }
      process.stdout.write(`${moved} file(s) moved back into the inbox\n`);
      // Counting moves would hide a missing name when another failed on two days.
      const missing = [...wanted].filter((name) => !found.has(name));
      for (const name of missing) process.stderr.write(`news-coverage: nothing in failed/ named ${name}\n`);
      if (missing.length > 0) process.exitCode = 1;
    });
}
