import { createHash } from "node:crypto";
import { isIP } from "node:net";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Config } from "../config/schema.js";
import { AppError } from "../core/errors.js";
import { sendHttpError, toHttpError } from "./errors.js";

/**
 * Sent with every answer. The desk runs no inline script or style (its script and stylesheets are
 * served under /assets/), so article text that slipped through as markup could not run; no page of
 * ours may be framed (clickjacking) or sniffed into another type, and no address of ours leaves in
 * a Referer.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/** Adds SECURITY_HEADERS to every answer sent through fastify (a hijacked reply sets them itself). */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onSend", async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    return payload;
  });
}

/**
 * The rate-limit bucket of a request: one per credential (the Bearer token, each desk session)
 * and one per address for requests without one, so a flood of unauthenticated requests (all local
 * clients share 127.0.0.1) never makes the desk, the extension or a script answer 429. Runs after
 * the auth hook has set `authVia`: the limiter's hook is a route hook, and those run after the
 * app's onRequest hooks.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const digest = (secret: string) => createHash("sha256").update(secret).digest("hex").slice(0, 32);
  if (request.authVia === "bearer") return `bearer:${digest(String(request.headers.authorization))}`;
  if (request.authVia === "session" && request.session) return `session:${digest(request.session)}`;
  return `anonymous:${request.ip}`;
}

/** Origins allowed to call the API from a browser: the extension's pages only. */
export function isExtensionOrigin(origin: string): boolean {
  return /^(chrome|moz)-extension:\/\/[A-Za-z0-9._-]+$/.test(origin);
}

/** The host of a Host header or an origin, normalised as URLs do ("LocalHost:80" -> "localhost"); null if it is not one. */
function normalHost(host: string): string | null {
  try {
    const url = new URL(`http://${host}`);
    return url.host === host.toLowerCase() || url.host === host.toLowerCase().replace(/:80$/, "") ? url.host : null;
  } catch {
    return null;
  }
}

/** The name of a normalised host, without port, IPv6 brackets or a final dot. */
function nameOf(host: string): string {
  return host
    .replace(/:\d+$/, "")
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

/**
 * Whether a Host header names this server. Any IP address is served (a browser that sends one
 * connected to that address itself); names only when they are localhost, server.host or listed in
 * server.allowedHosts: a page of a foreign site whose name was made to resolve to 127.0.0.1 (DNS
 * rebinding) sends its own name and is refused.
 */
export function isServedHost(hostHeader: string | undefined, server: Pick<Config["server"], "host" | "allowedHosts">): boolean {
  const host = hostHeader === undefined ? null : normalHost(hostHeader);
  if (host === null) return false;
  const name = nameOf(host);
  if (isIP(name) !== 0) return true;
  const names = new Set(["localhost", nameOf(server.host.toLowerCase()), ...server.allowedHosts.map((n) => nameOf(n.toLowerCase()))]);
  return names.has(name);
}

/** Whether an Origin header is this server's own page (same scheme, host and port as the request) or the extension. */
export function isOwnOrigin(origin: string, hostHeader: string | undefined): boolean {
  if (isExtensionOrigin(origin)) return true;
  if (hostHeader === undefined) return false;
  try {
    const url = new URL(origin);
    return url.protocol === "http:" && url.origin === origin.toLowerCase().replace(/:80$/, "") && url.host === normalHost(hostHeader);
  } catch {
    return false;
  }
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The first hook of every request: a Host this server does not serve is answered 421, and a state
 * change (POST, PUT, PATCH, DELETE) sent from a foreign page (its Origin is neither this server
 * nor the extension) 403, whatever credentials or CSRF token it carries. Requests without an
 * Origin (curl, scripts) are not browsers' cross-site requests and pass to the auth checks.
 */
export function registerHostAndOriginChecks(app: FastifyInstance, server: Pick<Config["server"], "host" | "allowedHosts">): void {
  const served = ["127.0.0.1", "localhost", "[::1]", server.host, ...server.allowedHosts].filter((n, i, all) => all.indexOf(n) === i).join(", ");
  app.addHook("onRequest", async (request, reply) => {
    const host = request.headers.host;
    if (!isServedHost(host, server)) {
      const named = host === undefined ? "no Host header" : `Host ${JSON.stringify(host.slice(0, 100))}`;
      const message = `this server answers only for IP addresses and the names ${served} (the request has ${named}); add a name to server.allowedHosts to serve it`;
      return sendHttpError(reply, toHttpError(new AppError("misdirected", message)));
    }
    const origin = request.headers.origin;
    if (UNSAFE_METHODS.has(request.method) && origin !== undefined && !isOwnOrigin(origin, host)) {
      const message = `a change sent from another site (Origin ${JSON.stringify(origin.slice(0, 100))}) is refused: use the desk's own pages, the extension, or a client that sends no Origin`;
      return sendHttpError(reply, toHttpError(new AppError("forbidden", message)));
    }
  });
}
