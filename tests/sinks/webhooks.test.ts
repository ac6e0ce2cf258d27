import { createHmac } from "node:crypto";
import { promises as fs } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { resolvePaths } from "../../src/store/layout.js";
import type { Config } from "../../src/config/schema.js";
import type { CommittedRecord } from "../../src/core/sink.js";
import { createLogger } from "../../src/log.js";
import type { StoredRecord } from "../../src/core/record.js";
import type { Correction } from "../../src/pipeline/correction.js";
import { Outbox } from "../../src/sinks/outbox.js";
import { DELIVERY_HEADER, SIGNATURE_HEADER } from "../../src/sinks/webhook-payload.js";
import { WebhooksSink } from "../../src/sinks/webhooks.js";
import { makeRecord, tempConfig } from "../report/helpers.js";
import { freePort, startReceiver, type Receiver } from "../helpers/webhook-receiver.js";

const SECRET = "a shared secret";
const open: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

const daemonContext = (config: Config) => ({
  config,
  paths: resolvePaths(config),
  lockOptions: config.locks,
  displayName: (b: string) => (b === "WBD" ? "Warner Bros Discovery" : b),
  log: createLogger({ silent: true }),
});

/** A webhooks sink on a fresh data folder, or on `same`'s (a restart). */
function sinkFor(webhooks: Array<Record<string, unknown>>, same?: Config, oneShot = false) {
  const config = same ?? tempConfig({ sinks: { webhooks, webhookRetry: { baseDelayMs: 20, maxDelayMs: 80 } } });
  const context = daemonContext(config);
  const sink = new WebhooksSink({ ...context, oneShot });
  open.push(sink);
  return { sink, config, paths: context.paths };
}

async function receiver(port?: number): Promise<Receiver> {
  const r = await startReceiver(port);
  open.push(r);
  return r;
}

const stored = (record: StoredRecord, status: CommittedRecord["status"] = "stored", recovered = false): CommittedRecord => ({
  record,
  status,
  target: "x",
  recovered,
});
const settle = (committed: CommittedRecord[]) => ({ committed, traces: [], events: [] });

