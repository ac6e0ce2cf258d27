import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../core/errors.js";
import { sendHttpError, toHttpError } from "./errors.js";
import { escapeHtml } from "./html.js";

export const SESSION_COOKIE = "nc_session";
const CSRF_HEADER = "x-csrf-token";
const CSRF_FIELD = "_csrf";

declare module "fastify" {
  interface FastifyRequest {
    /** How the request proved it holds the token: null for the public routes. */
    authVia: "bearer" | "session" | null;
    /** The session cookie's value when authenticated by it (for csrfTokenFor). */
    session: string | null;
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

function sign(token: string, nonce: string): string {
  return createHmac("sha256", token).update(`nc-session:${nonce}`).digest("hex");
}

/**
 * A session is `<nonce>.<hmac(token, nonce)>`: nothing kept in memory, so sessions survive a
 * restart, and a new token (delete data/state/api-token) ends them all.
 */
function makeSession(token: string): string {
  const nonce = randomBytes(18).toString("hex");
  return `${nonce}.${sign(token, nonce)}`;
}

function isValidSession(value: string | undefined, token: string): value is string {
  if (!value) return false;
  const dot = value.indexOf(".");
  if (dot <= 0) return false;
  return sameSecret(value.slice(dot + 1), sign(token, value.slice(0, dot)));
}

/**
 * The CSRF token for a session: pages put it in `<meta name="csrf-token">`, scripts send it as the
 * x-csrf-token header (forms: a `_csrf` field). Derived from the session, which is secret (an
 * HttpOnly cookie a foreign page cannot read), so it needs no storage.
 */
export function csrfTokenFor(session: string): string {
  return createHash("sha256").update(`nc-csrf:${session}`).digest("hex");
}

/** The CSRF token for a request authenticated by the session cookie ("" otherwise). */
export function csrfTokenForRequest(request: FastifyRequest): string {
  return request.session ? csrfTokenFor(request.session) : "";
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Routes anyone may call: health, the login page, static assets, CORS preflights. */
function isPublic(method: string, urlPath: string): boolean {
  if (method === "OPTIONS") return true;
  if ((method === "GET" || method === "HEAD") && (urlPath === "/api/health" || urlPath === "/login" || urlPath.startsWith("/assets/"))) return true;
  return method === "POST" && urlPath === "/login";
}

function wantsHtml(request: FastifyRequest, urlPath: string): boolean {
  if (urlPath.startsWith("/api/")) return false;
  return (request.method === "GET" || request.method === "HEAD") && String(request.headers.accept ?? "").includes("text/html");
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== "string") return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

function loginPage(message: string | null): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>news-coverage: sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/login.css">
</head><body>
<h1>news-coverage</h1>
${message ? `<p class="error">${escapeHtml(message)}</p>` : ""}
<form method="post" action="/login">
<label for="token">API token (the file <code>data/state/api-token</code>)</label>
<input id="token" name="token" type="password" autocomplete="current-password" autofocus required>
<button type="submit">Sign in</button>
</form>
</body></html>
`;
}

function sessionCookieOptions(maxAgeS?: number) {
  return { path: "/", httpOnly: true, sameSite: "strict" as const, ...(maxAgeS !== undefined ? { maxAge: maxAgeS } : {}) };
}

/**
 * One onRequest hook: public routes pass; otherwise `Authorization: Bearer <token>` or the
 * session cookie. A preHandler (the body is parsed by then) asks cookie-authenticated unsafe
 * requests for the CSRF token. Also serves GET/POST /login and POST /logout.
 */
export function registerAuth(app: FastifyInstance, token: string): void {
  app.decorateRequest("authVia", null);
  app.decorateRequest("session", null);

  app.addHook("onRequest", async (request, reply) => {
    const urlPath = request.url.split("?")[0]!;
    const bearer = bearerOf(request);
    if (bearer !== null && sameSecret(bearer, token)) {
      request.authVia = "bearer";
      return;
    }
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (bearer === null && isValidSession(cookie, token)) {
      request.authVia = "session";
      request.session = cookie;
      return;
    }
    if (isPublic(request.method, urlPath)) return;
    if (wantsHtml(request, urlPath)) return reply.redirect("/login", 303);
    const error = bearer !== null ? "wrong API token" : "missing API token";
    return sendHttpError(
      reply.header("www-authenticate", 'Bearer realm="news-coverage"'),
      toHttpError(new AppError("unauthorized", `${error}: send Authorization: Bearer <token>; the token is in data/state/api-token under the daemon's home`)),
    );
  });

  app.addHook("preHandler", async (request, reply) => {
    if (request.authVia !== "session" || !UNSAFE.has(request.method)) return;
    const header = request.headers[CSRF_HEADER];
    const field = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    const sent = typeof header === "string" ? header : typeof field === "string" ? field : "";
    if (sent && sameSecret(sent, csrfTokenFor(request.session!))) return;
    return sendHttpError(
      reply,
      toHttpError(
        new AppError(
          "forbidden",
          `missing or wrong CSRF token: send the ${CSRF_HEADER} header (or a ${CSRF_FIELD} form field) from the page's <meta name="csrf-token">`,
        ),
      ),
    );
  });

  app.get("/login", async (request, reply) => {
    if (request.authVia === "session") return reply.redirect("/", 303);
    return reply.type("text/html; charset=utf-8").send(loginPage(null));
  });

  app.post("/login", async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as Record<string, unknown> | undefined;
    const given = typeof body?.token === "string" ? body.token.trim() : "";
    if (!given || !sameSecret(given, token)) {
      return reply.code(401).type("text/html; charset=utf-8").send(loginPage("That is not the API token. Copy it from data/state/api-token."));
    }
    reply.setCookie(SESSION_COOKIE, makeSession(token), sessionCookieOptions(30 * 24 * 3600));
    return reply.redirect("/", 303);
  });

  app.post("/logout", async (_request, reply) => {
    reply.clearCookie(SESSION_COOKIE, sessionCookieOptions());
    return reply.redirect("/login", 303);
  });
}
