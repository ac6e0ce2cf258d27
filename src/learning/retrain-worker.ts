// Worker-thread entry for the nightly retrain: the training is a minute of CPU the daemon's event
// loop must not wait on. Posts {line, warnings} or {error}.
import { parentPort, workerData } from "node:worker_threads";
import type { Config } from "../config/schema.js";
import { retrainInstallation } from "./retrain.js";
import { errorMessage } from "../core/errors.js";

const { config } = workerData as { config: Config };
const warnings: string[] = [];
try {
  const line = await retrainInstallation({ config, trigger: "nightly", onlyIfNew: true, warn: (m) => warnings.push(m) });
  parentPort!.postMessage({ line, warnings });
} catch (err) {
  parentPort!.postMessage({ error: errorMessage(err), warnings });
}
