// The HTTP API against the real daemon (built dist/, child process, port 0): hostile and broken
// requests get clean 4xx answers and leave a healthy daemon; a good article is stored.
import { promises as fs } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFiles, makeArticle, makeHome, runCli, startDaemon, stopDaemon, storedRecords, waitFor, type RunningDaemon } from "../helpers/daemon.js";

const REQUEST_TIMEOUT_MS = 1500;
/** Requests a minute per credential in the shared daemon: more than the tests send, few enough to flood. */
const RATE_LIMIT = 300;

let home: string;
let daemon: RunningDaemon;
let base: string;
let token: string;

async function serverUrl(of = home): Promise<string> {
  const health = JSON.parse(await fs.readFile(path.join(of, "data", "state", "health.json"), "utf8")) as { server?: { url: string | null } };
  expect(health.server?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  return health.server!.url!;
}

/** One request over node:http; resolves with the answer even when the server stops reading the body early. */
function request(
  method: string,
  urlPath: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; json: Record<string, any>; text: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(`${base}${urlPath}`, { method, headers: options.headers, agent: false }, (res) => {
      answered = true;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => {
        let json: Record<string, any> = {};
        try {
          json = JSON.parse(text) as Record<string, any>;
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode!, json, text });
      });
    });
    // A server refusing a big body answers and closes while we are still writing: not our error
    // when the answer arrives; a connection that closes without one fails the request (never hangs).
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE" && err.code !== "ECONNRESET") reject(err);
    });
    req.on("close", () => {
      if (!answered) reject(new Error(`${method} ${urlPath}: the connection closed without an answer`));
    });
    req.end(options.body);
  });
}

/**
 * Announces a body of `body.length` bytes but sends only its first 64 KB, then waits for the answer:
 * a server that refuses by Content-Length answers at once. Sending the whole body races with the
 * server closing the socket after its answer, which can reset the connection before the answer is read.
 */
function oversizedRequest(urlPath: string, headers: Record<string, string>, body: string): Promise<{ status: number; json: Record<string, any> }> {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.from(body);
    const req = http.request(`${base}${urlPath}`, { method: "POST", headers: { ...headers, "content-length": String(bytes.length) }, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode!, json: JSON.parse(text) as Record<string, any> });
      });
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE" && err.code !== "ECONNRESET") reject(err);
    });
    req.write(bytes.subarray(0, 64 * 1024));
  });
}

const bearer = () => ({ authorization: `Bearer ${token}` });
const jsonHeaders = () => ({ ...bearer(), "content-type": "application/json" });

/** Sends the headers and `firstBytes` of a body that promises more, then drips `drip` bytes every 200 ms; returns the raw answer. */
function slowClient(base: string, token: string, firstBytes: string, drip: boolean): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let answer = "";
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => (answer += d));
    socket.on("error", () => undefined);
    // The server answers 408 and closes: the close is what we wait for.
    socket.on("close", () => {
      clearInterval(timer);
      resolve(answer);
    });
    socket.on("connect", () => {
      socket.write(
        `POST /api/articles HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n${firstBytes}`,
      );
      if (drip) timer = setInterval(() => socket.write(" "), 200);
    });
  });
}

// The shared daemon keeps the default server.requestTimeoutMs (30 s): with a short one, a big body
// sent while the machine is busy could itself be cut off with 408. The slow-client test below
// starts its own daemon with a short one.
beforeAll(async () => {
  ({ home } = await makeHome({ server: { port: 0, rateLimitPerMinute: RATE_LIMIT } }));
  daemon = await startDaemon(home);
  base = await serverUrl();
  token = (await fs.readFile(path.join(home, "data", "state", "api-token"), "utf8")).trim();
});

afterAll(async () => {
  if (daemon) await stopDaemon(daemon);
});

