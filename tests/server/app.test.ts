import { promises as fs, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { resolvePaths, type Paths } from "../../src/store/layout.js";
import { buildApp } from "../../src/server/app.js";
import { csrfTokenFor, SESSION_COOKIE } from "../../src/server/auth.js";
import { createServerEvents, type ServerEvents } from "../../src/sinks/events.js";
import { loadOrCreateTokenInfo } from "../../src/server/token.js";

const TOKEN = "a".repeat(64);
const auth = { authorization: `Bearer ${TOKEN}` };
const json = { ...auth, "content-type": "application/json" };

function article(extra: Record<string, unknown> = {}) {
  return {
    title: "Netflix renews The Crown for a seventh season",
    url: `https://variety.com/2025/tv/news/netflix-crown-${Math.random().toString(36).slice(2)}/`,
    published_at: "2025-11-03",
    content: "Netflix has renewed The Crown for a seventh season, the streamer said Monday.",
    ...extra,
  };
}

let home: string;
let paths: Paths;
let events: ServerEvents;
let app: FastifyInstance;

async function makeApp(server: Record<string, unknown> = {}): Promise<FastifyInstance> {
  const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home }, overrides: { server: { port: 0, ...server } } });
  paths = resolvePaths(config);
  await fs.mkdir(paths.inbox, { recursive: true });
  events = createServerEvents();
  return buildApp({ config, paths, token: TOKEN, events });
}

beforeEach(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), "nc-server-"));
  app = await makeApp();
});
afterEach(async () => {
  await app.close();
  await fs.rm(home, { recursive: true, force: true });
});

async function inboxFiles(): Promise<string[]> {
  return (await fs.readdir(paths.inbox)).filter((n) => !n.startsWith(".") || n.endsWith(".tmp"));
}

