import { promises as fs } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { poolSize } from "../../config/load.js";
import { isCandidateName } from "../../daemon/inbox.js";
import { FORMATS_FOR_HELP, isInputName } from "../../intake/registry.js";
import type { InputTask } from "../../runtime/processor.js";
import type { StoreItem } from "../../store/store.js";
import { retryDecision } from "../../core/retry-policy.js";
import type { BatchRunner } from "../../runtime/runner.js";
import { createBuyerDirectory } from "../../pipeline/buyer-directory.js";
import { oneLine } from "../../core/text.js";
import { cliContext, requireEngine } from "../context.js";
import { Progress } from "../progress.js";

interface ProcessOptions {
  concurrency?: string;
  dryRun?: boolean;
  json?: boolean;
  outdir?: string;
  force?: boolean;
}

async function collectFiles(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const full = path.resolve(input);
    const stat = await fs.stat(full).catch(() => null);
    if (stat?.isDirectory()) {
      for (const name of (await fs.readdir(full)).sort()) if (isCandidateName(name) && isInputName(name)) files.push(path.join(full, name));
    } else {
      files.push(full);
    }
  }
  return files;
}

export function registerProcessCommand(program: Command): void {
  program
    .command("process")
    .description("one-shot batch over files or folders: same pipeline, store and locks as the daemon (inputs are not moved)")
    .argument("<paths...>", `article files (${FORMATS_FOR_HELP}) or folders holding them`)
    .option("--concurrency <n>", 'worker threads (default: pool.workers; "auto" is one less than the cores)')
    .option("--dry-run", "run the pipeline but write nothing")
    .option("--json", "print one JSON record per stored article on stdout (duplicates are only counted)")
    .option("--outdir <dir>", "data folder to write to instead of the configured one")
    .option("--force", "store a new version even when the article is already stored")
    .action(async (inputs: string[], options: ProcessOptions) => {
      const overrides: Record<string, unknown> = {};
      if (options.outdir) overrides.paths = { data: path.resolve(options.outdir) };
      const { config, paths, log } = cliContext(overrides);
      const engineName = requireEngine(config);
      const concurrency = options.concurrency ? Number(options.concurrency) : poolSize(config);
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        process.stderr.write(`news-coverage: --concurrency must be a whole number of at least 1, got ${options.concurrency}\n`);
        process.exit(2);
      }
      const files = await collectFiles(inputs);
      const [
        { createRunner, InlineRunner, processorDeps, PoolRunner },
        { ProcessingSession },
        { createSinks },
        { createEngine },
        { openStore, createStore },
        { DedupeIndex, duplicateFlags },
      ] = await Promise.all([
        import("../../runtime/runner.js"),
        import("../../runtime/session.js"),
        import("../../sinks/index.js"),
        import("../../engines/index.js"),
        import("../../store/open.js"),
        import("../../store/dedupe.js"),
      ]);
      const buyers = createBuyerDirectory(config.buyers);
      const store = options.dryRun ? null : (await openStore(config, paths, buyers)).store;
      // --dry-run writes nothing (no folders, no locks) but reads the stored record ids, so what
      // is already stored counts as a duplicate, as in a real run. `wouldStore` stands for the
      // appends this run would have made, which a real run's dedupe index learns as it goes.
      const stored = options.dryRun ? new DedupeIndex() : null;
      await stored?.load(paths.ingest);
      const wouldStore = new Set<string>();
      const known = store ? (id: string) => store.isKnown(id) : (id: string) => stored!.has(id) || wouldStore.has(id);
      const isKnown = options.force ? undefined : known;
      // The story each record would join, from the store files read without their locks.
      const storyPreview = options.dryRun ? createStore(config, paths, buyers) : null;
      /** Store.commit's verdicts without the writes. */
      const dryCommit = (items: readonly StoreItem[]) => {
        const duplicates = duplicateFlags(
          items.map((item) => item.record),
          known,
        );
        storyPreview?.previewStories(items.filter((_, i) => !duplicates[i]));
        return items.map(({ record }, i) => {
          if (!duplicates[i]) wouldStore.add(record.id);
          return { id: record.id, status: duplicates[i] ? ("duplicate" as const) : ("stored" as const), target: "" };
        });
      };
      let runner: BatchRunner;
      if (engineName === "offline" && files.length > config.batch.maxBatch) runner = new PoolRunner(config, concurrency);
      else if (engineName === "offline") runner = new InlineRunner(processorDeps(config, await createEngine(config), isKnown), concurrency);
      else runner = await createRunner(config, engineName, isKnown ?? (() => false));
      const displayName = (name: string) => buyers.displayName(name);
      // --dry-run: no sinks, nothing written. A one-shot run leaves undelivered webhooks to the daemon.
      const sinks = store ? createSinks({ config, paths, lockOptions: config.locks, displayName, log, oneShot: true }) : [];
      const session = new ProcessingSession({ runner, store: store ?? { commit: async (items) => dryCommit(items) }, sinks, displayName });
      await session.open();

      const progress = new Progress(files.length, process.stderr);
      const totals = { stored: 0, duplicates: 0, failed: 0, files: 0, taken: 0 };
      const inboxDir = path.resolve(paths.inbox);
      /** An inbox file that vanished before it could be read: a running daemon claimed it first. */
      const takenByDaemon = async (file: string) =>
        path.dirname(path.resolve(file)) === inboxDir &&
        !(await fs.lstat(file).then(
          () => true,
          () => false,
        ));
      const started = Date.now();
      const tasks: InputTask[] = [];
      for (const file of files) {
        const stat = await fs.lstat(file).catch(() => null);
        tasks.push({ path: file, name: path.basename(file), arrivalMs: stat?.mtimeMs ?? Date.now(), attempt: 1, force: options.force });
      }
      const size = config.batch.maxBatch;
      const batches: InputTask[][] = [];
      for (let i = 0; i < tasks.length; i += size) batches.push(tasks.slice(i, i + size));

      // Batches finish out of order; records are printed in input order (stable for evaluation).
      const printed: string[][] = batches.map(() => []);
      const finished: boolean[] = batches.map(() => false);
      let nextToPrint = 0;
      const flush = () => {
        for (; nextToPrint < batches.length && finished[nextToPrint]; nextToPrint++) {
          for (const text of printed[nextToPrint]!) {
            if (options.json) process.stdout.write(text);
            else progress.print(text);
          }
        }
      };
      const handle = async (batch: InputTask[], batchIndex: number): Promise<void> => {
        let pending = batch;
        for (let attempt = 1; pending.length > 0; attempt++) {
          const taken = new Set<string>();
          const outcome = await session.runBatch(
            pending.map((t) => ({ ...t, attempt })),
            () => ({ nowIso: new Date().toISOString(), durationMs: () => Date.now() - started }),
            async (settled) => {
              for (const d of settled.dispositions) if (d.action === "retry" && (await takenByDaemon(d.task.path))) taken.add(d.task.name);
              // The daemon that took a file traces it; this run did not handle it.
              return settled.traces.filter((t) => !(t.outcome === "retry" && taken.has(t.file)));
            },
          );
          if (!outcome.committed) throw outcome.error;
          const { items, commits, settled } = outcome;
          // Only what is (or would be) stored: a duplicate is counted, whichever runner found it.
          items.forEach((item, i) => {
            if (commits[i]?.status !== "stored") return;
            printed[batchIndex]!.push(options.json ? `${JSON.stringify(item.record)}\n` : `${item.record.markdown}\n`);
          });
          const again = retryDecision({ ...config.retry, attempt });
          pending = [];
          for (const d of settled.dispositions) {
            if (d.action === "retry" && taken.has(d.task.name)) {
              totals.files += 1;
              totals.taken += 1;
              progress.print(`taken by the running daemon: ${oneLine(d.task.path)}\n`);
              progress.tick();
              continue;
            }
            if (d.action === "retry" && !again.giveUp) {
              pending.push(d.task);
              continue;
            }
            totals.files += 1;
            if (d.action === "done" || d.action === "failed") {
              totals.stored += d.stored;
              totals.duplicates += d.duplicates;
            }
            if (d.action !== "done") {
              totals.failed += 1;
              progress.print(`failed ${oneLine(d.task.path)}: ${oneLine(d.reason)}\n`);
            }
            progress.tick();
          }
          if (pending.length > 0 && !again.giveUp) await new Promise((r) => setTimeout(r, again.delayMs));
        }
        finished[batchIndex] = true;
        flush();
      };
      let nextBatch = 0;
      await Promise.all(
        Array.from({ length: Math.max(1, runner.capacity) }, async () => {
          while (nextBatch < batches.length) {
            const index = nextBatch++;
            await handle(batches[index]!, index);
          }
        }),
      );
      await session.close();
      progress.done();
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      const verb = options.dryRun ? "would store" : "stored";
      process.stderr.write(
        `${totals.files} file(s) in ${secs} s: ${totals.stored} ${verb}, ${totals.duplicates} duplicate(s), ${totals.failed} failed` +
          `${totals.taken > 0 ? `, ${totals.taken} taken by the running daemon` : ""}\n`,
      );
      log.close();
      process.exitCode = totals.failed > 0 ? 1 : 0;
    });
}
