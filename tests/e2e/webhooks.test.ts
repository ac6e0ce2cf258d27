import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_LOCK_OPTIONS } from "../../src/store/locks.js";
import { Outbox } from "../../src/sinks/outbox.js";
import { DELIVERY_HEADER, SIGNATURE_HEADER } from "../../src/sinks/webhook-payload.js";
import {
  dropAtomic,
  finishedInputs,
  killRunning,
  makeArticle,
  makeHome,
  CLI,
  cliEnv,
  startDaemon,
  stopDaemon,
  storedRecords,
  waitFor,
  type RunningDaemon,
} from "../helpers/daemon.js";
import { freePort, startReceiver, type Receiver } from "../helpers/webhook-receiver.js";

const SECRET = "receiver secret";
const running: RunningDaemon[] = [];
const receivers: Receiver[] = [];

afterEach(async () => {
  await killRunning(running);
  for (const r of receivers.splice(0)) await r.close();
});

async function start(home: string): Promise<RunningDaemon> {
  const daemon = await startDaemon(home);
  running.push(daemon);
  return daemon;
}

describe("webhooks from the real daemon", () => {
  it("a receiver down while the daemon is killed (-9) gets every stored record once after the restart, signed; process sends too", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hook`;
    const { home } = await makeHome({ sinks: { webhooks: [{ url, secret: SECRET }], webhookRetry: { baseDelayMs: 50, maxDelayMs: 200 } } });
    const inbox = path.join(home, "inbox");

    const first = await start(home);
    for (let i = 0; i < 3; i++) await dropAtomic(inbox, `a${i}.json`, JSON.stringify(makeArticle(i)));
    await waitFor(async () => (await finishedInputs(home)).done.length === 3, "three files done");
    await stopDaemon(first, "SIGKILL");

    const receiver = await startReceiver(port);
    receivers.push(receiver);
    receiver.failNext(2, 500);
    const second = await start(home);
    await receiver.accepting(3);
    const outbox = new Outbox(path.join(home, "data", "state"), DEFAULT_LOCK_OPTIONS);
    await outbox.open();
    // Acknowledged deliveries are written down as delivered: nothing is left to send at the next start.
    await waitFor(async () => {
      outbox.catchUp();
      return outbox.pendingDeliveries().length === 0;
    }, "the deliveries written down");
    await stopDaemon(second);

    const records = await storedRecords(home);
    expect(records).toHaveLength(3);
    const delivered = receiver.accepted.map((d) => ({ d, body: JSON.parse(d.body) as { delivery_id: string; record: { id: string } } }));
    expect(delivered.map(({ body }) => body.record.id).sort()).toEqual(records.map((r) => r.id).sort());
    for (const { d, body } of delivered) {
      expect(d.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(`sha256=${createHmac("sha256", SECRET).update(d.body).digest("hex")}`);
      expect(d.headers[DELIVERY_HEADER.toLowerCase()]).toBe(body.delivery_id);
    }

    // `process` goes through the same session and sinks: its stored record is posted before it exits.
    const file = path.join(home, "one.json");
    await fs.writeFile(file, JSON.stringify(makeArticle(9)));
    // Not spawnSync: the receiver runs on this test's event loop.
    const child = spawn(process.execPath, [CLI, "process", file], { env: cliEnv(home), stdio: "ignore" });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    expect(receiver.accepted).toHaveLength(4);
    expect(new Set(receiver.accepted.map((d) => d.headers[DELIVERY_HEADER.toLowerCase()])).size).toBe(4);
  });
});
