import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeDigest } from "../../src/digest/digest.js";
import { createFeedPoller } from "../../src/feeds/poll.js";
import { rssFeed, startFeedServer, type FeedServer } from "../helpers/feed-server.js";
import { tempConfig } from "../report/helpers.js";

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});

describe("the digest names the feeds in trouble", () => {
  it("lists each failing or paused feed with its reason; a good feed is not named", async () => {
    const config = tempConfig({ intake: { allowPrivateHosts: true }, feeds: { maxFailures: 2 } });
    server.routes.set("/good.xml", { body: rssFeed(server.base, [["g1", "Netflix renews a drama", "Netflix renewed it."]]) });
    server.routes.set("/busy.xml", { status: 503, body: "busy" });
    const poller = createFeedPoller(config);
    for (const name of ["good.xml", "busy.xml", "gone.xml"]) await poller.subscriptions.add(`${server.base}/${name}`, null, Date.now());
    await poller.pollMany({ force: true });
    await poller.pollOne(`${server.base}/gone.xml`, { force: true });

    const file = await writeDigest({ config, date: "2025-06-10", now: Date.parse("2025-06-10T20:00:00Z") });
    const text = readFileSync(file, "utf8");
    expect(text).toContain("## Feeds failing or paused (2)");
    expect(text).toContain(`- <${server.base}/gone.xml>: paused after 2 failures in a row: the server answered HTTP 404 Not Found`);
    expect(text).toContain(`- <${server.base}/busy.xml>: failing (1 in a row): the server answered HTTP 503 Service Unavailable`);
    expect(text).not.toContain("good.xml");
  });

  it("says nothing about feeds when there are none in trouble", async () => {
    const config = tempConfig();
    const text = readFileSync(await writeDigest({ config, date: "2025-06-10", now: Date.parse("2025-06-10T20:00:00Z") }), "utf8");
    expect(text).not.toContain("Feeds");
  });
});
