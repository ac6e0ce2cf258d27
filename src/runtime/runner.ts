import { Piscina } from "piscina";
import { poolSize } from "../config/load.js";
import type { Config } from "../config/schema.js";
import type { Engine } from "../core/engine.js";
import { createEngine } from "../engines/index.js";
import { createBuyerDirectory } from "../pipeline/buyer-directory.js";
import { createLearningMatcher } from "../store/buyer-corrections.js";
import { processInput, type FileResult, type InputTask, type ProcessorDeps } from "./processor.js";

/** Runs micro-batches of claimed files and returns one result per file, in order. */
export interface BatchRunner {
  run(batch: InputTask[]): Promise<FileResult[]>;
  /** Batches that can run at once before more claiming would only queue. */
  readonly capacity: number;
  /** 0..1: how busy the runner has been recently. */
  utilisation(): number;
  close(): Promise<void>;
}

export function processorDeps(config: Config, engine: Engine, isKnown?: (id: string) => boolean): ProcessorDeps {
  return {
    engine,
    matcher: createLearningMatcher(config),
    buyers: createBuyerDirectory(config.buyers),
    maxBytes: config.input.maxFileBytes,
    youngMs: config.input.youngFileMs,
    emptyMs: config.input.emptyFileMs,
    confidenceFloor: config.review.confidenceFloor,
    intake: config.intake,
    isKnown,
  };
}

/** CPU-bound offline engine: piscina worker threads (dist/runtime/worker.js). */
export class PoolRunner implements BatchRunner {
  private readonly pool: Piscina;
  readonly capacity: number;

  constructor(config: Config, workers: number) {
    this.pool = new Piscina({
      filename: new URL("./worker.js", import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
      // No queue limit here: the daemon only claims while fewer than `capacity` batches run, so
      // files wait unclaimed in the inbox; re-runs (retries, adopted claims) must never be refused.
      idleTimeout: 60_000,
      workerData: { config },
      // A smaller young generation per worker keeps the burst's peak RSS under 300 MB at no cost in
      // throughput (docs/benchmarks.md: 309 MB / 389 per s at the default, 276 MB / 395 per s at 16).
      resourceLimits: { maxYoungGenerationSizeMb: 16 },
    });
    this.capacity = workers * 2;
  }

  run(batch: InputTask[]): Promise<FileResult[]> {
    return this.pool.run(batch) as Promise<FileResult[]>;
  }

  utilisation(): number {
    return Math.min(1, this.pool.utilization);
  }

  async close(): Promise<void> {
    await this.pool.close({ force: false });
  }
}

/**
 * Runs batches on the main thread: for engines that wait on the network (OpenAI), where threads buy
 * nothing and the engine's own concurrency cap must be global, and for tests.
 */
export class InlineRunner implements BatchRunner {
  readonly capacity: number;
  private busyMs = 0;
  private readonly since = Date.now();

  constructor(
    private readonly deps: ProcessorDeps,
    concurrency: number,
  ) {
    this.capacity = concurrency;
  }

  async run(batch: InputTask[]): Promise<FileResult[]> {
    const started = Date.now();
    try {
      return await Promise.all(batch.map((task) => processInput(task, this.deps)));
    } finally {
      this.busyMs += Date.now() - started;
    }
  }

  utilisation(): number {
    return Math.min(1, this.busyMs / Math.max(1, Date.now() - this.since));
  }

  async close(): Promise<void> {
    await this.deps.engine.close?.();
  }
}

export async function createRunner(config: Config, engineName: "offline" | "openai", isKnown: (id: string) => boolean): Promise<BatchRunner> {
  if (engineName === "offline") return new PoolRunner(config, poolSize(config));
  const engine = await createEngine(config);
  return new InlineRunner(processorDeps(config, engine, isKnown), config.openai.concurrency);
}
