import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError, DEFAULT_RETRY_AFTER_MS, ERROR_CODES, errorMessage, httpStatusOf, type ErrorCode, type FieldError } from "../core/errors.js";
import { isErrno, isTransientFsError } from "../store/fsutil.js";

interface HttpError {
  statusCode: number;
  body: { error: string; code: ErrorCode; fields?: FieldError[] };
  headers?: Record<string, string>;
  /** Unexpected: worth a log line (never shown to the client beyond a short message). */
  unexpected?: boolean;
}

/** The answer for a code; temporary trouble (503) tells the client when to try again. */
function answer(code: ErrorCode, error: string, options: { fields?: FieldError[]; retryAfterMs?: number; statusCode?: number } = {}): HttpError {
  const statusCode = options.statusCode ?? httpStatusOf(code);
  const body = { error, code, ...(options.fields?.length ? { fields: options.fields } : {}) };
  if (statusCode !== 503) return { statusCode, body };
  return { statusCode, body, headers: { "retry-after": String(Math.ceil((options.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS) / 1000)) } };
}

/** A status fastify or a plugin chose (408, 429...), named by the code the table gives it. */
function codeOfStatus(status: number): ErrorCode {
  const found = (Object.keys(ERROR_CODES) as ErrorCode[]).find((code) => ERROR_CODES[code].status === status);
  return found ?? "input_invalid";
}

const FASTIFY_CODES: Record<string, (err: FastifyError) => HttpError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () =>
    answer("too_large", "request body too large; send at most server.bodyLimitBytes (5 MB by default), or split the articles into several requests"),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (err) =>
    answer(
      "unsupported_media_type",
      `unsupported content type: ${err.message.replace(/^Unsupported Media Type:?\s*/i, "") || "(none)"}; send Content-Type: application/json`,
    ),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => answer("input_invalid", 'empty JSON body; send an article object, an array of them, or {"url": ...}'),
  FST_ERR_CTP_INVALID_JSON_BODY: (err) => answer("input_invalid", `the body is not valid JSON: ${err.message}`),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => answer("input_invalid", "Content-Length does not match the body"),
};

/** The code of a transient file-system failure (the store could not write). */
function fsCode(err: unknown): ErrorCode {
  if (isErrno(err, "ENOSPC", "EDQUOT")) return "disk_full";
  if (isErrno(err, "ELOCKED")) return "lock_timeout";
  return "transient";
}

/** The one place where errors become HTTP answers. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof AppError) {
    // A fault on our side (a bug, a bad configuration): its message is for the log, not the client.
    if (httpStatusOf(err.code) >= 500 && httpStatusOf(err.code) !== 503) return internalError(err.code);
    return answer(err.code, err.message, { fields: err.fields, retryAfterMs: err.retryAfterMs });
  }
  if (isTransientFsError(err)) {
    return answer(fsCode(err), `temporarily unable to write (${(err as NodeJS.ErrnoException).code}); try again shortly`);
  }
  const fe = err as Partial<FastifyError> & { validation?: Array<{ instancePath?: string; message?: string }> };
  if (fe.code && FASTIFY_CODES[fe.code]) return FASTIFY_CODES[fe.code]!(fe as FastifyError);
  if (fe.validation) {
    const fields = fe.validation.map((v) => ({
      field: v.instancePath?.replace(/^\//, "").replace(/\//g, ".") || "(request)",
      message: v.message ?? "is invalid",
    }));
    return answer("input_invalid", `invalid request: ${fe.message ?? ""}`.trim(), { fields });
  }
  // A JSON syntax error from the parser, or another client error fastify or a plugin raised.
  if (err instanceof SyntaxError) return answer("input_invalid", `the body is not valid JSON: ${err.message}`);
  const status = typeof fe.statusCode === "number" ? fe.statusCode : 500;
  if (status >= 400 && status < 500) return answer(codeOfStatus(status), fe.message || "bad request", { statusCode: status });
  return internalError();
}

function internalError(code: ErrorCode = "internal"): HttpError {
  return { ...answer(code, "internal error; see the daemon's log"), unexpected: true };
}

export function sendHttpError(reply: FastifyReply, error: HttpError): FastifyReply {
  if (error.headers) reply.headers(error.headers);
  return reply.code(error.statusCode).type("application/json; charset=utf-8").send(error.body);
}

export function installErrorHandler(app: FastifyInstance, logError: (message: string) => void): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const mapped = toHttpError(err);
    if (mapped.unexpected) logError(`${request.method} ${request.url}: ${err instanceof Error && err.stack ? err.stack : errorMessage(err)}`);
    return sendHttpError(reply, mapped);
  });
  app.setNotFoundHandler((request, reply) =>
    sendHttpError(reply, toHttpError(new AppError("not_found", `no route ${request.method} ${request.url.split("?")[0]}`))),
  );
}
