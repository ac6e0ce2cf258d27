import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SESSIONS_FILE } from "../store/layout.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../core/errors.js";
import { sendHttpError, toHttpError } from "./errors.js";
import { escapeHtml } from "./html.js";
import { listUsers, RESERVED_NAME, usersFile, verifyUser } from "../store/users.js";

export const SESSION_COOKIE = "nc_session";
const CSRF_HEADER = "x-csrf-token";
const CSRF_FIELD = "_csrf";

declare module "fastify" {
  interface FastifyRequest {
    /** How the request proved it holds the token: null for the public routes. */
    authVia: "bearer" | "session" | null;
    /** The session cookie's value when authenticated by it (for csrfTokenFor). */
    session: string | null;
    /** Who is asking: the analyst's name for a session, TOKEN_USER for the API token. */
    analyst: string | null;
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

/** Failed sign-ins allowed per name and address within LOGIN_WINDOW_MS before further tries are refused. */
const LOGIN_FAILURES = 5;
const LOGIN_WINDOW_MS = 15 * 60_000;
/** What a session made from the API token (not a named analyst) records as who made a correction. */
export const TOKEN_USER = RESERVED_NAME;

interface Session {
  name: string;
  lastSeen: number;
}

/** A session's last use is written again once it is this much newer than the written one (idle times are minutes). */
const SESSION_SAVE_MS = 60_000;

/**
 * Sessions live on the server: the cookie holds only a random id. Logout deletes the session, so
 * the old cookie is refused at once; a session unused for the idle time ends. They are kept in
 * data/state/sessions.json (mode 0600) by the sha256 of their id, never the id itself, so a
 * restart keeps them (a last use up to a minute old is what a restart may lose); a new API token
 * ends them all (the file carries a hash of the token it was written under).
 */
class SessionBook {
  private readonly sessions = new Map<string, Session & { saved: number }>();

  constructor(
    private readonly idleMs: number,
    private readonly now: () => number,
    private readonly file: string | null,
    private readonly tokenMark: string,
  ) {
    this.load();
  }

  open(name: string): string {
    this.sweep();
    const id = randomBytes(32).toString("hex");
    this.sessions.set(keyOf(id), { name, lastSeen: this.now(), saved: this.now() });
    this.save();
    return id;
  }

  /** The session's analyst, refreshing its idle clock; null when unknown or expired. */
  touch(id: string | undefined): Session | null {
    if (!id) return null;
    const key = keyOf(id);
    const session = this.sessions.get(key);
    if (!session) return null;
    if (this.now() - session.lastSeen > this.idleMs) {
      this.sessions.delete(key);
      this.save();
      return null;
    }
    session.lastSeen = this.now();
    if (session.lastSeen - session.saved >= SESSION_SAVE_MS) this.save();
    return session;
  }

  close(id: string | undefined): void {
    if (id && this.sessions.delete(keyOf(id))) this.save();
  }

  endFor(name: string): void {
    for (const [key, s] of this.sessions) if (s.name === name) this.sessions.delete(key);
    this.save();
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, s] of this.sessions) if (now - s.lastSeen > this.idleMs) this.sessions.delete(key);
  }

  private load(): void {
    if (!this.file) return;
    try {
      const stored = JSON.parse(readFileSync(this.file, "utf8")) as {
        token?: unknown;
        sessions?: Array<{ key?: unknown; name?: unknown; lastSeen?: unknown }>;
      };
      if (stored.token !== this.tokenMark || !Array.isArray(stored.sessions)) return;
      for (const s of stored.sessions) {
        if (typeof s.key === "string" && /^[0-9a-f]{64}$/.test(s.key) && typeof s.name === "string" && typeof s.lastSeen === "number")
          this.sessions.set(s.key, { name: s.name, lastSeen: s.lastSeen, saved: s.lastSeen });
      }
      this.sweep();
    } catch {
      // No file yet, or one that does not parse: no sessions (everyone signs in again).
    }
  }

