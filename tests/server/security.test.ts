import { promises as fs } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolvePaths, type Paths } from "../../src/store/layout.js";
import type { Config } from "../../src/config/schema.js";
import { buildApp } from "../../src/server/app.js";
import { csrfTokenFor, SESSION_COOKIE } from "../../src/server/auth.js";
import { createServerEvents } from "../../src/sinks/events.js";
import { openStore } from "../../src/store/open.js";
import { makeRecord, tempConfig } from "../report/helpers.js";

// Issue 25 items 1, 2 and 4: the headers of every answer, one rate-limit bucket per credential,
// and the Host / Origin checks.

const TOKEN = "e".repeat(64);
const bearer = { authorization: `Bearer ${TOKEN}` };

let config: Config;
let paths: Paths;
let app: FastifyInstance;
let cookie: string;
let recordId: string;

async function start(server: Record<string, unknown> = {}): Promise<void> {
  config = tempConfig({ server: { port: 0, ...server } });
  paths = resolvePaths(config);
  await fs.mkdir(paths.inbox, { recursive: true });
  const record = makeRecord({ title: "Sony greenlights a drama" });
  const { store } = await openStore(config, paths);
  await store.commit([{ record }]);
  recordId = record.id;
  app = await buildApp({ config, paths, token: TOKEN, events: createServerEvents() });
  const login = await app.inject({ method: "POST", url: "/login", payload: { token: TOKEN } });
  const session = /nc_session=([^;]+)/.exec(String(login.headers["set-cookie"]))![1]!;
  cookie = `${SESSION_COOKIE}=${session}`;
}

beforeEach(async () => start());
afterEach(async () => {
  await app.close();
});

const page = (url: string) => app.inject({ method: "GET", url, headers: { cookie, accept: "text/html" } });

function expectSecurityHeaders(headers: http.IncomingHttpHeaders | Record<string, unknown>, what: string): void {
  const csp = String(headers["content-security-policy"] ?? "");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("script-src 'self'");
  expect(csp, what).not.toContain("unsafe-inline");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("no-referrer");
}

describe("security headers", () => {
  it("every desk page, the login page, the assets and the API answers carry them", async () => {
    const answers = {
      login: await app.inject({ method: "GET", url: "/login" }),
      quarter: await page("/"),
      queue: await page("/queue"),
      record: await page(`/record/${recordId}`),
      inbox: await page("/inbox"),
      css: await page("/assets/desk.css"),
      loginCss: await app.inject({ method: "GET", url: "/assets/login.css" }),
      health: await app.inject({ method: "GET", url: "/api/health" }),
      status: await app.inject({ method: "GET", url: "/api/status", headers: bearer }),
      unauthorized: await app.inject({ method: "GET", url: "/api/status" }),
      notFound: await app.inject({ method: "GET", url: "/api/nothing", headers: bearer }),
    };
    for (const [what, res] of Object.entries(answers)) {
      expect(res.statusCode, what).toBeLessThan(what === "unauthorized" || what === "notFound" ? 500 : 300);
      expectSecurityHeaders(res.headers, what);
    }
  });

  it("the pages run no inline script or style (the policy allows none)", async () => {
    for (const url of ["/", "/queue", `/record/${recordId}`, "/inbox"]) {
      const res = await page(url);
      expect(res.statusCode, url).toBe(200);
      expectNoInlineCode(res.body, url);
    }
    const login = await app.inject({ method: "GET", url: "/login" });
    expectNoInlineCode(login.body, "/login");
    expect(login.body).toContain('href="/assets/login.css"');
  });

  it("the live event stream (a hijacked reply) carries them too", async () => {
    const address = await app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const headers = await new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
      const req = http.get({ host: "127.0.0.1", port, path: "/api/events", headers: bearer }, (res) => {
        resolve(res.headers);
        req.destroy();
      });
      req.on("error", reject);
    });
    expect(headers["content-type"], address).toContain("text/event-stream");
    expectSecurityHeaders(headers, "/api/events");
  });
});

function expectNoInlineCode(html: string, what: string): void {
  const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
  expect(
    tags.filter((t) => /^<script\b/i.test(t) && !/\ssrc=/i.test(t)),
    `${what}: inline <script>`,
  ).toEqual([]);
  expect(
    tags.filter((t) => /^<style\b/i.test(t)),
    `${what}: <style>`,
  ).toEqual([]);
  expect(
    tags.filter((t) => /\s(style|on[a-z]+)\s*=/i.test(t)),
    `${what}: style or on* attributes`,
  ).toEqual([]);
}

