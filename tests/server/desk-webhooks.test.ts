import { createHmac } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { resolvePaths } from "../../src/store/layout.js";
import type { StoredRecord } from "../../src/core/record.js";
import { versionStamp } from "../../src/pipeline/correction.js";
import { buildApp } from "../../src/server/app.js";
import { createServerEvents } from "../../src/sinks/events.js";
import { DELIVERY_HEADER, SIGNATURE_HEADER } from "../../src/sinks/webhook-payload.js";
import { openStore } from "../../src/store/open.js";
import { freePort, startReceiver, type Receiver } from "../helpers/webhook-receiver.js";
import { makeRecord, tempConfig } from "../report/helpers.js";

const TOKEN = "e".repeat(64);
const SECRET = "the desk's webhook secret";
const OLD_CATEGORY = "Content, Deals & Distribution -> Film -> Development";
const NEW_CATEGORY = "Strategy & Miscellaneous News -> Misc.";
const open: Array<{ close(): Promise<unknown> }> = [];

afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function receiver(port?: number): Promise<Receiver> {
  const r = await startReceiver(port);
  open.push(r);
  return r;
}

/** The HTTP server against a temp home with these webhooks, listening on a real port, and one stored record. */
async function deskWith(webhooks: Array<Record<string, unknown>>) {
  const config = tempConfig({ server: { port: 0 }, sinks: { webhooks, webhookRetry: { baseDelayMs: 20, maxDelayMs: 80 } } });
  const paths = resolvePaths(config);
  const record = makeRecord({
    title: "Sony festival lineup",
    company: "Sony",
    buyers: { strong: ["Sony"], weak: [] },
    facts: [{ category: OLD_CATEGORY, line: "Sony festival unveils its lineup" }],
    review: ["low confidence 0.31"],
  });
  const { store } = await openStore(config, paths);
  await store.commit([{ record }]);
  const app: FastifyInstance = await buildApp({ config, paths, token: TOKEN, events: createServerEvents() });
  await app.listen({ host: "127.0.0.1", port: 0 });
  open.push(app);
  const { port } = app.server.address() as { port: number };
  const correct = async (body: Record<string, unknown>) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/desk/records/${record.id}/corrections`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { record: StoredRecord; changed: string[] } };
  };
  const outbox = async () =>
    (await fs.readFile(path.join(paths.state, "webhooks.jsonl"), "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { state: string; url: string; id: string });
  return { app, record, correct, outbox };
}

interface CorrectionDelivery {
  event: string;
  delivery_id: string;
  changed: string[];
  changes: { category?: { from: string; to: string } };
  record: StoredRecord;
}

describe("a review-desk correction reaches the webhooks", () => {
  it("once, signed, as record.corrected with the new version; the filters look at the new version; Slack says corrected", async () => {
    const json = await receiver();
    const slack = await receiver();
    const oldCategoryOnly = await receiver();
    const { app, record, correct, outbox } = await deskWith([
      { url: json.url, secret: SECRET, categories: [NEW_CATEGORY] },
      { url: slack.url, format: "slack", buyers: ["Sony"] },
      { url: oldCategoryOnly.url, categories: [OLD_CATEGORY] },
    ]);

    const res = await correct({ category: NEW_CATEGORY, base: versionStamp(record) });
    expect(res.status).toBe(200);
    await Promise.all([json.accepting(1), slack.accepting(1)]);
    await app.close(); // the desk's sinks close with it: nothing more is sent

    expect(json.requests).toHaveLength(1);
    const [delivery] = json.accepted;
    const body = JSON.parse(delivery!.body) as CorrectionDelivery;
    expect(delivery!.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(`sha256=${createHmac("sha256", SECRET).update(delivery!.body).digest("hex")}`);
    expect(delivery!.headers[DELIVERY_HEADER.toLowerCase()]).toBe(body.delivery_id);
    expect(body).toMatchObject({ event: "record.corrected", changed: ["category", "facts"], changes: { category: { from: OLD_CATEGORY, to: NEW_CATEGORY } } });
    expect(body.record).toEqual(res.body.record);
    expect(body.record).toMatchObject({ id: record.id, category: NEW_CATEGORY, supersedes: true, review: [] });

    expect(slack.requests).toHaveLength(1);
    const { text } = JSON.parse(slack.accepted[0]!.body) as { text: string };
    expect(text).toMatch(/^\*Sony\* 2025 Q4 \[Strategy &amp; Miscellaneous News -&gt; Misc\.\] corrected \(category, facts\): <https:\/\//);

    // The record's old category no longer passes that webhook's filter: nothing was queued for it.
    expect(oldCategoryOnly.requests).toHaveLength(0);
    const lines = await outbox();
    expect(lines.filter((l) => l.state === "pending").map((l) => l.url)).toEqual([json.url, slack.url]);
    expect(lines.filter((l) => l.state === "delivered")).toHaveLength(2);
  });

  it("each correction is its own delivery; a receiver that is down gets them once it is up, in order", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hook`;
    const { record, correct, outbox } = await deskWith([{ url, secret: SECRET }]);

    const first = await correct({ excluded: true, base: versionStamp(record) });
    expect(first.status).toBe(200);
    expect((await correct({ excluded: false, base: versionStamp(first.body.record) })).status).toBe(200);
    const queued = (await outbox()).filter((l) => l.state === "pending");
    expect(new Set(queued.map((l) => l.id)).size).toBe(2);

    const hook = await receiver(port);
    await hook.accepting(2);
    const bodies = hook.accepted.map((d) => JSON.parse(d.body) as CorrectionDelivery);
    expect(bodies.map((b) => b.record.excluded)).toEqual([true, false]);
    expect(bodies.map((b) => b.delivery_id)).toEqual(queued.map((l) => l.id));
  });
});