describe("webhooks", () => {
  it("posts each stored record once, signed, with a delivery id; duplicates are not sent", async () => {
    const hook = await receiver();
    const { sink } = sinkFor([{ url: hook.url, secret: SECRET }]);
    await sink.open();
    const records = [makeRecord(), makeRecord(), makeRecord()];
    await sink.settled(settle([stored(records[0]!), stored(records[1]!), stored(makeRecord(), "duplicate"), stored(records[2]!)]));
    await hook.accepting(3);
    // The same records committed again (a re-run after a crash finds them stored) queue nothing.
    await sink.settled(settle(records.map((r) => stored(r, "duplicate", true))));
    await sink.close();

    expect(hook.requests).toHaveLength(3);
    const bodies = hook.accepted.map((d) => JSON.parse(d.body) as { event: string; delivery_id: string; record: StoredRecord });
    expect(bodies.map((b) => b.record.id)).toEqual(records.map((r) => r.id));
    for (const [i, delivery] of hook.accepted.entries()) {
      const expected = `sha256=${createHmac("sha256", SECRET).update(delivery.body).digest("hex")}`;
      expect(delivery.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(expected);
      expect(delivery.headers[DELIVERY_HEADER.toLowerCase()]).toBe(bodies[i]!.delivery_id);
      expect(delivery.headers["content-type"]).toBe("application/json");
      expect(bodies[i]!.event).toBe("record.stored");
    }
    expect(new Set(bodies.map((b) => b.delivery_id)).size).toBe(3);
  });

  it("sends only the categories and buyers a webhook asks for; no signature without a secret", async () => {
    const deals = await receiver();
    const wbd = await receiver();
    const { sink } = sinkFor([
      { url: deals.url, categories: ["content, deals & distribution -> film -> development"] },
      { url: wbd.url, buyers: ["Warner Bros Discovery"] },
    ]);
    await sink.open();
    const film = makeRecord({ facts: [{ category: "Content, Deals & Distribution -> Film -> Development", line: "A film deal" }] });
    const hbo = makeRecord({ company: "WBD", buyers: { strong: ["WBD"], weak: [] } });
    const netflixWeak = makeRecord({ buyers: { strong: ["Sony"], weak: ["WBD"] } });
    await sink.settled(settle([stored(film), stored(hbo), stored(netflixWeak)]));
    await Promise.all([deals.accepting(1), wbd.accepting(2)]);
    await sink.close();
    expect(deals.accepted.map((d) => (JSON.parse(d.body) as { record: StoredRecord }).record.id)).toEqual([film.id]);
    expect(wbd.accepted.map((d) => (JSON.parse(d.body) as { record: StoredRecord }).record.id)).toEqual([hbo.id, netflixWeak.id]);
    expect(deals.accepted[0]!.headers[SIGNATURE_HEADER.toLowerCase()]).toBeUndefined();
  });

  it('posts a Slack-compatible { text } body with format "slack"', async () => {
    const slack = await receiver();
    const { sink } = sinkFor([{ url: slack.url, format: "slack" }]);
    await sink.open();
    const record = makeRecord({ company: "WBD", title: "HBO <renews> & more", facts: [{ category: "Org -> Org", line: "HBO renews the show" }] });
    await sink.settled(settle([stored(record)]));
    await slack.accepting(1);
    const body = JSON.parse(slack.accepted[0]!.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["text"]);
    expect(body.text).toBe(`*Warner Bros Discovery* 2025 Q4 [Org -&gt; Org]: <${record.url}|HBO &lt;renews&gt; &amp; more>\n• HBO renews the show`);
  });

  it("a receiver down (connection refused, then 500s) gets everything once it is up, nothing twice, across a restart", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hook`;
    const first = sinkFor([{ url, secret: SECRET }]);
    await first.sink.open();
    const records = Array.from({ length: 4 }, () => makeRecord());
    await first.sink.settled(settle(records.slice(0, 2).map((r) => stored(r))));
    const outbox = new Outbox(first.paths.state, first.config.locks);
    await outbox.open();
    expect(outbox.pendingDeliveries()).toHaveLength(2); // durable before anything was sent
    // The process stops (or is killed) while the receiver is still down.
    await first.sink.close();

    const hook = await receiver(port);
    hook.failNext(3, 500);
    const second = sinkFor([{ url, secret: SECRET }], first.config);
    await second.sink.open();
    await second.sink.settled(settle(records.slice(2).map((r) => stored(r))));
    await hook.accepting(4);
    await second.sink.idle();
    await second.sink.close();
    expect(hook.requests.length).toBeGreaterThanOrEqual(4 + 3);
    expect(hook.accepted.map((d) => (JSON.parse(d.body) as { record: StoredRecord }).record.id)).toEqual(records.map((r) => r.id));

    // A third start finds nothing pending: what was acknowledged is not sent again.
    outbox.catchUp();
    expect(outbox.pendingDeliveries()).toEqual([]);
    const lines = (await fs.readFile(outbox.file, "utf8")).trim().split("\n");
    expect(lines.every((line) => line.startsWith("{") && line.endsWith("}"))).toBe(true);
  });

  it("a refused delivery (4xx) is written down and not sent again; a one-shot run leaves a failing one pending", async () => {
    const hook = await receiver();
    hook.failNext(1, 400);
    const { sink, paths, config } = sinkFor([{ url: hook.url }], undefined, true);
    await sink.open();
    await sink.settled(settle([stored(makeRecord())]));
    await sink.close();
    const outbox = new Outbox(paths.state, config.locks);
    await outbox.open();
    expect(outbox.pendingDeliveries()).toEqual([]);
    expect(hook.requests).toHaveLength(1);

    hook.failNext(1, 503);
    const again = sinkFor([{ url: hook.url }], config, true);
    await again.sink.open();
    await again.sink.settled(settle([stored(makeRecord())]));
    await again.sink.close();
    outbox.catchUp();
    expect(outbox.pendingDeliveries()).toHaveLength(1);
  });

  it("a desk's correction in the daemon's process is sent by the desk's sink alone, however long the receiver fails", async () => {
    const hook = await receiver();
    hook.failNext(12, 503); // nearly a second of backoff: about ten of the daemon's adoption rounds (every 80 ms)
    const daemon = sinkFor([{ url: hook.url, secret: SECRET }]);
    await daemon.sink.open();
    const desk = new WebhooksSink({ ...daemonContext(daemon.config), desk: true });
    open.push(desk);
    const record = { ...makeRecord(), supersedes: true, excluded: true, reviewed: { at: "2025-12-01T09:00:00.000Z", changes: ["excluded"] } };
    const changes = { excluded: { from: false, to: true } };
    await desk.corrected([{ record, changed: ["excluded"], correction: { changes } as Correction, target: "x" }]);
    await hook.accepting(1);
    await desk.idle();
    await daemon.sink.idle();
    await Promise.all([desk.close(), daemon.sink.close()]);
    expect(hook.accepted).toHaveLength(1);
    expect(hook.requests).toHaveLength(13);
    expect(JSON.parse(hook.accepted[0]!.body)).toMatchObject({ event: "record.corrected", changed: ["excluded"], changes, record: { id: record.id } });
  });
});
