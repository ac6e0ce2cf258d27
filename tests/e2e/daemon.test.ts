import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  CLI,
  ROOT,
  cliEnv,
  dropAtomic,
  finishedInputs,
  listFiles,
  makeArticle,
  makeHome,
  startDaemon,
  stopDaemon,
  storedRecords,
  waitFor,
  type RunningDaemon,
} from "../helpers/daemon.js";

const SAMPLES = path.resolve(ROOT, "..", "shared", "corpus", "samples");
const running: RunningDaemon[] = [];

async function start(home: string): Promise<RunningDaemon> {
  const daemon = await startDaemon(home);
  running.push(daemon);
  return daemon;
}

afterEach(async () => {
  for (const daemon of running.splice(0)) {
    if (daemon.child.exitCode === null && daemon.child.signalCode === null) daemon.child.kill("SIGKILL");
    await daemon.exited;
  }
});

async function allFinished(home: string, count: number) {
  const { done, failed } = await finishedInputs(home);
  return done.length + failed.length >= count ? { done, failed } : false;
}

describe("daemon end to end", () => {
  it("turns the sample articles into records, final_output blocks and done/ files", async () => {
    const { home } = await makeHome();
    const daemon = await start(home);
    const samples = (await fs.readdir(SAMPLES)).filter((n) => n.endsWith(".json"));
    for (const name of samples) await dropAtomic(path.join(home, "inbox"), name, await fs.readFile(path.join(SAMPLES, name)));
    const { done, failed } = await waitFor(() => allFinished(home, samples.length), "samples to finish");
    expect(failed).toEqual([]);
    expect(done.sort()).toEqual(samples.sort());
    const records = await storedRecords(home);
    expect(records).toHaveLength(samples.length);
    const finalOutput = await fs.readFile(path.join(home, "data", "final_output.md"), "utf8");
    expect(finalOutput.match(/^Matched buyers: /gm)).toHaveLength(samples.length);
    expect(finalOutput).not.toMatch(/\n\n\n/);
    // One name per buyer: the filing company as its store folder names it, and the review flags.
    expect(finalOutput).toMatch(/^Matched buyers: \[[^\]\n]*'Warner Bros Discovery'/m);
    expect(finalOutput).not.toMatch(/'WBD'|'Comcast\/NBCU'/);
    expect(finalOutput.match(/^Company: /gm)).toHaveLength(samples.length);
    expect(finalOutput.match(/^Review: /gm)).toHaveLength(samples.length);
    expect(finalOutput).toMatch(/\nCompany: Warner Bros Discovery\n\nReview: [^\n]+\n\nURL: https:\/\/deadline\.com\//);
    expect(await listFiles(path.join(home, "inbox", ".processing"))).toEqual([]);
    expect(daemon.output()).toMatch(/processed deadline_leavy\.json -> Warner Bros Discovery\/2025 Q4 \[.+\] \d+ ms/);
    // pool.workers "auto": one less than the cores, at least one.
    const workers = Math.max(1, os.availableParallelism() - 1);
    expect(daemon.output()).toContain(`ready: engine offline (${workers} worker thread${workers === 1 ? "" : "s"}), watching`);
    const health = JSON.parse(await fs.readFile(path.join(home, "data", "state", "health.json"), "utf8"));
    expect(health).toMatchObject({ pid: daemon.child.pid, engine: "offline", watch_mode: "events" });
    const trace = await listFiles(path.join(home, "data", "traces"));
    expect(trace).toHaveLength(1);
    expect((await stopDaemon(daemon)).code).toBe(0);
  });

  it("fails every bad input with a clear reason, keeps running, and writes nothing outside its folders", async () => {
    const { parent, home } = await makeHome();
    const outside = path.join(parent, "outside.json");
    await fs.writeFile(outside, JSON.stringify(makeArticle(1)));
    const daemon = await start(home);
    const inbox = path.join(home, "inbox");
    const good = makeArticle(2);
    const bad: Record<string, string | Buffer> = {
      "not-json.json": "this is not json",
      "empty.json": "",
      "binary.json": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff]),
      "latin1.json": Buffer.from(`{"title":"caf\xe9","url":"https://variety.com/x","content":"x"}`, "latin1"),
      "array-one-bad.json": JSON.stringify([makeArticle(3), { ...makeArticle(4), url: "variety.com/x" }]),
      "missing-url.json": JSON.stringify({ title: "t", content: "c" }),
      "relative-url.json": JSON.stringify({ ...good, url: "variety.com/x" }),
      "bad-date.json": JSON.stringify({ ...makeArticle(5), published_at: "yesterday" }),
      "company-escape.json": JSON.stringify({ ...makeArticle(6), company: "../../etc" }),
      "huge.json": `{"title":"t","url":"https://variety.com/a","content":"${"x".repeat(20 * 1024 * 1024)}"}`,
    };
    const reasons: Record<string, RegExp> = {
      "not-json.json": /not valid JSON/,
      "empty.json": /empty/,
      "binary.json": /NUL bytes|UTF-8/,
      "latin1.json": /UTF-8/,
      "array-one-bad.json": /1 of 2 articles invalid: \[1\]\.url: must be an absolute http\(s\) URL, got "variety\.com\/x"/,
      "missing-url.json": /url: is required/,
      "relative-url.json": /url: must be an absolute http\(s\) URL, got "variety\.com\/x"/,
      "bad-date.json": /published_at: must be YYYY-MM-DD/,
      "company-escape.json": /company: must be one of the configured buyers/,
      "huge.json": /over the 5000000-byte limit/,
      "link.json": /symbolic link/,
    };
    for (const [name, content] of Object.entries(bad)) await dropAtomic(inbox, name, content);
    await fs.symlink(outside, path.join(inbox, "link.json"));
    await dropAtomic(inbox, "good.json", JSON.stringify(good));
    const total = Object.keys(bad).length + 2;
    const { done, failed } = await waitFor(() => allFinished(home, total), "bad inputs to finish");
    expect(done).toEqual(["good.json"]);
    expect(failed.sort()).toEqual(Object.keys(reasons).sort());
    const failedFiles = await listFiles(path.join(inbox, "failed"));
    for (const [name, pattern] of Object.entries(reasons)) {
      const report = failedFiles.find((f) => f.endsWith(`${name}.error.json`));
      expect(report, name).toBeDefined();
      const body = JSON.parse(await fs.readFile(path.join(inbox, "failed", report!), "utf8"));
      expect(body.reason, name).toMatch(pattern);
      expect(body).toMatchObject({ file: name, attempts: expect.any(Number), version: expect.any(String), time: expect.any(String) });
    }
    // The valid element of the array file is stored; the outside file is untouched and not moved.
    const records = await storedRecords(home);
    expect(records.map((r) => r.input_file).sort()).toEqual(["array-one-bad.json", "good.json"]);
    expect(JSON.parse(await fs.readFile(outside, "utf8"))).toMatchObject({ title: expect.any(String) });
    expect((await fs.readdir(parent)).sort()).toEqual(["home", "outside.json"]);
    expect((await listFiles(home)).every((f) => /^(inbox|data|config)\//.test(f))).toBe(true);
    expect(daemon.child.exitCode).toBeNull();
    expect(daemon.stderr()).toMatch(/failed not-json\.json: not valid JSON/);
    expect((await stopDaemon(daemon)).code).toBe(0);
  });

  it("handles names of up to 255 bytes with spaces, quotes and unicode, good and bad alike", async () => {
    const { home } = await makeHome();
    const daemon = await start(home);
    const inbox = path.join(home, "inbox");
    const stem = `Ünïcødé "quoted" 'name' with spaces `;
    const long = (tail: string) => `${stem}${"x".repeat(255 - Buffer.byteLength(stem + tail))}${tail}`;
    const good = long("-ok.json");
    const bad = long("-bad.json");
    expect(Buffer.byteLength(good)).toBe(255);
    await dropAtomic(inbox, good, JSON.stringify(makeArticle(8)));
    await dropAtomic(inbox, bad, JSON.stringify({ title: "no url", content: "c" }));
    const { done, failed } = await waitFor(() => allFinished(home, 2), "long names");
    expect(done).toEqual([good]);
    expect(failed).toEqual([bad]);
    const reports = (await listFiles(path.join(inbox, "failed"))).filter((f) => f.endsWith(".error.json"));
    expect(reports).toHaveLength(1);
    expect(JSON.parse(await fs.readFile(path.join(inbox, "failed", reports[0]!), "utf8")).file).toBe(bad);
    await stopDaemon(daemon);
  });

  it('a second input of a long name (253, 255 bytes) already in done/ and failed/ ends there too, as a shortened "name (2)" (issue 9.2)', async () => {
    const { home } = await makeHome();
    const daemon = await start(home);
    const inbox = path.join(home, "inbox");
    const good = `${"g".repeat(250)}.json`; // 255 bytes: "name (2).json" would be 259
    const bad = `${"b".repeat(248)}.json`;
    for (let round = 1; round <= 2; round++) {
      await dropAtomic(inbox, good, JSON.stringify(makeArticle(80 + round)));
      await dropAtomic(inbox, bad, JSON.stringify({ title: "no url", content: "c" }));
      await waitFor(() => allFinished(home, 2 * round), `round ${round} of long names`, 20_000);
    }
    const { done, failed } = await finishedInputs(home);
    expect(done).toHaveLength(2);
    expect(failed).toHaveLength(2);
    for (const name of [...done, ...failed]) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(await listFiles(path.join(inbox, ".processing"))).toEqual([]);
    expect(daemon.stderr()).not.toMatch(/ENAMETOOLONG/);
    await stopDaemon(daemon);
  });

  it("waits for a slow writer instead of failing its half-written file", async () => {
    const { home } = await makeHome();
    const daemon = await start(home);
    const file = path.join(home, "inbox", "slow.json");
    const text = JSON.stringify(makeArticle(7));
    const handle = await fs.open(file, "w");
    for (let i = 0; i < text.length; i += 40) {
      await handle.write(text.slice(i, i + 40));
      await new Promise((r) => setTimeout(r, 30));
    }
    await handle.close();
    const { done, failed } = await waitFor(() => allFinished(home, 1), "slow file");
    expect(failed).toEqual([]);
    expect(done).toEqual(["slow.json"]);
    await stopDaemon(daemon);
  });

  it("waits for a writer that appends by name in steps (the claim's rename would split the file)", async () => {
    // A window far longer than the gap between the steps, so a slow CI machine cannot stretch the gap past it.
    const { home } = await makeHome({ watch: { stabilityMs: 1500, rescanMs: 500 } });
    const daemon = await start(home);
    const file = path.join(home, "inbox", "steps.json");
    const text = JSON.stringify(makeArticle(9));
    const cut = Math.floor(text.length / 2);
    await fs.writeFile(file, text.slice(0, cut));
    await new Promise((r) => setTimeout(r, 100));
    await fs.appendFile(file, text.slice(cut));
    const { done, failed } = await waitFor(() => allFinished(home, 1), "the file written in steps");
    expect(failed).toEqual([]);
    expect(done).toEqual(["steps.json"]);
    await stopDaemon(daemon);
  });

  it("loses and duplicates nothing when killed -9 mid-burst and restarted", async () => {
    const { home } = await makeHome();
    const inbox = path.join(home, "inbox");
    let daemon = await start(home);
    const count = 500;
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = `burst-${String(i).padStart(4, "0")}.json`;
      names.push(name);
      await dropAtomic(inbox, name, JSON.stringify(makeArticle(i)));
    }
    // Kill as soon as some work is done, but not all of it.
    await waitFor(async () => (await finishedInputs(home)).done.length >= 50, "first files");
    daemon.child.kill("SIGKILL");
    await daemon.exited;
    const midway = (await finishedInputs(home)).done.length;
    daemon = await start(home);
    const { done, failed } = await waitFor(() => allFinished(home, count), "all burst files", 60_000);
    expect(midway).toBeLessThan(count);
    expect(failed).toEqual([]);
    expect(done.sort()).toEqual(names);
    const records = await storedRecords(home);
    expect(new Set(records.map((r) => r.id)).size).toBe(count);
    expect(records).toHaveLength(count);
    expect(await listFiles(path.join(inbox, ".processing"))).toEqual([]);
    const blocks = (await fs.readFile(path.join(home, "data", "final_output.md"), "utf8")).match(/^URL: /gm);
    expect(blocks).toHaveLength(count);
    await stopDaemon(daemon);
  });

  it("exits 0 on SIGINT during a burst, well within pm2's kill_timeout, and a restart finishes the rest", async () => {
    const { home } = await makeHome();
    const inbox = path.join(home, "inbox");
    let daemon = await start(home);
    const count = 300;
    for (let i = 0; i < count; i++) await dropAtomic(inbox, `s-${i}.json`, JSON.stringify(makeArticle(i)));
    await waitFor(async () => (await finishedInputs(home)).done.length >= 20, "first files");
    const { code, ms } = await stopDaemon(daemon, "SIGINT");
    expect(code).toBe(0);
    expect(ms).toBeLessThan(12_000);
    daemon = await start(home);
    await waitFor(() => allFinished(home, count), "rest of the burst", 60_000);
    const records = await storedRecords(home);
    expect(new Set(records.map((r) => r.id)).size).toBe(count);
    expect(records).toHaveLength(count);
    await stopDaemon(daemon);
  });

  it("two daemons and a process run on one home never store an article twice or tear a line", async () => {
    const { home } = await makeHome();
    const inbox = path.join(home, "inbox");
    const a = await start(home);
    const b = await start(home);
    const extra = path.join(home, "..", "batch");
    await fs.mkdir(extra);
    const count = 300;
    const articles = Array.from({ length: count }, (_, i) => makeArticle(i));
    // The CLI gets a third of the same articles: they must end as duplicates, not second records.
    for (let i = 0; i < count; i += 3) await fs.writeFile(path.join(extra, `p-${i}.json`), JSON.stringify(articles[i]));
    const cli = spawn(process.execPath, [CLI, "process", extra], { env: cliEnv(home), stdio: ["ignore", "ignore", "pipe"] });
    for (let i = 0; i < count; i++) await dropAtomic(inbox, `t-${i}.json`, JSON.stringify(articles[i]));
    const cliCode = await new Promise<number | null>((resolve) => cli.once("exit", resolve));
    expect(cliCode).toBe(0);
    const { done, failed } = await waitFor(() => allFinished(home, count), "both daemons", 60_000);
    expect(failed).toEqual([]);
    expect(new Set(done).size).toBe(count);
    expect(done).toHaveLength(count);
    const records = await storedRecords(home);
    expect(records).toHaveLength(count);
    expect(new Set(records.map((r) => r.id)).size).toBe(count);
    expect(a.output()).toMatch(/processed t-/);
    expect(b.output()).toMatch(/processed t-/);
    const finalOutput = await fs.readFile(path.join(home, "data", "final_output.md"), "utf8");
    expect(finalOutput.match(/^Matched buyers: /gm)).toHaveLength(count);
    await Promise.all([stopDaemon(a), stopDaemon(b)]);
  });
});