describe("rate limits", () => {
  it("an unauthenticated flood gets 429 but leaves the API token's and the session's buckets alone", async () => {
    await app.close();
    await start({ rateLimitPerMinute: 20 });
    let flooded = 0;
    for (let i = 0; i < 100 && flooded === 0; i++) {
      const res = await app.inject({ method: "GET", url: "/api/health" });
      if (res.statusCode === 429) flooded = i;
    }
    expect(flooded, "the unauthenticated flood was limited").toBeGreaterThan(0);
    expect((await app.inject({ method: "GET", url: "/api/status", headers: bearer })).statusCode).toBe(200);
    expect((await page("/")).statusCode).toBe(200);
    expect((await app.inject({ method: "GET", url: "/api/status", headers: { cookie } })).statusCode).toBe(200);
    // The anonymous bucket is still full: the flood did not move into another one.
    expect((await app.inject({ method: "GET", url: "/api/health" })).statusCode).toBe(429);
  });

  it("each credential has its own bucket, limited like any other", async () => {
    await app.close();
    await start({ rateLimitPerMinute: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await app.inject({ method: "GET", url: "/api/status", headers: bearer })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    expect((await page("/")).statusCode).toBe(200);
  });
});

describe("Host and Origin", () => {
  const health = (host: string) => app.inject({ method: "GET", url: "/api/health", headers: { host } });

  it("answers 421 for a host name it does not serve (DNS rebinding), whatever the route or credentials", async () => {
    for (const host of ["evil.example", "evil.example:8765", "localhost.evil.example", "127.0.0.1.nip.io:8765", "evil.example/x"]) {
      const res = await health(host);
      expect(res.statusCode, host).toBe(421);
      expect(res.json(), host).toMatchObject({ code: "misdirected" });
      expect(res.json().error, host).toMatch(/server\.allowedHosts/);
    }
    const login = await app.inject({ method: "GET", url: "/login", headers: { host: "evil.example:8765" } });
    expect(login.statusCode).toBe(421);
    expect(login.body).not.toContain('name="token"');
    expect((await app.inject({ method: "GET", url: "/api/status", headers: { ...bearer, host: "evil.example" } })).statusCode).toBe(421);
    expect((await app.inject({ method: "GET", url: "/", headers: { cookie, accept: "text/html", host: "evil.example" } })).statusCode).toBe(421);
  });

  it("serves localhost, any IP address, server.host and the names in server.allowedHosts", async () => {
    for (const host of ["127.0.0.1:8765", "localhost:8765", "LocalHost", "[::1]:8765", "192.168.1.20:8765", "localhost."]) {
      expect((await health(host)).statusCode, host).toBe(200);
    }
    expect((await health("desk.example.lan:8765")).statusCode).toBe(421);
    await app.close();
    await start({ allowedHosts: ["desk.example.lan"], host: "0.0.0.0" });
    expect((await health("desk.example.lan:8765")).statusCode).toBe(200);
    expect((await health("other.example.lan:8765")).statusCode).toBe(421);
  });

  it("refuses a change sent from a foreign page (403) even with the session and a valid CSRF token", async () => {
    const csrf = csrfTokenFor(cookie.slice(cookie.indexOf("=") + 1));
    const send = (origin: string | undefined, headers: Record<string, string> = { cookie, "x-csrf-token": csrf }) =>
      app.inject({
        method: "POST",
        url: "/api/articles",
        headers: { ...headers, "content-type": "application/json", ...(origin === undefined ? {} : { origin }) },
        payload: { title: "Netflix renews The Crown", url: `https://variety.com/2025/tv/crown-${Math.random()}/`, content: "Netflix has renewed The Crown." },
      });
    for (const origin of ["https://evil.example", "http://evil.example", "http://127.0.0.1:9999", "null", "http://localhost:80/x"]) {
      const res = await send(origin);
      expect(res.statusCode, origin).toBe(403);
      expect(res.json().error, origin).toMatch(/another site/);
    }
    const correction = await app.inject({
      method: "POST",
      url: `/api/desk/records/${recordId}/corrections`,
      headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json", origin: "https://evil.example" },
      payload: { excluded: true },
    });
    expect(correction.statusCode).toBe(403);
    const record = await app.inject({ method: "GET", url: `/api/desk/records/${recordId}`, headers: bearer });
    expect(record.json()).toMatchObject({ versions: 1, record: { id: recordId } });
    const foreignLogin = await app.inject({ method: "POST", url: "/login", payload: { token: TOKEN }, headers: { origin: "https://evil.example" } });
    expect(foreignLogin.statusCode).toBe(403);
    expect(foreignLogin.headers["set-cookie"]).toBeUndefined();
    expect(await fs.readdir(paths.inbox)).toEqual([]);

    // The desk's own page (inject's Host is localhost:80), the extension with the token, and clients that send no Origin.
    expect((await send("http://localhost")).statusCode).toBe(202);
    expect((await send("chrome-extension://abcdefghijklmnop", bearer)).statusCode).toBe(202);
    expect((await send("moz-extension://0c1d2e3f-aaaa-bbbb-cccc-0123456789ab", bearer)).statusCode).toBe(202);
    expect((await send(undefined, bearer)).statusCode).toBe(202);
    expect((await send("https://evil.example", bearer)).statusCode).toBe(403);
  });
});
