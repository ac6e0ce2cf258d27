import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { collectStatus } from "../daemon/status.js";
import type { BuyerDirectory } from "../core/buyers.js";
import { VERSION } from "../version.js";
import type { ServerDeps } from "./app.js";
import { AppError } from "../core/errors.js";
import type { ServerEvent } from "../sinks/events.js";
import type { OutcomeBook } from "./outcomes.js";
import { SECURITY_HEADERS } from "./guard.js";
import { newSubmissionId, parseSubmission, SUBMISSION_ID_RE, writeSubmission } from "./submissions.js";

/** Longest ?wait the API honours, in seconds. */
const MAX_WAIT_S = 30;

function parseWait(raw: unknown): number {
  if (raw === undefined || raw === "") return 0;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new AppError("input_invalid", "invalid query", {
      fields: [{ field: "wait", message: `must be a number of seconds from 0 to ${MAX_WAIT_S}, got ${JSON.stringify(String(raw)).slice(0, 40)}` }],
    });
  return Math.min(n, MAX_WAIT_S);
}

function isJsonRequest(request: FastifyRequest): boolean {
  const type = String(request.headers["content-type"] ?? "")
    .split(";")[0]!
    .trim()
    .toLowerCase();
  return type === "application/json" || type.endsWith("+json");
}

export function registerApi(app: FastifyInstance, deps: ServerDeps, book: OutcomeBook, buyers: BuyerDirectory): void {
  const { paths, events } = deps;
  let lastHealth: Record<string, unknown> | null = null;
  events.on("event", (event: ServerEvent) => {
    if (event.type === "health") lastHealth = event.snapshot;
  });

  app.get("/api/health", async () => {
    const h = lastHealth as { state?: string; in_flight?: number; inbox_depth?: number; updated_at?: string } | null;
    return {
      ok: true,
      version: VERSION,
      time: (deps.now?.() ?? new Date()).toISOString(),
      daemon: h ? { state: h.state, in_flight: h.in_flight, inbox_depth: h.inbox_depth, updated_at: h.updated_at } : null,
    };
  });

  app.get("/api/status", async () => collectStatus(paths));

  app.post("/api/articles", async (request: FastifyRequest<{ Querystring: { wait?: string } }>, reply: FastifyReply) => {
    if (!isJsonRequest(request)) {
      throw new AppError(
        "unsupported_media_type",
        `unsupported content type ${JSON.stringify(request.headers["content-type"] ?? "(none)")}; send Content-Type: application/json`,
      );
    }
    const waitS = parseWait(request.query.wait);
    const submission = parseSubmission(request.body, buyers.resolveCompany);
    const id = newSubmissionId();
    const wait = waitS > 0 ? book.waitFor(id, waitS * 1000) : null;
    let file: string;
    try {
      file = await writeSubmission(paths.inbox, id, submission);
    } catch (err) {
      wait?.cancel();
      throw err;
    }
    const accepted = { id, file, status_url: `/api/articles/${id}` };
    if (!wait) return reply.code(202).send(accepted);
    // The client may go away while waiting: stop waiting with it.
    const gone = () => wait.cancel();
    request.raw.once("close", gone);
    const outcome = await wait.promise;
    request.raw.off("close", gone);
    if (!outcome) return reply.code(202).send({ ...accepted, status: "pending", records: [] });
    return reply.code(200).send({ ...outcome, status_url: accepted.status_url });
  });

  app.get("/api/articles/:id", async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const { id } = request.params;
    if (!SUBMISSION_ID_RE.test(id))
      throw new AppError("not_found", `no article ${JSON.stringify(id).slice(0, 40)}: ids are the 24 hex characters POST /api/articles answered`);
    const outcome = await book.get(id);
    if (!outcome) throw new AppError("not_found", `no article ${id}: unknown id (or its traces were removed)`);
    return outcome;
  });

  // Server-sent events: every outcome and health snapshot, for the desk's live updates.
  app.get("/api/events", (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write(": connected\n\n");
    const send = (event: ServerEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), 15_000);
    events.on("event", send);
    const stop = () => {
      clearInterval(heartbeat);
      events.off("event", send);
    };
    request.raw.once("close", stop);
    res.once("close", stop);
  });
}