describe("auth", () => {
  it("health is public; everything else needs the token", async () => {
    expect((await app.inject({ method: "GET", url: "/api/health" })).statusCode).toBe(200);
    const none = await app.inject({ method: "GET", url: "/api/status" });
    expect(none.statusCode).toBe(401);
    expect(none.json().error).toMatch(/missing API token.*data\/state\/api-token/);
    const wrong = await app.inject({ method: "GET", url: "/api/status", headers: { authorization: `Bearer ${"b".repeat(64)}` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toMatch(/wrong API token/);
    expect((await app.inject({ method: "GET", url: "/api/status", headers: auth })).statusCode).toBe(200);
  });

  it("an HTML page request without a session goes to /login", async () => {
    const res = await app.inject({ method: "GET", url: "/", headers: { accept: "text/html" } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/login");
    const login = await app.inject({ method: "GET", url: "/login" });
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('name="token"');
  });

  it("login sets an HttpOnly SameSite=Strict session; unsafe cookie requests need the CSRF token", async () => {
    const bad = await app.inject({ method: "POST", url: "/login", payload: "token=nope", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers["set-cookie"]).toBeUndefined();

    const login = await app.inject({
      method: "POST",
      url: "/login",
      payload: `token=${TOKEN}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe("/");
    const cookie = login.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
    const session = cookie.value;

    const page = await app.inject({ method: "GET", url: "/", cookies: { [SESSION_COOKIE]: session }, headers: { accept: "text/html" } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<meta name="csrf-token" content="${csrfTokenFor(session)}">`);
    expect((await app.inject({ method: "GET", url: "/api/status", cookies: { [SESSION_COOKIE]: session } })).statusCode).toBe(200);

    const noCsrf = await app.inject({
      method: "POST",
      url: "/api/articles",
      cookies: { [SESSION_COOKIE]: session },
      headers: { "content-type": "application/json" },
      payload: article(),
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error).toMatch(/CSRF/);
    const wrongCsrf = await app.inject({
      method: "POST",
      url: "/api/articles",
      cookies: { [SESSION_COOKIE]: session },
      headers: { "content-type": "application/json", "x-csrf-token": csrfTokenFor(`${session}x`) },
      payload: article(),
    });
    expect(wrongCsrf.statusCode).toBe(403);
    expect(await inboxFiles()).toEqual([]);
    const ok = await app.inject({
      method: "POST",
      url: "/api/articles",
      cookies: { [SESSION_COOKIE]: session },
      headers: { "content-type": "application/json", "x-csrf-token": csrfTokenFor(session) },
      payload: article(),
    });
    expect(ok.statusCode).toBe(202);
  });

  it("a forged session cookie is refused", async () => {
    const res = await app.inject({ method: "GET", url: "/api/status", cookies: { [SESSION_COOKIE]: `abc.${"0".repeat(64)}` } });
    expect(res.statusCode).toBe(401);
  });

  it("CORS answers extension origins only", async () => {
    const ext = await app.inject({
      method: "OPTIONS",
      url: "/api/articles",
      headers: { origin: "chrome-extension://abcdefghijklmnop", "access-control-request-method": "POST" },
    });
    expect(ext.headers["access-control-allow-origin"]).toBe("chrome-extension://abcdefghijklmnop");
    const site = await app.inject({
      method: "OPTIONS",
      url: "/api/articles",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(site.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("POST /api/articles", () => {
  it("writes a valid article atomically into the inbox and answers 202", async () => {
    const body = article();
    const res = await app.inject({ method: "POST", url: "/api/articles", headers: json, payload: body });
    expect(res.statusCode).toBe(202);
    const { id, file, status_url } = res.json();
    expect(file).toBe(`api-${id}.json`);
    expect(status_url).toBe(`/api/articles/${id}`);
    expect(await inboxFiles()).toEqual([file]);
    expect(JSON.parse(await fs.readFile(path.join(paths.inbox, file), "utf8"))).toEqual(body);
    const status = await app.inject({ method: "GET", url: status_url, headers: auth });
    expect(status.json()).toMatchObject({ id, status: "pending" });
  });

  it("names the invalid field (index-prefixed in an array) and writes nothing", async () => {
    const one = await app.inject({ method: "POST", url: "/api/articles", headers: json, payload: article({ url: "not a url" }) });
    expect(one.statusCode).toBe(400);
    expect(one.json().fields).toEqual([{ field: "url", message: expect.stringContaining("absolute http(s) URL") }]);
    const many = await app.inject({ method: "POST", url: "/api/articles", headers: json, payload: [article(), article({ title: "" })] });
    expect(many.statusCode).toBe(400);
    expect(many.json().fields[0].field).toBe("[1].title");
    expect(await inboxFiles()).toEqual([]);
  });

  it("wrong content type, invalid JSON, empty body, too many articles: clean 4xx", async () => {
    const text = await app.inject({ method: "POST", url: "/api/articles", headers: { ...auth, "content-type": "text/plain" }, payload: "hello" });
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toMatch(/application\/json/);
    const form = await app.inject({
      method: "POST",
      url: "/api/articles",
      headers: { ...auth, "content-type": "application/x-www-form-urlencoded" },
      payload: "title=x",
    });
    expect(form.statusCode).toBe(415);
    const broken = await app.inject({ method: "POST", url: "/api/articles", headers: json, payload: '{"title": ' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error).toMatch(/not valid JSON/);
    const empty = await app.inject({ method: "POST", url: "/api/articles", headers: json, payload: "" });
    expect(empty.statusCode).toBe(400);
    const lots = await app.inject({ method: "POST", url: "/api/articles", headers: json, payload: Array.from({ length: 1001 }, () => article()) });
    expect(lots.statusCode).toBe(413);
    expect(lots.json().error).toMatch(/at most 1000/);
    expect(await inboxFiles()).toEqual([]);
  });

  it("a body over the limit is refused with 413", async () => {
    const big = JSON.stringify(article({ content: "x".repeat(6_000_000) }));
    const res = await app.inject({ method: "POST", url: "/api/articles", headers: json, payload: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatch(/too large/);
  });

  it("{url} becomes a link file, one URL per line", async () => {
    const res = await app.inject({ method: "POST", url: "/api/articles", headers: json, payload: { url: "https://deadline.com/2025/11/some-story-123/" } });
    expect(res.statusCode).toBe(202);
    expect(res.json().file).toMatch(/^api-[0-9a-f]{24}\.txt$/);
    expect(await fs.readFile(path.join(paths.inbox, res.json().file), "utf8")).toBe("https://deadline.com/2025/11/some-story-123/\n");
    const ftp = await app.inject({ method: "POST", url: "/api/articles", headers: json, payload: { url: "ftp://x.example/a" } });
    expect(ftp.statusCode).toBe(400);
    expect(ftp.json().fields[0].field).toBe("url");
  });

  it("?wait returns the outcome the daemon reports for the file", async () => {
    const pending = app.inject({ method: "POST", url: "/api/articles?wait=10", headers: json, payload: article() });
    let file: string | undefined;
    while (!file) {
      file = (await fs.readdir(paths.inbox)).find((n) => n.startsWith("api-") && n.endsWith(".json"));
      if (!file) await new Promise((r) => setTimeout(r, 10));
    }
    const record = {
      id: "f".repeat(64),
      company: "Netflix",
      buyers: { strong: ["Netflix"], weak: [] },
      quarter: "2025 Q4",
      category: "Content, Deals & Distribution -> TV -> Renewals",
      lines: ["The Crown S7: Netflix"],
    };
    events.emit("event", { type: "outcome", file, outcome: "stored", records: [record], at: new Date().toISOString() });
    const res = await pending;
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "stored", records: [record], file });
    const again = await app.inject({ method: "GET", url: `/api/articles/${res.json().id}`, headers: auth });
    expect(again.json()).toMatchObject({ status: "stored", records: [record] });
  });

  it("?wait that runs out answers 202 pending; a bad ?wait is a 400 naming it", async () => {
    const res = await app.inject({ method: "POST", url: "/api/articles?wait=0.05", headers: json, payload: article() });
    expect(res.statusCode).toBe(202);
    expect(res.json().status).toBe("pending");
    const bad = await app.inject({ method: "POST", url: "/api/articles?wait=soon", headers: json, payload: article() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].field).toBe("wait");
  });

  it("rate limit per client: 429 past server.rateLimitPerMinute", async () => {
    await app.close();
    app = await makeApp({ rateLimitPerMinute: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await app.inject({ method: "GET", url: "/api/status", headers: auth })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
  });
});

describe("GET /api/articles/:id", () => {
  it("unknown and malformed ids are 404 JSON", async () => {
    expect((await app.inject({ method: "GET", url: `/api/articles/${"0".repeat(24)}`, headers: auth })).statusCode).toBe(404);
    const bad = await app.inject({ method: "GET", url: "/api/articles/..%2F..%2Fetc", headers: auth });
    expect(bad.statusCode).toBe(404);
    expect(bad.json().error).toMatch(/24 hex/);
  });

  it("after a restart: read from the traces and the store", async () => {
    const res = await app.inject({ method: "POST", url: "/api/articles", headers: json, payload: article() });
    const { id, file } = res.json();
    // What the daemon leaves behind: the file in done/, a trace line, the record in the store.
    await fs.rename(path.join(paths.inbox, file), path.join(home, "moved.json"));
    const recordId = "e".repeat(64);
    await fs.mkdir(paths.traces, { recursive: true });
    await fs.writeFile(
      path.join(paths.traces, "2026-11-30.jsonl"),
      `${JSON.stringify({ time: "2026-11-30T10:00:00.000Z", file, outcome: "stored", record_id: recordId, company: "Comcast/NBCU", quarter: "2025 Q4", category: "Org -> Exec Changes", attempts: 1, duration_ms: 5, steps: [] })}\n`,
    );
    await fs.mkdir(path.join(paths.ingest, "Comcast"), { recursive: true });
    const record = {
      id: recordId,
      company: "Comcast/NBCU",
      quarter: "2025 Q4",
      category: "Org -> Exec Changes",
      buyers: { strong: ["Comcast/NBCU"], weak: ["Netflix"] },
      facts: [{ line: "Jane Doe named president" }],
    };
    await fs.writeFile(path.join(paths.ingest, "Comcast", "2025 Q4.jsonl"), `${JSON.stringify(record)}\n`);
    await app.close();
    app = await makeApp();
    const got = await app.inject({ method: "GET", url: `/api/articles/${id}`, headers: auth });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      id,
      status: "stored",
      records: [{ id: recordId, company: "Comcast/NBCU", buyers: { strong: ["Comcast/NBCU"], weak: ["Netflix"] }, lines: ["Jane Doe named president"] }],
    });
  });
});

describe("token", () => {
  it("is made once, 64 hex, mode 0600, and read back after", async () => {
    const state = path.join(home, "state");
    const first = await loadOrCreateTokenInfo(state);
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^[0-9a-f]{64}$/);
    expect((await fs.stat(first.file)).mode & 0o777).toBe(0o600);
    const second = await loadOrCreateTokenInfo(state);
    expect(second).toEqual({ ...first, created: false });
  });

  it("two starts at once agree on one token", async () => {
    const state = path.join(home, "state2");
    const tokens = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateTokenInfo(state)));
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
    expect(tokens.filter((t) => t.created)).toHaveLength(1);
  });
});
