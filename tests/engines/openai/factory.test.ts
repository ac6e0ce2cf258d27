import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateConfig } from "../../../src/config/load.js";
import type { Config } from "../../../src/config/schema.js";
import { createEngine } from "../../../src/engines/index.js";
import { OpenAIEngine } from "../../../src/engines/openai/index.js";
import { processArticle } from "../../../src/pipeline/process.js";
import { startFakeOpenAI, type FakeOpenAIServer } from "../../helpers/fake-openai-server.js";
import { inputFor, matcher } from "./fixtures.js";

function config(overrides: Record<string, unknown> = {}): Config {
  const raw = JSON.parse(readFileSync(new URL("../../../config/default.json", import.meta.url), "utf8")) as Record<string, unknown>;
  return validateConfig({ ...raw, home: "/tmp/news-coverage-test", ...overrides });
}

let server: FakeOpenAIServer;
beforeEach(async () => {
  server = await startFakeOpenAI();
});
afterEach(async () => {
  await server.close();
});

describe("createEngine with OpenAI", () => {
  it("builds the OpenAI engine when a key is set, pointed at OPENAI_BASE_URL, with no request", async () => {
    const engine = await createEngine(config(), { OPENAI_API_KEY: "sk-factory-test-key", OPENAI_BASE_URL: server.baseURL });
    expect(engine).toBeInstanceOf(OpenAIEngine);
    expect(engine.provider).toBe("openai");
    expect(server.count).toBe(0);
    await engine.close?.();
  });

  it("stays offline without a key in auto mode, and explains a missing key in openai mode", async () => {
    expect((await createEngine(config(), {})).provider).toBe("offline");
    await expect(createEngine(config({ engine: "openai" }), {})).rejects.toThrow(/OPENAI_API_KEY/);
  });

  it("runs the pipeline: record from two calls, with provider, model ids and usage", async () => {
    const engine = await createEngine(config({ engine: "openai" }), { OPENAI_API_KEY: "sk-factory-test-key", OPENAI_BASE_URL: server.baseURL });
    const { article } = inputFor();
    const record = await processArticle(article, engine, {
      matcher,
      confidenceFloor: 0.45,
      arrivalMs: Date.UTC(2025, 11, 18),
      processedAt: "2025-12-18T12:00:00.000Z",
      inputFile: "leavy.json",
    });
    expect(server.count).toBe(2);
    expect(record.provider).toBe("openai");
    expect(record.model).toBe("gpt-4.1-mini");
    expect(record.category).toBe("Strategy & Miscellaneous News -> Strategy");
    expect(record.facts[0]!.line).toBe(article.title);
    expect(record.usage).toMatchObject({ calls: 2 });
    expect(record.usage!.input_tokens).toBeGreaterThan(0);
    expect(record.usage!.cost_usd).toBeGreaterThan(0);
    await engine.close?.();
  });

  it("passes the offline engine as fallback when configured", async () => {
    const cfg = config({ engine: "openai" });
    cfg.openai.fallback = "offline";
    server.setDefault(() => ({ status: 500, json: { error: { message: "down", type: "server_error" } } }));
    const engine = (await createEngine(
      { ...cfg, openai: { ...cfg.openai, maxRetries: 0 } },
      { OPENAI_API_KEY: "sk-x", OPENAI_BASE_URL: server.baseURL },
    )) as OpenAIEngine;
    const step = await engine.classify(inputFor());
    expect(step.model).not.toBe("gpt-4.1-mini");
    expect(step.review?.join(" ")).toMatch(/offline engine/);
    await engine.close();
  });
});
