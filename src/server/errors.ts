import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { FieldError } from "../core/article.js";
import { isTransientFsError } from "../store/fsutil.js";

/** Bad input the client can fix: 400 (or 413/415/422) with the fields named. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly fields: FieldError[] = [],
    readonly statusCode: 400 | 404 | 409 | 413 | 415 | 422 = 400,
  ) {
    super(message);
    this.name = "InputError";
  }
}

/** Temporary trouble (lock timeout, disk full): 503 with Retry-After. */
export class UnavailableError extends Error {
  constructor(
    message: string,
    readonly retryAfterS = 5,
  ) {
    super(message);
    this.name = "UnavailableError";
  }
}

export interface HttpError {
  statusCode: number;
  body: { error: string; fields?: FieldError[] };
  headers?: Record<string, string>;
  /** Unexpected: worth a log line (never shown to the client beyond a short message). */
  unexpected?: boolean;
}

const FASTIFY_CODES: Record<string, (err: FastifyError) => HttpError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => ({
    statusCode: 413,
    body: { error: "request body too large; send at most server.bodyLimitBytes (5 MB by default), or split the articles into several requests" },
  }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (err) => ({
    statusCode: 415,
    body: { error: `unsupported content type: ${err.message.replace(/^Unsupported Media Type:?\s*/i, "") || "(none)"}; send Content-Type: application/json` },
  }),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => ({ statusCode: 400, body: { error: 'empty JSON body; send an article object, an array of them, or {"url": ...}' } }),
  FST_ERR_CTP_INVALID_JSON_BODY: (err) => ({ statusCode: 400, body: { error: `the body is not valid JSON: ${err.message}` } }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => ({ statusCode: 400, body: { error: "Content-Length does not match the body" } }),
};

/** The one place where errors become HTTP answers. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof InputError) {
    return { statusCode: err.statusCode, body: { error: err.message, ...(err.fields.length ? { fields: err.fields } : {}) } };
  }
  if (err instanceof UnavailableError) {
    return { statusCode: 503, body: { error: err.message }, headers: { "retry-after": String(err.retryAfterS) } };
  }
  if (isTransientFsError(err)) {
    return {
      statusCode: 503,
      body: { error: `temporarily unable to write (${(err as NodeJS.ErrnoException).code}); try again shortly` },
      headers: { "retry-after": "5" },
    };
  }
  const fe = err as Partial<FastifyError> & { validation?: Array<{ instancePath?: string; message?: string }> };
  if (fe.code && FASTIFY_CODES[fe.code]) return FASTIFY_CODES[fe.code]!(fe as FastifyError);
  if (fe.validation) {
    const fields = fe.validation.map((v) => ({
      field: v.instancePath?.replace(/^\//, "").replace(/\//g, ".") || "(request)",
      message: v.message ?? "is invalid",
    }));
    return { statusCode: 400, body: { error: `invalid request: ${fe.message ?? ""}`.trim(), fields } };
  }
  // A JSON syntax error from the parser, or another client error fastify or a plugin raised.
  if (err instanceof SyntaxError) return { statusCode: 400, body: { error: `the body is not valid JSON: ${err.message}` } };
  const status = typeof fe.statusCode === "number" ? fe.statusCode : 500;
  if (status >= 400 && status < 500) return { statusCode: status, body: { error: fe.message || "bad request" } };
  return { statusCode: 500, body: { error: "internal error; see the daemon's log" }, unexpected: true };
}

export function sendHttpError(reply: FastifyReply, error: HttpError): FastifyReply {
  if (error.headers) reply.headers(error.headers);
  return reply.code(error.statusCode).type("application/json; charset=utf-8").send(error.body);
}

export function installErrorHandler(app: FastifyInstance, logError: (message: string) => void): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const mapped = toHttpError(err);
    if (mapped.unexpected) logError(`${request.method} ${request.url}: ${(err as Error).stack ?? String(err)}`);
    return sendHttpError(reply, mapped);
  });
  app.setNotFoundHandler((request, reply) =>
    sendHttpError(reply, { statusCode: 404, body: { error: `no route ${request.method} ${request.url.split("?")[0]}` } }),
  );
}
