// The offline engine: embedded classifier + extractive, rule-aided line writer. No network, no key.

import type { BuyerConfig } from "../../config/schema.js";
import type { Classification, Engine, EngineInput, EngineStep, FactDraft } from "../../core/engine.js";
import { docFromInput } from "./classifier.js";
import { judgedClassification } from "./judged.js";
import { writeLines } from "./lines/index.js";
import { Platforms } from "./lines/platforms.js";
import { loadModel, useInstalledModel } from "./model.js";

const LINE_WRITER_ID = "offline-lines-v1";

class OfflineEngine implements Engine {
  readonly provider = "offline" as const;

  /** `platforms`: the networks and studios a line may name (the configured buyers' and the word list's). */
  constructor(private readonly platforms: Platforms) {}

  async classify(input: EngineInput): Promise<EngineStep<Classification>> {
    const model = loadModel();
    const doc = docFromInput(input);
    const { value, doubts } = judgedClassification(doc, model);
    return doubts.length > 0 ? { value, model: model.id, review: doubts } : { value, model: model.id };
  }

  async writeFacts(input: EngineInput, classification: Classification): Promise<EngineStep<FactDraft[]>> {
    // The writer's fallbacks ("title list: no title found; the headline stands in") are no doubt about
    // the category: notes, not review reasons (issue 21).
    const { facts, review } = writeLines(input, classification, this.platforms);
    return review.length > 0 ? { value: facts, model: LINE_WRITER_ID, notes: review } : { value: facts, model: LINE_WRITER_ID };
  }
}

/**
 * `buyers`: the configured buyers, whose names and aliases a line may give as a platform.
 * `installedModel`: the installation's retrained model file, used whenever it exists (see refreshModel).
 */
export function createOfflineEngine(buyers: readonly BuyerConfig[], installedModel: string | null = null): Engine {
  useInstalledModel(installedModel);
  return new OfflineEngine(Platforms.fromBuyers(buyers));
}
