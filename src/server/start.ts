import { resolvePaths } from "../store/layout.js";
import type { Config } from "../config/schema.js";
import type { Logger } from "../log.js";
import type { ServerEvent } from "../sinks/events.js";
import { startServer, type ServerHandle } from "./host.js";
import { loadOrCreateTokenInfo } from "./token.js";
import { errorMessage } from "../core/errors.js";

interface ApiServer {
  /** For health.json and the ready line: the URL, or why there is none. */
  info: { url: string | null; error?: string };
  post: (event: ServerEvent) => void;
  close: () => Promise<void>;
}

/**
 * Starts the HTTP API for `news-coverage start`. A server that cannot listen (port taken) is
 * logged as an error and the daemon runs on without it: the inbox must keep working.
 */
async function startApiServer(config: Config, log: Logger): Promise<ApiServer> {
  const paths = resolvePaths(config);
  let handle: ServerHandle;
  try {
    const token = await loadOrCreateTokenInfo(paths.state);
    if (token.created) log.info(`API token created in ${token.file} (mode 0600; shown this once): ${token.token}`);
    else log.info(`API token in ${token.file}`);
    handle = await startServer({ config, paths, token: token.token }, log);
  } catch (err) {
    const error = errorMessage(err);
    log.error(`HTTP API not started: ${error}`);
    return { info: { url: null, error }, post: () => undefined, close: async () => undefined };
  }
  log.info(`HTTP API listening at ${handle.url}`);
  return {
    info: { url: handle.url },
    post: (event) => handle.post(event),
    close: () => handle.close().catch((err: unknown) => void log.warn(`closing the HTTP API: ${errorMessage(err)}`)),
  };
}

interface ApiBesideDaemon {
  /** For the Daemon's hooks: its server info (filled in once listening) and where its events go. */
  hooks: { server: { url: string | null; error?: string }; onEvent: (event: ServerEvent) => void };
  /** Settles once the server listens or has given up (never rejects). */
  settled: Promise<void>;
  close: () => Promise<void>;
}

/**
 * Starts the API while the daemon starts (the server thread's module load and the daemon's store
 * load overlap). The daemon waits for `settled` before its ready line, which then has the URL.
 */
export function startApiBesideDaemon(config: Config, log: Logger): ApiBesideDaemon {
  const server: ApiBesideDaemon["hooks"]["server"] = { url: null, error: "starting" };
  let api: ApiServer | null = null;
  const settled = startApiServer(config, log).then((started) => {
    api = started;
    server.url = started.info.url;
    if (started.info.error) server.error = started.info.error;
    else delete server.error;
  });
  return {
    hooks: { server, onEvent: (event) => api?.post(event) },
    settled,
    close: async () => {
      await settled;
      await api?.close();
    },
  };
}
