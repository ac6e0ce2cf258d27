import cors from "@fastify/cors";
import Fastify from "fastify";
import type { AddressInfo } from "node:net";

/**
 * The API of docs/notes' server contract, reduced to what the extension uses: bearer auth, CORS for
 * extension origins, POST /api/articles?wait=N and GET /api/status. Every article it receives is kept
 * so the test can read what the extension sent; the answer is the contract's outcome object.
 */
export async function startStubApi(token: string) {
  const received: unknown[] = [];
  const seenUrls = new Set<string>();
  const app = Fastify();
  await app.register(cors, { origin: [/^chrome-extension:\/\//, /^moz-extension:\/\//], allowedHeaders: ["authorization", "content-type"] });
  app.addHook("onRequest", async (req, reply) => {
    if (req.method === "OPTIONS") return;
    if (req.headers.authorization !== `Bearer ${token}`) return reply.code(401).send({ error: "missing or wrong token" });
  });
  app.get("/api/status", async () => ({ running: true, health: { engine: "offline" }, inbox_depth: 0, failed_count: 0 }));
  app.post("/api/articles", async (req, reply) => {
    const body = req.body as Record<string, unknown>;
    received.push(body);
    const id = `stub-${received.length}`;
    if (typeof body.url === "string" && !body.title) {
      return reply.code(200).send({ id, status: "failed", reason: `fetching ${body.url}: HTTP 404` });
    }
    if (seenUrls.has(String(body.url))) return { id, status: "duplicate", duplicate_of: "rec-1" };
    seenUrls.add(String(body.url));
    return {
      id,
      status: "stored",
      records: [{ id: "rec-1", company: "Netflix", buyers: ["Netflix", "Sony"], quarter: "2025 Q4", category: "Content -> Renewals", lines: [`${String(body.title)} (stub line)`] }],
    };
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => app.close() };
}
