import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";

function load(webhooks: unknown) {
  const home = mkdtempSync(path.join(os.tmpdir(), "nc-webhooks-config-"));
  mkdirSync(path.join(home, "config"));
  writeFileSync(path.join(home, "config", "local.json"), JSON.stringify({ sinks: { webhooks } }));
  return loadConfig({ env: { NEWS_COVERAGE_HOME: home } });
}

function failure(webhooks: unknown): string {
  try {
    load(webhooks);
  } catch (err) {
    expect(err).toMatchObject({ code: "config_invalid" });
    return (err as Error).message;
  }
  throw new Error("expected a config_invalid error");
}

describe("sinks.webhooks", () => {
  it("none by default; a webhook gets format json and a timeout unless given", () => {
    expect(loadConfig({ env: { NEWS_COVERAGE_HOME: mkdtempSync(path.join(os.tmpdir(), "nc-webhooks-config-")) } }).sinks.webhooks).toEqual([]);
    const [hook] = load([{ url: "https://hooks.example.com/coverage", buyers: ["Netflix"], secret: "s" }]).sinks.webhooks;
    expect(hook).toEqual({ url: "https://hooks.example.com/coverage", buyers: ["Netflix"], secret: "s", format: "json", timeoutMs: 10_000 });
  });

  it.each([
    [[{ url: "ftp://example.com/x" }], "sinks.webhooks.0.url: must be an http:// or https:// URL"],
    [[{ url: "not a url" }], "sinks.webhooks.0.url: must be an http:// or https:// URL"],
    [[{ url: "https://a.example/" }, { url: "https://a.example/" }], "sinks.webhooks: each webhook URL may appear only once"],
    [[{ url: "https://a.example/", format: "teams" }], "sinks.webhooks.0.format"],
    [[{ url: "https://a.example/", categories: [] }], "sinks.webhooks.0.categories"],
    [[{ url: "https://a.example/", secret: "" }], "sinks.webhooks.0.secret"],
    [[{ url: "https://a.example/", headers: {} }], "sinks.webhooks.0.headers: unknown key"],
  ])("refuses %j naming the field", (webhooks, expected) => {
    expect(failure(webhooks)).toContain(expected);
  });
});
