import { mkdtempSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { createFeedPoller } from "../../src/feeds/poll.js";
import { startFeedSchedule } from "../../src/feeds/schedule.js";
import { rssFeed, startFeedServer, type FeedServer } from "../helpers/feed-server.js";

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});

/** A logger whose next line of a kind can be awaited. */
function watchedLog() {
  const lines: string[] = [];
  const waiters: Array<{ test: RegExp; resolve: (line: string) => void }> = [];
  const push = (line: string) => {
    lines.push(line);
    for (const w of [...waiters]) {
      if (w.test.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  return {
    lines,
    log: { info: push, warn: push },
    next: (test: RegExp) => new Promise<string>((resolve) => waiters.push({ test, resolve })),
  };
}

describe("the daemon's feed schedule", () => {
  it("polls the due feeds, logs what it handed over and the failures, and stops cleanly", async () => {
    const home = path.join(mkdtempSync(path.join(os.tmpdir(), "nc-feed-schedule-")), "home");
    const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home }, overrides: { intake: { allowPrivateHosts: true }, feeds: { checkEveryMs: 50 } } });
    server.routes.set("/s.xml", { body: rssFeed(server.base, [["s1", "Netflix buys a thriller", "Netflix bought it."]]) });
    const poller = createFeedPoller(config);
    await poller.subscriptions.add(`${server.base}/s.xml`, null, Date.now());
    await poller.subscriptions.add(`${server.base}/missing.xml`, null, Date.now());
    const { log, next } = watchedLog();
    const stored = next(/s\.xml: 1 new item\(s\), 1 to the inbox/);
    const failed = next(/missing\.xml: the server answered HTTP 404/);
    const stop = startFeedSchedule(config, log);
    await Promise.all([stored, failed]);
    await stop();
    const inbox = (await fs.readdir(path.join(home, "inbox"))).filter((n) => !n.startsWith("."));
    expect(inbox).toHaveLength(1);
    // Both feeds were polled once: the next poll of each is due only after its interval (or backoff).
    const states = await poller.subscriptions.list();
    expect(states.every((s) => s.next_poll_at !== null && Date.parse(s.next_poll_at) > Date.now())).toBe(true);
    expect(server.requests.filter((r) => r.path === "/s.xml")).toHaveLength(1);
  });
});
