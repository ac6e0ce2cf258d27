// The desk's fastify app over a temp data folder, logged in with the API token (fastify inject, no port).
import { promises as fs } from "node:fs";
import type { FastifyInstance } from "fastify";
import type { Config } from "../../src/config/schema.js";
import { buildApp } from "../../src/server/app.js";
import { csrfTokenFor, SESSION_COOKIE } from "../../src/server/auth.js";
import { createServerEvents } from "../../src/sinks/events.js";
import type { Paths } from "../../src/store/layout.js";

export interface DeskApp {
  app: FastifyInstance;
  /** The session cookie header value and the CSRF token that goes with it. */
  cookie: string;
  csrf: string;
}

export async function openDeskApp(config: Config, paths: Paths, token: string): Promise<DeskApp> {
  await fs.mkdir(paths.inbox, { recursive: true });
  const app = await buildApp({ config, paths, token, events: createServerEvents() });
  const login = await app.inject({ method: "POST", url: "/login", payload: { token } });
  const session = /nc_session=([^;]+)/.exec(String(login.headers["set-cookie"]))![1]!;
  return { app, cookie: `${SESSION_COOKIE}=${session}`, csrf: csrfTokenFor(session) };
}
