import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { EXTENSION_DIR } from "./browser.js";
import { ROOT } from "../helpers/daemon.js";

// Plain JS modules of the extension, loaded as they are shipped (no types, no build step).
const api = await import(pathToFileURL(path.join(EXTENSION_DIR, "lib", "api.js")).href);
const extract = await import(pathToFileURL(path.join(EXTENSION_DIR, "lib", "extract.js")).href);

function fakeFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const impl = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers });
  };
  return { impl, calls };
}

describe("extension/lib/api.js", () => {
  it.each([
    ["127.0.0.1:8765", "http://127.0.0.1:8765"],
    ["http://127.0.0.1:8765/", "http://127.0.0.1:8765"],
    ["http://localhost:9000/api/status", "http://localhost:9000"],
    ["https://nc.example.org", "https://nc.example.org"],
    ["  http://127.0.0.1:8765  ", "http://127.0.0.1:8765"],
    ["ftp://127.0.0.1", null],
    ["", null],
    ["http://", null],
  ])("normaliseServerUrl(%j) -> %j", (input, expected) => {
    expect(api.normaliseServerUrl(input)).toBe(expected);
  });

  it("posts with the bearer token and ?wait=10, and describes a stored outcome", async () => {
    const { impl, calls } = fakeFetch(200, {
      id: "a1",
      status: "stored",
      records: [{ id: "r1", company: "Sony", buyers: ["Sony", "Amazon"], quarter: "2025 Q4", category: "Content -> Greenlights", lines: ["Sony: line"] }],
    });
    const outcome = await api.sendToServer({ serverUrl: "http://127.0.0.1:1", token: "t0k" }, { url: "https://x.com/a" }, impl);
    expect(calls[0]!.url).toBe("http://127.0.0.1:1/api/articles?wait=10");
    expect((calls[0]!.init.headers as Record<string, string>).Authorization).toBe("Bearer t0k");
    expect(outcome.kind).toBe("stored");
    expect(outcome.records[0]).toEqual({
      company: "Sony",
      buyers: ["Sony", "Amazon"],
      quarter: "2025 Q4",
      category: "Content -> Greenlights",
      lines: ["Sony: line"],
    });
  });

  it.each([
    [200, { id: "a", status: "duplicate", duplicate_of: "r9" }, "duplicate", "r9"],
    [200, { id: "a", status: "failed", reason: "no article text" }, "failed", "no article text"],
    [202, { id: "a", status: "pending" }, "pending", "within 10 s"],
    [400, { error: "invalid article", fields: [{ field: "url", message: "is required" }] }, "failed", "url: is required"],
    [401, { error: "unauthorized" }, "error", "data/state/api-token"],
    [503, { error: "store busy" }, "error", "Try again in 3 s"],
    [500, "not json", "error", "daemon's log"],
  ])("HTTP %i %j -> %s", async (status, body, kind, detail) => {
    const { impl } = fakeFetch(status, body, { "retry-after": "3" });
    const outcome = await api.sendToServer({ serverUrl: "http://127.0.0.1:1", token: "t" }, {}, impl);
    expect(outcome.kind).toBe(kind);
    expect(outcome.details.join(" ")).toContain(detail);
  });

  it("a server that does not answer is named with the fix", async () => {
    const outcome = await api.sendToServer({ serverUrl: "http://127.0.0.1:1", token: "t" }, {}, async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(outcome.headline).toBe("Cannot reach the server");
    expect(outcome.details[0]).toContain("news-coverage start");
  });

  it("no token: nothing is sent", async () => {
    const { impl, calls } = fakeFetch(200, {});
    const outcome = await api.sendToServer({ serverUrl: "http://127.0.0.1:1", token: "" }, {}, impl);
    expect(outcome.headline).toBe("No token set");
    expect(calls).toHaveLength(0);
  });
});

describe("extension/lib/extract.js articleFromPage", () => {
  const page = { found: true, title: " T ", url: "https://variety.com/a/", content: "Body.", source: "Variety", published: "" };
  it.each([
    ["2025-11-04", "2025-11-04"],
    ["2025-11-04T14:30:00Z", "2025-11-04T14:30:00Z"],
    ["2025-11-04T14:30:00-0800", "2025-11-04T14:30:00-0800"],
    ["2025-11-04T14:30:00", "2025-11-04"],
    ["November 4, 2025", undefined],
  ])("published %j -> published_at %j", (published, expected) => {
    expect(extract.articleFromPage({ ...page, published }).article.published_at).toBe(expected);
  });

  it("refuses a page without article text and a non-web address, with the reason", () => {
    expect(extract.articleFromPage({ ...page, found: false }).error).toContain("Readability found no article text");
    expect(extract.articleFromPage({ ...page, url: "file:///tmp/a.html" }).error).toContain("not http(s)");
  });
});

describe("extension package", () => {
  it("bundles the installed Readability unchanged, with its license (npm run build:extension refreshes it)", () => {
    const installed = path.join(ROOT, "node_modules", "@mozilla", "readability");
    expect(readFileSync(path.join(EXTENSION_DIR, "vendor", "Readability.js"), "utf8")).toBe(readFileSync(path.join(installed, "Readability.js"), "utf8"));
    expect(readFileSync(path.join(EXTENSION_DIR, "vendor", "Readability-LICENSE.md"), "utf8")).toBe(readFileSync(path.join(installed, "LICENSE.md"), "utf8"));
  });

  it("asks only for the minimal permissions, host access optional and loopback only", () => {
    const manifest = JSON.parse(readFileSync(path.join(EXTENSION_DIR, "manifest.json"), "utf8"));
    expect(manifest.manifest_version).toBe(3);
    expect([...manifest.permissions].sort()).toEqual(["activeTab", "contextMenus", "scripting", "storage"]);
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.optional_host_permissions).toEqual(["http://127.0.0.1/*", "http://localhost/*"]);
    expect(manifest.content_scripts).toBeUndefined();
  });
});
