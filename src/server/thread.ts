// Entry of the HTTP server's worker thread (host.ts): its own event loop, fed daemon events by message.
import { parentPort, workerData } from "node:worker_threads";
import { buildApp } from "./app.js";
import { createServerEvents, type ServerEvent } from "../sinks/events.js";
import { describeListenError, urlOf, type ThreadData, type ThreadMessage } from "./host.js";

const data = workerData as ThreadData;
const port = parentPort!;
const send = (msg: ThreadMessage) => port.postMessage(msg);
const events = createServerEvents();
const log = (level: "info" | "warn" | "error") => (message: string) => send({ type: "log", level, message });

const app = await buildApp({ ...data, events, logger: { info: log("info"), warn: log("warn"), error: log("error") } });
port.on("message", (msg: ServerEvent | { type: "close" }) => {
  if (msg.type === "close") {
    void app.close().finally(() => {
      send({ type: "closed" });
      port.close();
    });
    return;
  }
  events.emit("event", msg);
});
try {
  await app.listen({ host: data.config.server.host, port: data.config.server.port });
  send({ type: "listening", url: urlOf(app.server.address(), data.config.server.host) });
} catch (err) {
  send({ type: "failed", message: describeListenError(err, data.config) });
  port.close();
}