describe("HTTP API against the running daemon", () => {
  it("makes the token at first start: mode 0600, printed once with its path; the ready line and status give the URL", async () => {
    const file = path.join(home, "data", "state", "api-token");
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(daemon.output()).toContain(`API token created in ${file}`);
    expect(daemon.output().split(token).length - 1).toBe(1);
    expect(daemon.output()).toMatch(new RegExp(`ready: .*HTTP API at ${base.replace(/[.]/g, "\\.")}`));
    const status = runCli(home, ["status"]);
    expect(status.stdout).toContain(`api:       ${base}`);
  });

  // One request per test, one at a time: each waits only for its own answer (before, seven
  // requests with 10 MB of bodies ran at once against a 1.5 s request timeout, and a busy machine
  // ran out of the 60 s of the one test that held them all).
  const good = () => JSON.stringify(makeArticle(1));
  const badRequests: Array<[string, () => Promise<{ status: number; json: Record<string, any> }>, number, RegExp]> = [
    ["no token", () => request("POST", "/api/articles", { headers: { "content-type": "application/json" }, body: good() }), 401, /missing API token/],
    [
      "wrong token",
      () => request("POST", "/api/articles", { headers: { authorization: `Bearer ${"0".repeat(64)}`, "content-type": "application/json" }, body: good() }),
      401,
      /wrong API token/,
    ],
    [
      "wrong content type",
      () => request("POST", "/api/articles", { headers: { ...bearer(), "content-type": "text/plain" }, body: good() }),
      415,
      /application\/json/,
    ],
    ["invalid JSON", () => request("POST", "/api/articles", { headers: jsonHeaders(), body: '{"title": "x",' }), 400, /not valid JSON/],
    ["6 MB body", () => oversizedRequest("/api/articles", jsonHeaders(), JSON.stringify(makeArticle(2, { content: "x".repeat(6_000_000) }))), 413, /too large/],
    [
      "array of 1,001",
      () => request("POST", "/api/articles", { headers: jsonHeaders(), body: JSON.stringify(Array.from({ length: 1001 }, (_, i) => makeArticle(i))) }),
      413,
      /at most 1000/,
    ],
    [
      "missing field",
      () => request("POST", "/api/articles", { headers: jsonHeaders(), body: JSON.stringify({ title: "x", url: "https://variety.com/a/b" }) }),
      400,
      /content/,
    ],
  ];
  for (const [what, send, status, message] of badRequests) {
    it(`refuses a bad request with a clean ${status} and writes nothing: ${what}`, async () => {
      const res = await send();
      expect(res.status, what).toBe(status);
      expect(res.json.error, what).toMatch(message);
      expect((await listFiles(path.join(home, "inbox"))).filter((f) => f.includes("api-"))).toEqual([]);
    });
  }

  it("answers 421 for a foreign Host and 403 for a change from a foreign Origin (issue 25 item 4)", async () => {
    const rebound = await request("GET", "/login", { headers: { host: "evil.example:8765" } });
    expect(rebound.status).toBe(421);
    expect(rebound.json.code).toBe("misdirected");
    const foreign = await request("POST", "/api/articles", { headers: { ...jsonHeaders(), origin: "https://evil.example" }, body: good() });
    expect(foreign.status).toBe(403);
    const extension = await request("POST", "/api/articles", { headers: { ...jsonHeaders(), origin: "chrome-extension://abcdefghijklmnop" }, body: good() });
    expect(extension.status).toBe(202);
  });

  it("names the missing field", async () => {
    const missing = await request("POST", "/api/articles", { headers: jsonHeaders(), body: JSON.stringify({ title: "x", url: "https://variety.com/a/b" }) });
    expect(missing.json.fields).toEqual([{ field: "content", message: "is required" }]);
  });

  it("GET /api/status is what status --json prints; GET /api/events streams outcomes", async () => {
    const status = await request("GET", "/api/status", { headers: bearer() });
    expect(status.status).toBe(200);
    expect(Object.keys(status.json).sort()).toEqual(Object.keys(JSON.parse(runCli(home, ["status", "--json"]).stdout) as object).sort());
    expect(status.json.health.server.url).toBe(base);

    const received: string[] = [];
    const controller = new AbortController();
    const stream = await fetch(`${base}/api/events`, { headers: bearer(), signal: controller.signal });
    expect(stream.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = stream.body!.getReader();
    const sawOutcome = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        received.push(decoder.decode(value));
        if (received.join("").includes("event: outcome")) return;
      }
    })();
    const posted = await request("POST", "/api/articles", { headers: jsonHeaders(), body: JSON.stringify(makeArticle(3)) });
    expect(posted.status).toBe(202);
    await sawOutcome;
    controller.abort();
    expect(received.join("")).toContain(`"file":"${posted.json.file}"`);
  });

  it("stays healthy: a good article is stored via ?wait with company, buyers, quarter, category and lines", async () => {
    expect((await request("GET", "/api/health")).json).toMatchObject({ ok: true, daemon: { state: "running" } });
    const article = makeArticle(7);
    const res = await request("POST", "/api/articles?wait=30", { headers: jsonHeaders(), body: JSON.stringify(article) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: "stored",
      records: [
        { company: "Netflix", buyers: { strong: ["Netflix"] }, quarter: "2025 Q4", category: expect.stringContaining("Renewals"), lines: [expect.any(String)] },
      ],
    });
    const records = await storedRecords(home);
    expect(records.map((r) => r.input_file)).toContain(res.json.file);

    const again = await request("POST", "/api/articles?wait=30", { headers: jsonHeaders(), body: JSON.stringify(article) });
    expect(again.json).toMatchObject({ status: "duplicate", duplicate_of: res.json.records[0].id });

    const invalidLater = await request("POST", "/api/articles?wait=30", {
      headers: jsonHeaders(),
      body: JSON.stringify(makeArticle(8, { company: "Nobody Inc" })),
    });
    expect(invalidLater.status).toBe(400);
    expect(invalidLater.json.fields[0].field).toBe("company");

    // The outcome survives a restart: read back from the traces and the store.
    await stopDaemon(daemon);
    daemon = await startDaemon(home);
    base = await serverUrl();
    const status = await request("GET", `/api/articles/${res.json.id}`, { headers: bearer() });
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ id: res.json.id, status: "stored", records: res.json.records });
    const dup = await request("GET", `/api/articles/${again.json.id}`, { headers: bearer() });
    expect(dup.json).toMatchObject({ status: "duplicate", duplicate_of: res.json.records[0].id });
    expect(daemon.output()).not.toContain(token);
  });

  // Last: the anonymous bucket stays full for a minute.
  it("an unauthenticated flood gets 429 while requests with the token still answer (issue 25 item 1)", async () => {
    let limited = false;
    for (let i = 0; i <= RATE_LIMIT && !limited; i++) limited = (await request("GET", "/api/health")).status === 429;
    expect(limited).toBe(true);
    expect((await request("GET", "/api/status", { headers: bearer() })).status).toBe(200);
  });
});

