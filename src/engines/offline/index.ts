// The offline engine: embedded classifier + extractive, rule-aided line writer. No network, no key.

import type { Classification, Engine, EngineInput, EngineStep, FactDraft } from "../../core/engine.js";
import { classifyDoc, docFromInput } from "./classifier.js";
import { writeLines } from "./lines.js";
import { loadModel, useInstalledModel } from "./model.js";

export const LINE_WRITER_ID = "offline-lines-v1";

export class OfflineEngine implements Engine {
  readonly provider = "offline" as const;

  async classify(input: EngineInput): Promise<EngineStep<Classification>> {
    const model = loadModel();
    return { value: classifyDoc(docFromInput(input), model), model: model.id };
  }

  async writeFacts(input: EngineInput, classification: Classification): Promise<EngineStep<FactDraft[]>> {
    const { facts, review } = writeLines(input, classification);
    return review.length > 0 ? { value: facts, model: LINE_WRITER_ID, review } : { value: facts, model: LINE_WRITER_ID };
  }
}

/** `installedModel`: the installation's retrained model file, used whenever it exists (see refreshModel). */
export function createOfflineEngine(installedModel: string | null = null): Engine {
  useInstalledModel(installedModel);
  return new OfflineEngine();
}

export { classifyDoc, docFromInput } from "./classifier.js";
export { writeLines } from "./lines.js";
