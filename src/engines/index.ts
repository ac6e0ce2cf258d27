import type { Config } from "../config/schema.js";
import { resolveEngineName } from "../config/load.js";
import { resolvePaths } from "../store/layout.js";
import type { Engine } from "../core/engine.js";
import { createOfflineEngine } from "./offline/index.js";

/** Builds the engine the configuration asks for (offline by default; OpenAI when a key is set). */
export async function createEngine(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<Engine> {
  const name = resolveEngineName(config, env);
  const installedModel = resolvePaths(config).installedModel;
  if (name === "openai") {
    // The offline engine is built only when it may be used: as the fallback (openai.fallback "offline").
    const offline = config.openai.fallback === "offline" ? createOfflineEngine(config.buyers, installedModel) : undefined;
    // Imported only here: offline workers never load the OpenAI SDK.
    const { createOpenAIEngine } = await import("./openai/index.js");
    return createOpenAIEngine(config, env, offline);
  }
  return createOfflineEngine(config.buyers, installedModel);
}
