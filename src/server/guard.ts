import type { FastifyInstance } from "fastify";

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
