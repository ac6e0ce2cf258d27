import cookie from "@fastify/cookie";
import cors from "@fastify/cors";
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyInstance } from "fastify";
import type { Paths } from "../store/layout.js";
import type { Config } from "../config/schema.js";
import { createBuyerDirectory } from "../pipeline/buyer-directory.js";
import { SettlementReader } from "../store/settlements.js";
import { registerApi } from "./api.js";
import { registerAuth } from "./auth.js";
import { deskPlugin } from "./desk/index.js";
import { installErrorHandler } from "./errors.js";
import { isExtensionOrigin, rateLimitKey, registerHostAndOriginChecks, registerSecurityHeaders } from "./guard.js";
import type { ServerEvents } from "../sinks/events.js";
import { OutcomeBook } from "./outcomes.js";

export interface ServerLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ServerDeps {
  config: Config;
  paths: Paths;
  token: string;
  events: ServerEvents;
  now?: () => Date;
  logger?: ServerLogger;
}

/**
 * The HTTP app: auth (Bearer or session cookie + CSRF), the API, the review desk plugin. Not
 * listening yet: `app.listen` (see host.ts), or `app.inject` in tests.
 */
export async function buildApp(deps: ServerDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const { requestTimeoutMs } = config.server;
  const app = Fastify({
    logger: false,
    bodyLimit: config.server.bodyLimitBytes,
    // A client that sends its headers and then trickles or stalls the body gets 408 once the whole
    // request has taken requestTimeoutMs; an idle socket is closed after twice that.
    requestTimeout: requestTimeoutMs,
    connectionTimeout: requestTimeoutMs * 2,
    http: { connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeoutMs / 4))), headersTimeout: requestTimeoutMs },
    forceCloseConnections: true,
    return503OnClosing: true,
    trustProxy: false,
  });
  const logger = deps.logger ?? { info: () => undefined, warn: () => undefined, error: () => undefined };
  // Only JSON and forms: plain text would reach a handler as an unchecked string.
  app.removeContentTypeParser("text/plain");
  installErrorHandler(app, (m) => logger.error(`HTTP ${m}`));
  registerSecurityHeaders(app);
  registerHostAndOriginChecks(app, config.server);

  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin !== undefined && isExtensionOrigin(origin)),
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: ["authorization", "content-type", "x-csrf-token"],
    maxAge: 600,
  });
  await app.register(rateLimit, {
    max: config.server.rateLimitPerMinute,
    timeWindow: 60_000,
    // Per credential (token, session), and per address for requests without one.
    keyGenerator: rateLimitKey,
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: config.server.bodyLimitBytes });
  registerAuth(app, deps.token, {
    stateDir: deps.paths.state,
    idleMs: config.server.sessionIdleMinutes * 60_000,
    now: deps.now && (() => deps.now!().getTime()),
  });

  // Built once here, where the server starts (in its own thread when server.thread is "worker").
  const buyers = createBuyerDirectory(config.buyers);
  const book = new OutcomeBook(new SettlementReader(deps.paths, buyers), deps.events);
  app.addHook("onClose", async () => book.close());
  // Waiting requests answer "pending" at once when the server closes, rather than holding it up.
  app.addHook("preClose", async () => book.releaseAll());
  registerApi(app, deps, book, buyers);
  await app.register(deskPlugin, { deps, buyers });
  return app;
}
