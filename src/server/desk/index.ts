import type { FastifyPluginAsync } from "fastify";
import type { ServerDeps } from "../app.js";
import { csrfTokenForRequest } from "../auth.js";
import { escapeHtml } from "../html.js";

/**
 * Placeholder for the review desk (h-desk replaces this file): a page at `/` that says the API
 * is up. Registered by buildApp with `{ deps }`.
 */
export const deskPlugin: FastifyPluginAsync<{ deps: ServerDeps }> = async (app) => {
  app.get("/", async (request, reply) => {
    const csrf = csrfTokenForRequest(request);
    return reply.type("text/html; charset=utf-8").send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>news-coverage</title><meta name="csrf-token" content="${escapeHtml(csrf)}"></head>
<body><h1>news-coverage</h1><p>The HTTP API is running. See <code>GET /api/status</code>.</p>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${escapeHtml(csrf)}"><button>Sign out</button></form></body></html>
`);
  });
};
