import type { Classification, Engine, EngineInput, EngineStep, FactDraft } from "../engine.js";

/**
 * The simplest honest engine: a fixed category with zero confidence and the headline as the line.
 * Stands in until the trained offline classifier and line writer are wired in.
 */
export class BaselineEngine implements Engine {
  readonly provider = "offline" as const;
  readonly model = "offline-baseline";

  async classify(): Promise<EngineStep<Classification>> {
    return { value: { category: "Strategy & Miscellaneous News -> Misc.", confidence: 0, alternatives: [] }, model: this.model };
  }

  async writeFacts(input: EngineInput, classification: Classification): Promise<EngineStep<FactDraft[]>> {
    return { value: [{ category: classification.category, line: input.article.title, notes: [] }], model: this.model };
  }
}
