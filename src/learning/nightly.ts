import { Worker } from "node:worker_threads";
import type { Config } from "../config/schema.js";
import type { Logger } from "../log.js";
import { describeRetrain, type HistoryLine } from "./retrain.js";

/**
 * The nightly retrain, run after the digest in a worker thread when `learning.nightly` is on. At most
 * one at a time; `stop` ends one still running (its model is written by rename, so never half).
 */
export function nightlyRetrainer(config: Config, log: Logger): { run: () => void; stop: () => Promise<void> } {
  let running: Worker | null = null;
  return {
    run() {
      if (!config.learning.nightly || running) return;
      const worker = new Worker(new URL("./retrain-worker.js", import.meta.url), { workerData: { config } });
      running = worker;
      worker.on("message", (msg: { line?: HistoryLine; error?: string; warnings: string[] }) => {
        for (const w of msg.warnings) log.warn(`retrain: ${w}`);
        if (msg.error) log.warn(`nightly retrain failed: ${msg.error}`);
        else if (msg.line?.decision === "rejected") log.warn(describeRetrain(msg.line));
        else if (msg.line) log.info(describeRetrain(msg.line));
      });
      worker.on("error", (err) => log.warn(`nightly retrain failed: ${err.message}`));
      worker.on("exit", () => {
        if (running === worker) running = null;
      });
    },
    async stop() {
      await running?.terminate();
      running = null;
    },
  };
}
