// A local feed publisher for tests and the benchmark: each path serves a document with an ETag
// and a Last-Modified, answers 304 to a matching conditional request, and records every request.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Route {
  status?: number;
  type?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Sends the head and a first chunk, then never finishes. */
  hang?: boolean;
}

export interface FeedServer {
  base: string;
  routes: Map<string, Route>;
  requests: Array<{ path: string; ifNoneMatch?: string; ifModifiedSince?: string; userAgent?: string }>;
  close(): Promise<void>;
}

function etagOf(body: string | Buffer): string {
  let h = 0;
  for (const byte of Buffer.from(body)) h = (h * 31 + byte) >>> 0;
  return `"${h.toString(16)}-${Buffer.byteLength(body)}"`;
}

export async function startFeedServer(options: { record?: boolean } = {}): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const requests: FeedServer["requests"] = [];
  const record = options.record ?? true;
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    const pathName = new URL(req.url ?? "/", "http://x").pathname;
    if (record) {
      requests.push({
        path: pathName,
        ifNoneMatch: req.headers["if-none-match"],
        ifModifiedSince: req.headers["if-modified-since"],
        userAgent: req.headers["user-agent"],
      });
    }
    const route = routes.get(pathName);
    if (!route) {
      res.writeHead(404, "Not Found").end("not here");
      return;
    }
    if (route.hang) {
      res.writeHead(200, { "content-type": route.type ?? "application/rss+xml" });
      res.write("<rss><channel>");
      return;
    }
    const body = route.body ?? "";
    const status = route.status ?? 200;
    const etag = etagOf(body);
    const headers: Record<string, string> = { "content-type": route.type ?? "application/rss+xml; charset=utf-8", ...route.headers };
    if (status === 200) {
      headers.etag = etag;
      headers["last-modified"] = "Tue, 10 Jun 2025 04:00:00 GMT";
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, headers).end();
        return;
      }
    }
    res.writeHead(status, headers).end(body);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    routes,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const LONG = "The deal covers a second season and a spin-off in development, with the showrunner returning. ".repeat(4);

/** An RSS 2.0 feed with full text (content:encoded). Items: [guid, title, first sentence]. */
export function rssFeed(base: string, items: ReadonlyArray<[string, string, string]>, extra = ""): string {
  const entries = items
    .map(
      ([guid, title, lead]) =>
        `<item><title>${title}</title><link>${base}/articles/${guid}</link><guid isPermaLink="false">${guid}</guid>` +
        `<pubDate>Tue, 10 Jun 2025 04:00:00 GMT</pubDate><description>${lead}</description>` +
        `<content:encoded><![CDATA[<p>${lead}</p><p>${LONG}</p>]]></content:encoded></item>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Trade Daily</title><link>${base}</link>${extra}${entries}</channel></rss>`;
}

/** An Atom feed with summaries only: its entries link to article pages (served by `articlePage`). */
export function atomFeed(base: string, items: ReadonlyArray<[string, string, string]>): string {
  const entries = items
    .map(
      ([id, title, summary]) =>
        `<entry><id>tag:test,2025:${id}</id><title>${title}</title><link rel="alternate" href="${base}/pages/${id}"/>` +
        `<updated>2025-06-10T04:00:00Z</updated><summary>${summary}</summary></entry>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Trade</title><id>tag:test,2025:feed</id><updated>2025-06-10T04:00:00Z</updated>${entries}</feed>`;
}

export function articlePage(base: string, id: string, title: string, lead: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><link rel="canonical" href="${base}/pages/${id}"><meta property="article:published_time" content="2025-06-10T04:00:00Z"></head><body><article><h1>${title}</h1><p>${lead}</p><p>${LONG}</p><p>${LONG}</p></article></body></html>`;
}

export function jsonFeed(base: string, items: ReadonlyArray<[string, string, string]>): string {
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: "JSON Trade",
    items: items.map(([id, title, lead]) => ({
      id,
      url: `${base}/json/${id}`,
      title,
      content_text: `${lead}\n\n${LONG}`,
      date_published: "2025-06-10T04:00:00Z",
    })),
  });
}