  /** The whole book, written to a temporary name and renamed over the file; a failed write leaves the sessions working in memory. */
  private save(): void {
    if (!this.file) return;
    const sessions = [...this.sessions].map(([key, s]) => {
      s.saved = s.lastSeen;
      return { key, name: s.name, lastSeen: s.lastSeen };
    });
    const temp = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${process.pid}.tmp`);
    try {
      writeFileSync(temp, `${JSON.stringify({ token: this.tokenMark, sessions })}\n`, { mode: 0o600 });
      renameSync(temp, this.file);
    } catch {
      // The state folder is not writable: sessions last until the next restart, as they did before.
    }
  }
}

const keyOf = (id: string) => createHash("sha256").update(`nc-session:${id}`).digest("hex");

/** Failed sign-ins per name + address: after LOGIN_FAILURES within the window, refused until it passes. */
class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  private recent(key: string): number[] {
    const since = this.now() - LOGIN_WINDOW_MS;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Milliseconds until another try is allowed, 0 when it is. */
  waitMs(key: string): number {
    const list = this.recent(key);
    return list.length >= LOGIN_FAILURES ? list[0]! + LOGIN_WINDOW_MS - this.now() : 0;
  }

  fail(key: string): void {
    if (this.failures.size > 10_000) this.failures.clear();
    this.failures.set(key, [...this.recent(key), this.now()]);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }
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
  return method === "POST" && (urlPath === "/login" || urlPath === "/logout");
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

function loginPage(message: string | null, name = ""): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>news-coverage: sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/login.css">
</head><body>
<h1>news-coverage</h1>
${message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : ""}
<form method="post" action="/login" id="user-form">
<label for="name">Name</label>
<input id="name" name="name" autocomplete="username" value="${escapeHtml(name)}" autofocus required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<details><summary>Sign in with the API token instead</summary>
<form method="post" action="/login" id="token-form">
<label for="token">API token (the file <code>data/state/api-token</code>)</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<button type="submit">Sign in with the token</button>
</form>
<p>Analyst logins are made with <code>news-coverage users add &lt;name&gt;</code>; their names appear in each record's history.</p>
</details>
</body></html>
`;
}

function sessionCookieOptions(maxAgeS?: number) {
  return { path: "/", httpOnly: true, sameSite: "strict" as const, ...(maxAgeS !== undefined ? { maxAge: maxAgeS } : {}) };
}

export interface AuthOptions {
  /** data/state: where users.json is. */
  stateDir: string;
  /** A session unused for this long ends. */
  idleMs: number;
  now?: () => number;
}

/** The names in users.json, read again only when the file changes (a removed user's sessions end at their next request). */
function userNames(stateDir: string): () => Promise<Set<string>> {
  let seen = -1;
  let names = new Set<string>();
  return async () => {
    let mtime = 0;
    try {
      mtime = statSync(usersFile(stateDir)).mtimeMs;
    } catch {
      mtime = 0;
    }
    if (mtime !== seen) {
      names = new Set((await listUsers(stateDir)).map((u) => u.name));
      seen = mtime;
    }
    return names;
  };
}

/**
 * One onRequest hook: public routes pass; otherwise `Authorization: Bearer <token>` or the
 * session cookie (a server-side session carrying the analyst's name). A preHandler (the body is
 * parsed by then) asks cookie-authenticated unsafe requests for the CSRF token. Also serves
 * GET/POST /login (a named analyst's password, or the API token) and POST /logout.
 */
export function registerAuth(app: FastifyInstance, token: string, options: AuthOptions): void {
  const now = options.now ?? Date.now;
  const tokenMark = createHash("sha256").update(`nc-session-token:${token}`).digest("hex");
  const sessions = new SessionBook(options.idleMs, now, path.join(options.stateDir, SESSIONS_FILE), tokenMark);
  const limiter = new LoginLimiter(now);
  const names = userNames(options.stateDir);
  app.decorateRequest("authVia", null);
  app.decorateRequest("session", null);
  app.decorateRequest("analyst", null);

  app.addHook("onRequest", async (request, reply) => {
    const urlPath = request.url.split("?")[0]!;
    const bearer = bearerOf(request);
    if (bearer !== null && sameSecret(bearer, token)) {
      request.authVia = "bearer";
      request.analyst = TOKEN_USER;
      return;
    }
    const cookie = request.cookies?.[SESSION_COOKIE];
    const session = bearer === null ? sessions.touch(cookie) : null;
    if (session && session.name !== TOKEN_USER && !(await names()).has(session.name)) sessions.endFor(session.name);
    else if (session) {
      request.authVia = "session";
      request.session = cookie!;
      request.analyst = session.name;
      return;
    }
    if (isPublic(request.method, urlPath)) return;
    if (wantsHtml(request, urlPath)) return reply.redirect("/login", 303);
    const error = bearer !== null ? "wrong API token" : cookie ? "the session has ended (signed out or idle too long): sign in again" : "missing API token";
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
    const text = (key: string) => (typeof body?.[key] === "string" ? (body[key] as string) : "");
    const givenToken = text("token").trim();
    const name = text("name").trim().slice(0, 100);
    const key = `${givenToken ? "\u0000token" : name.toLowerCase()}|${request.ip}`;
    const page = (status: number, message: string) => reply.code(status).type("text/html; charset=utf-8").send(loginPage(message, name));
    const wait = limiter.waitMs(key);
    if (wait > 0) {
      return page(429, `Too many failed sign-ins${name ? ` for ${name}` : ""}: try again in ${Math.ceil(wait / 60_000)} minute(s).`).header(
        "retry-after",
        String(Math.ceil(wait / 1000)),
      );
    }
    let who: string | null = null;
    if (givenToken) who = sameSecret(givenToken, token) ? TOKEN_USER : null;
    else if (name) who = await verifyUser(options.stateDir, name, text("password").slice(0, 1000));
    if (who === null) {
      limiter.fail(key);
      return page(401, givenToken ? "That is not the API token. Copy it from data/state/api-token." : "That name and password do not match a desk user.");
    }
    limiter.clear(key);
    sessions.close(request.cookies?.[SESSION_COOKIE]);
    reply.setCookie(SESSION_COOKIE, sessions.open(who), sessionCookieOptions());
    return reply.redirect("/", 303);
  });

  app.post("/logout", async (request, reply) => {
    sessions.close(request.cookies?.[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, sessionCookieOptions());
    return reply.redirect("/login", 303);
  });
}
