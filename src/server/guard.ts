import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";

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
