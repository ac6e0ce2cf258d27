import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { quotaExhausted, startFakeOpenAI, type FakeOpenAIServer } from "../helpers/fake-openai-server.js";
import { dropAtomic, finishedInputs, makeArticle, makeHome, startDaemon, stopDaemon, storedRecords, waitFor, type RunningDaemon } from "../helpers/daemon.js";

// The real daemon on the OpenAI engine, talking to a local server that speaks the API.
let server: FakeOpenAIServer | undefined;
let daemon: RunningDaemon | undefined;

afterEach(async () => {
  if (daemon && daemon.child.exitCode === null) daemon.child.kill("SIGKILL");
  await daemon?.exited;
  await server?.close();
  daemon = server = undefined;
});

const KEY = "sk-test-0123456789abcdef";

async function startOnOpenAI(home: string): Promise<RunningDaemon> {
  return startDaemon(home, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server!.baseURL });
}

describe("daemon on the OpenAI engine", () => {
  it("stores with two calls per article, answers a duplicate with none, never logs the key", async () => {
    server = await startFakeOpenAI();
    const { home } = await makeHome();
    daemon = await startOnOpenAI(home);
    const inbox = path.join(home, "inbox");
    const article = makeArticle(1);
    await dropAtomic(inbox, "one.json", JSON.stringify(article));
    await waitFor(async () => (await finishedInputs(home)).done.length === 1, "first article");
    expect(server.count).toBe(2);
    await dropAtomic(inbox, "again.json", JSON.stringify(article));
    await waitFor(async () => (await finishedInputs(home)).done.length === 2, "duplicate");
    expect(server.count).toBe(2);
    const [record] = (await storedRecords(home)) as Array<{ provider?: string; usage?: { calls: number } }>;
    expect(record).toMatchObject({ provider: "openai", usage: { calls: 2 } });
    const trace = await fs.readFile(path.join(home, "data", "traces", (await fs.readdir(path.join(home, "data", "traces")))[0]!), "utf8");
    expect(trace).toMatch(/"outcome":"duplicate"/);
    for (const text of [daemon.output(), daemon.stderr(), trace]) expect(text).not.toContain(KEY);
    expect((await stopDaemon(daemon)).code).toBe(0);
  });

  it("on insufficient_quota stops calling, leaves the files waiting in the inbox and says so once", async () => {
    server = await startFakeOpenAI();
    server.setDefault(() => quotaExhausted());
    const { home } = await makeHome();
    daemon = await startOnOpenAI(home);
    const inbox = path.join(home, "inbox");
    for (let i = 0; i < 20; i++) await dropAtomic(inbox, `q-${i}.json`, JSON.stringify(makeArticle(100 + i)));
    await waitFor(async () => JSON.parse(await fs.readFile(path.join(home, "data", "state", "health.json"), "utf8")).quota_paused === true, "quota pause");
    await waitFor(async () => (await fs.readdir(inbox)).filter((n) => n.endsWith(".json")).length === 20, "files back in the inbox");
    const { done, failed } = await finishedInputs(home);
    expect(done).toEqual([]);
    expect(failed).toEqual([]);
    expect(
      daemon
        .stderr()
        .split("\n")
        .filter((line) => /quota exhausted/i.test(line)),
    ).toHaveLength(1);
    const calls = server.count;
    expect(calls).toBeLessThanOrEqual(8); // at most the calls already under way when the first answer came
    expect((await stopDaemon(daemon)).code).toBe(0);
  });
});