describe("a short server.requestTimeoutMs", () => {
  let slowHome: string;
  let slowDaemon: RunningDaemon;
  let slowBase: string;
  let slowToken: string;
  beforeAll(async () => {
    ({ home: slowHome } = await makeHome({ server: { port: 0, requestTimeoutMs: REQUEST_TIMEOUT_MS } }));
    slowDaemon = await startDaemon(slowHome);
    slowBase = await serverUrl(slowHome);
    slowToken = (await fs.readFile(path.join(slowHome, "data", "state", "api-token"), "utf8")).trim();
  });
  afterAll(async () => {
    if (slowDaemon) await stopDaemon(slowDaemon);
  });

  it("a client that stalls or trickles its body gets 408 after server.requestTimeoutMs", async () => {
    const started = Date.now();
    const [stalled, trickling] = await Promise.all([
      slowClient(slowBase, slowToken, '{"title": "slow', false),
      slowClient(slowBase, slowToken, '{"title": "slow', true),
    ]);
    expect(stalled).toMatch(/^HTTP\/1\.1 408/);
    expect(trickling).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
  });
});

describe("a taken port", () => {
  it("is logged with the fix and the daemon runs on without the API", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const { home: other } = await makeHome({ server: { port } });
    const running = await startDaemon(other);
    try {
      expect(running.stderr()).toContain(`HTTP API not started: 127.0.0.1:${port} is already in use`);
      const health = JSON.parse(await fs.readFile(path.join(other, "data", "state", "health.json"), "utf8")) as {
        server?: { url: string | null; error?: string };
      };
      expect(health.server).toMatchObject({ url: null, error: expect.stringContaining("server.port") });
      expect(runCli(other, ["status"]).stdout).toMatch(/api: +not serving \(127\.0\.0\.1:\d+ is already in use/);
      await fs.writeFile(path.join(other, "inbox", "a.json"), JSON.stringify(makeArticle(9)));
      await waitFor(async () => (await storedRecords(other)).length === 1, "the dropped file stored");
    } finally {
      await stopDaemon(running);
      blocker.close();
    }
  });
});
