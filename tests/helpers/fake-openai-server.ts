/**
 * A real HTTP server on 127.0.0.1 (port 0) that speaks enough of the OpenAI Chat Completions API
 * for the engine: scriptable per request (latency, status, headers, stalled headers or body,
 * malformed JSON, quota errors), counting requests and the most requests open at once.
 * No network, no mocking library: the SDK talks to it like to any compatible server.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface FakeReply {
  /** HTTP status, default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Wait this long before sending anything (after the request body arrived). */
  latencyMs?: number;
  /** Body sent as JSON. */
  json?: unknown;
  /** Body sent as is (for bodies that are not JSON). */
  raw?: string;
  /**
   * "headers": never answer; "body": send the status line, headers and half a body, then hang.
   * Both last until the client gives up or the server closes.
   */
  stall?: "headers" | "body";
}

export interface RecordedRequest {
  /** 0-based arrival order. */
  index: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (or the raw text if it was not JSON). */
  body: any;
  startedAt: number;
}

export type Responder = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAIServer {
  /** Base URL to give the SDK, ending in /v1. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Requests received so far. */
  readonly count: number;
  /** Requests open right now. */
  readonly inFlight: number;
  /** Most requests open at the same time. */
  readonly maxConcurrent: number;
  /** Queue replies for the next requests, in order; when the queue is empty the default answers. */
  script(...replies: Array<FakeReply | Responder>): void;
  /** Replace the default responder (initially `smartResponder()`). */
  setDefault(responder: Responder): void;
  /** Resolves once `n` requests have arrived in total. */
  waitForRequests(n: number): Promise<void>;
  close(): Promise<void>;
}

/** Rough token count the fake reports (about 4 characters a token). */
function approxTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

interface CompletionOptions {
  model?: string;
  usage?: { prompt_tokens: number; completion_tokens: number; cached_tokens?: number };
  finishReason?: "stop" | "length";
  refusal?: string;
}

