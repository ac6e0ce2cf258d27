import type { Config } from "../config/schema.js";
import { resolveEngineName } from "../config/load.js";
import type { Engine } from "./engine.js";
import { BaselineEngine } from "./offline/baseline.js";

/** Builds the engine the configuration asks for (offline by default; OpenAI when a key is set). */
export async function createEngine(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<Engine> {
  const name = resolveEngineName(config, env);
  if (name === "openai") throw new Error("the OpenAI engine is not built yet: set engine to \"offline\"");
  return new BaselineEngine();
}
