import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real local HTTP server standing in for a webhook receiver. */
export interface Receiver {
  url: string;
  port: number;
  /** Requests answered 2xx, in order. */
  accepted: Delivery[];
  /** Every request, whatever the answer. */
  requests: Delivery[];
  /** Answer the next `n` requests with `status` (500: a receiver broken for a while). */
  failNext(n: number, status?: number): void;
  /** Resolves once `n` requests were accepted. */
  accepting(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const accepted: Delivery[] = [];
  const requests: Delivery[] = [];
  let failing = 0;
  let failStatus = 500;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const delivery = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(delivery);
      if (failing > 0) {
        failing -= 1;
        res.writeHead(failStatus).end("not now");
        return;
      }
      accepted.push(delivery);
      res.writeHead(204).end();
      for (const waiter of waiters.filter((w) => accepted.length >= w.n)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/hook`,
    port: actual,
    accepted,
    requests,
    failNext(n, status = 500) {
      failing = n;
      failStatus = status;
    },
    accepting(n) {
      if (accepted.length >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on right now (connection refused), for a receiver started later. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