/** A 200 chat completion whose message content is `content` (objects are JSON-encoded). */
export function chatCompletion(content: string | object | null, options: CompletionOptions = {}): FakeReply {
  const text = content === null ? null : typeof content === "string" ? content : JSON.stringify(content);
  const usage = options.usage ?? { prompt_tokens: 1000, completion_tokens: approxTokens(text ?? ""), cached_tokens: 0 };
  return {
    json: {
      id: `chatcmpl-fake-${Math.random().toString(36).slice(2, 10)}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: options.model ?? "gpt-4.1-mini-2025-04-14",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: text, refusal: options.refusal ?? null },
          finish_reason: options.finishReason ?? "stop",
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: usage.prompt_tokens,
        completion_tokens: usage.completion_tokens,
        total_tokens: usage.prompt_tokens + usage.completion_tokens,
        prompt_tokens_details: { cached_tokens: usage.cached_tokens ?? 0 },
      },
    },
  };
}

/** 429 rate limit with the usual hints. */
export function rateLimited(hint: { retryAfterMs?: number; retryAfterSeconds?: number } = {}): FakeReply {
  const headers: Record<string, string> = {};
  if (hint.retryAfterMs !== undefined) headers["retry-after-ms"] = String(hint.retryAfterMs);
  if (hint.retryAfterSeconds !== undefined) headers["retry-after"] = String(hint.retryAfterSeconds);
  return {
    status: 429,
    headers,
    json: { error: { message: "Rate limit reached for requests", type: "requests", param: null, code: "rate_limit_exceeded" } },
  };
}

/** 429 insufficient_quota: the account is out of credit. */
export function quotaExhausted(): FakeReply {
  return {
    status: 429,
    json: {
      error: {
        message: "You exceeded your current quota, please check your plan and billing details.",
        type: "insufficient_quota",
        param: null,
        code: "insufficient_quota",
      },
    },
  };
}

export function serverError(status = 500): FakeReply {
  return { status, json: { error: { message: "The server had an error while processing your request.", type: "server_error", param: null, code: null } } };
}

/** The last user message of a chat request (where the article is). */
export function lastUserMessage(request: RecordedRequest): string {
  const messages: Array<{ role: string; content: unknown }> = request.body?.messages ?? [];
  const user = [...messages].reverse().find((m) => m.role === "user");
  return typeof user?.content === "string" ? user.content : "";
}

/** Which structured output the request asks for: "classification", "facts" or "". */
export function formatName(request: RecordedRequest): string {
  return request.body?.response_format?.json_schema?.name ?? "";
}

interface SmartOptions {
  latencyMs?: number;
  category?: string;
  /** Cached prompt tokens to report once a system prompt has been seen (simulates prompt caching). */
  simulateCache?: boolean;
}

/**
 * Answers like a well-behaved model: a valid classification, or one fact whose line is the
 * article's title (faithful by construction). Token counts are estimated from the request.
 */
export function smartResponder(options: SmartOptions = {}): Responder {
  const seen = new Set<string>();
  return (request) => {
    const messages: Array<{ role: string; content: string }> = request.body?.messages ?? [];
    const system = messages.find((m) => m.role === "system")?.content ?? "";
    const schema = JSON.stringify(request.body?.response_format ?? "");
    const promptTokens = approxTokens(messages.map((m) => m.content).join("\n") + schema);
    const prefixTokens = approxTokens(system + schema);
    const key = `${request.body?.model}|${system.length}|${schema.length}`;
    const cached = options.simulateCache && seen.has(key) && prefixTokens >= 1024 ? Math.floor(prefixTokens / 128) * 128 : 0;
    seen.add(key);
    const category = options.category ?? "Strategy & Miscellaneous News -> Strategy";
    const title = /^Title: (.*)$/m.exec(lastUserMessage(request))?.[1] ?? "Untitled";
    const answer =
      formatName(request) === "facts"
        ? { facts: [{ category, line: title, notes: [] }] }
        : { category, confidence: 0.82, alternatives: [{ category: "Strategy & Miscellaneous News -> Misc.", confidence: 0.1 }] };
    const text = JSON.stringify(answer);
    const reply = chatCompletion(text, {
      model: request.body?.model,
      usage: { prompt_tokens: promptTokens, completion_tokens: approxTokens(text), cached_tokens: cached },
    });
    return options.latencyMs ? { ...reply, latencyMs: options.latencyMs } : reply;
  };
}

export async function startFakeOpenAI(): Promise<FakeOpenAIServer> {
  const requests: RecordedRequest[] = [];
  const queue: Array<FakeReply | Responder> = [];
  const sockets = new Set<Socket>();
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let fallback: Responder = smartResponder();
  let inFlight = 0;
  let maxConcurrent = 0;
  let closing = false;

  const send = async (res: ServerResponse, reply: FakeReply) => {
    if (reply.latencyMs) await new Promise((r) => setTimeout(r, reply.latencyMs));
    if (res.destroyed || closing) return;
    if (reply.stall === "headers") return; // never answer
    const status = reply.status ?? 200;
    const body = reply.raw ?? (reply.json === undefined ? "" : JSON.stringify(reply.json));
    const headers: Record<string, string> = { "content-type": "application/json", "x-request-id": `req_fake_${requests.length}`, ...reply.headers };
    if (reply.stall === "body") {
      res.writeHead(status, headers);
      res.write(body.slice(0, Math.max(1, Math.floor(body.length / 2))) || '{"id":');
      return; // hang with the body half sent
    }
    res.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(body)) });
    res.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* keep the raw text */
      }
      const request: RecordedRequest = {
        index: requests.length,
        method: req.method ?? "GET",
        path: req.url ?? "/",
        headers: req.headers,
        body,
        startedAt: Date.now(),
      };
      requests.push(request);
      inFlight++;
      maxConcurrent = Math.max(maxConcurrent, inFlight);
      res.on("close", () => inFlight--);
      for (const waiter of [...waiters]) {
        if (requests.length >= waiter.n) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
      const next = queue.shift() ?? fallback;
      Promise.resolve(typeof next === "function" ? next(request) : next)
        .then((reply) => send(res, reply))
        .catch((err: unknown) => {
          if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: `fake server bug: ${String(err)}`, type: "server_error" } }));
        });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get count() {
      return requests.length;
    },
    get inFlight() {
      return inFlight;
    },
    get maxConcurrent() {
      return maxConcurrent;
    },
    script(...replies) {
      queue.push(...replies);
    },
    setDefault(responder) {
      fallback = responder;
    },
    waitForRequests(n) {
      if (requests.length >= n) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ n, resolve }));
    },
    async close() {
      closing = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
