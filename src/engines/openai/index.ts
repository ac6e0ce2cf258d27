import type { Config } from "../../config/schema.js";
import type { Engine } from "../../core/engine.js";
import { OpenAIEngine } from "./engine.js";

export { OpenAIEngine, type OpenAIEngineOptions, type OpenAISettings } from "./engine.js";

/**
 * The OpenAI engine for a configuration. The key comes from OPENAI_API_KEY; the base URL from
 * OPENAI_BASE_URL when set (any server that speaks the Chat Completions API), else api.openai.com.
 * `offline` is used only when `openai.fallback` is "offline".
 */
export function createOpenAIEngine(config: Config, env: NodeJS.ProcessEnv, offline?: Engine): OpenAIEngine {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) {
    throw new Error(
      'the OpenAI engine needs OPENAI_API_KEY (set engine to "offline" to run without it; a compatible server that needs no key still needs a placeholder value)',
    );
  }
  const baseURL = env.OPENAI_BASE_URL?.trim();
  return new OpenAIEngine({
    settings: config.openai,
    apiKey,
    ...(baseURL ? { baseURL } : {}),
    ...(offline ? { fallback: offline } : {}),
  });
}
