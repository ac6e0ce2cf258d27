import { Worker } from "node:worker_threads";
import type { Paths } from "../store/layout.js";
import type { Config } from "../config/schema.js";
import type { Logger } from "../log.js";
import { buildApp } from "./app.js";
import { createServerEvents, type ServerEvent } from "../sinks/events.js";
import { errorMessage, ignoreFailure } from "../core/errors.js";

/** The running HTTP server as the daemon's thread sees it. */
export interface ServerHandle {
  url: string;
  /** Hands a daemon event (outcome, health) to the server. */
  post(event: ServerEvent): void;
  close(): Promise<void>;
}

/** Messages from the server thread to the daemon's thread. */
export type ThreadMessage =
  | { type: "listening"; url: string }
  | { type: "failed"; message: string }
  | { type: "log"; level: "info" | "warn" | "error"; message: string }
  | { type: "closed" };

export interface ThreadData {
  config: Config;
  paths: Paths;
  token: string;
}

export function urlOf(address: string | { address: string; port: number; family: string } | null, host: string): string {
  if (address === null || typeof address === "string") return `http://${host}`;
  const ip = address.family === "IPv6" || address.address.includes(":") ? `[${address.address}]` : address.address;
  return `http://${ip}:${address.port}`;
}

/** Listening failures in words the user can act on. */
export function describeListenError(err: unknown, config: Config): string {
  const code = (err as NodeJS.ErrnoException).code;
  const where = `${config.server.host}:${config.server.port}`;
  if (code === "EADDRINUSE")
    return `${where} is already in use (another daemon?); set server.port in config/local.json (0 picks a free port) or server.enabled false`;
  if (code === "EACCES") return `not allowed to listen on ${where}; use a port above 1023 in server.port`;
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND")
    return `server.host ${JSON.stringify(config.server.host)} is not an address of this machine; use 127.0.0.1`;
  return `cannot listen on ${where}: ${errorMessage(err)}`;
}

/** Same thread as the daemon: requests wait whenever the daemon's loop is busy (measured, see docs/architecture.md). */
async function startInMainThread(data: ThreadData, log: Logger): Promise<ServerHandle> {
  const events = createServerEvents();
  const app = await buildApp({ ...data, events, logger: { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) } });
  try {
    await app.listen({ host: data.config.server.host, port: data.config.server.port });
  } catch (err) {
    await ignoreFailure(app.close(), "the listen error below is what the caller needs to see");
    throw new Error(describeListenError(err, data.config));
  }
  return {
    url: urlOf(app.server.address(), data.config.server.host),
    post: (event) => events.emit("event", event),
    close: () => app.close(),
  };
}

const START_TIMEOUT_MS = 20_000;

/** Own thread and event loop: the daemon's synchronous file calls never hold a request up. */
async function startInWorker(data: ThreadData, log: Logger): Promise<ServerHandle> {
  // The server's requests are small and short-lived: a small young generation keeps its thread's
  // memory low while the daemon's own threads are busy (burst peak RSS).
  const worker = new Worker(new URL("./thread.js", import.meta.url), {
    workerData: data,
    stdout: false,
    stderr: false,
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
  });
  let closed!: () => void;
  const whenClosed = new Promise<void>((resolve) => (closed = resolve));
  let listening = false;
  let closing = false;
  let startTimer: NodeJS.Timeout | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    // The daemon's ready line waits for the server: never forever.
    startTimer = setTimeout(() => {
      reject(new Error(`the HTTP server thread did not start within ${START_TIMEOUT_MS / 1000} s`));
      void worker.terminate();
    }, START_TIMEOUT_MS);
    worker.on("message", (msg: ThreadMessage) => {
      if (msg.type === "listening") {
        listening = true;
        resolve(msg.url);
      } else if (msg.type === "failed") {
        reject(new Error(msg.message));
        void worker.terminate();
      } else if (msg.type === "log") log[msg.level](msg.message);
      else if (msg.type === "closed") closed();
    });
    worker.once("error", (err) => {
      log.error(`HTTP server thread failed: ${err.stack ?? err.message}`);
      reject(err);
      closed();
    });
    worker.once("exit", (code) => {
      if (listening && !closing)
        log.error(`HTTP API stopped unexpectedly (thread exit ${code}); the daemon goes on processing the inbox; restart it to serve again`);
      reject(new Error(`HTTP server thread exited (${code}) before listening`));
      closed();
    });
  }).finally(() => clearTimeout(startTimer));
  return {
    url,
    post: (event) => worker.postMessage(event),
    close: async () => {
      closing = true;
      worker.postMessage({ type: "close" });
      const timer = setTimeout(() => void worker.terminate(), 3000);
      await whenClosed;
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}

export async function startServer(data: ThreadData, log: Logger): Promise<ServerHandle> {
  return data.config.server.thread === "main" ? startInMainThread(data, log) : startInWorker(data, log);
}
