// piscina worker entry: reads, validates and runs the pipeline for one micro-batch of files.
import { workerData } from "node:worker_threads";
import type { Config } from "../config/schema.js";
import { createEngine } from "../engines/index.js";
import { refreshModel } from "../engines/offline/model.js";
import { processInput, type FileResult, type InputTask, type ProcessorDeps } from "./processor.js";
import { processorDeps } from "./runner.js";

const { config } = workerData as { config: Config };
let deps: Promise<ProcessorDeps> | undefined;

function getDeps(): Promise<ProcessorDeps> {
  deps ??= createEngine({ ...config, engine: "offline" }).then((engine) => processorDeps(config, engine));
  return deps;
}

export default async function runBatch(batch: InputTask[]): Promise<FileResult[]> {
  const d = await getDeps();
  // A model retrained by `news-coverage train` (or the nightly retrain) is picked up here, per batch.
  refreshModel();
  const results: FileResult[] = [];
  for (const task of batch) results.push(await processInput(task, d));
  return results;
}
