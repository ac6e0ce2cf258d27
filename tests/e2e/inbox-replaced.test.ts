import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dropAtomic, finishedInputs, makeArticle, makeHome, runCli, startDaemon, waitFor, killRunning, type RunningDaemon } from "../helpers/daemon.js";

const running: RunningDaemon[] = [];

afterEach(() => killRunning(running));

describe("the inbox removed while the daemon runs (issue 9.3)", () => {
  it("is noticed, made again with what the daemon needs, logged once, and new files are taken", async () => {
    const { home } = await makeHome();
    const daemon = await startDaemon(home);
    running.push(daemon);
    const inbox = path.join(home, "inbox");
    await dropAtomic(inbox, "before.json", JSON.stringify(makeArticle(1)));
    await waitFor(async () => (await finishedInputs(home)).done.length === 1, "before.json done");

    // A user cleaning up: the whole inbox goes (done/, failed/, .processing/ with it), then a new one.
    await fs.rm(inbox, { recursive: true });
    await fs.mkdir(inbox);
    await dropAtomic(inbox, "after.json", JSON.stringify(makeArticle(2)));
    await waitFor(async () => (await finishedInputs(home)).done.includes("after.json"), "after.json done");

    // Removed and not made again by anyone: the daemon makes it.
    await fs.rm(inbox, { recursive: true });
    await waitFor(async () => (await fs.stat(inbox).catch(() => null))?.isDirectory(), "the inbox made again");
    await dropAtomic(inbox, "third.json", JSON.stringify(makeArticle(3)));
    await waitFor(async () => (await finishedInputs(home)).done.includes("third.json"), "third.json done");

    expect(daemon.stderr().match(/was removed or replaced while running/g), daemon.stderr()).toHaveLength(2);
    // status tells the truth: running, nothing waiting.
    const status = JSON.parse(runCli(home, ["status", "--json"]).stdout) as { running: boolean; inbox_depth: number; health: { inbox_depth: number } };
    expect(status).toMatchObject({ running: true, inbox_depth: 0 });
    await waitFor(async () => {
      const health = JSON.parse(await fs.readFile(path.join(home, "data", "state", "health.json"), "utf8")) as {
        inbox_depth: number;
        counters: { done: number };
      };
      return health.counters.done === 3 && health.inbox_depth === 0;
    }, "health.json to count 3 done, 0 waiting");
  });
});
