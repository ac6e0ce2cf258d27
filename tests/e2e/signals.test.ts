import { spawn } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  CLI,
  cliEnv,
  dropAtomic,
  listFiles,
  makeArticle,
  makeHome,
  startDaemon,
  stopDaemon,
  waitFor,
  killRunning,
  type RunningDaemon,
} from "../helpers/daemon.js";

const running: RunningDaemon[] = [];

afterEach(() => killRunning(running));

/** Signal numbers (Linux) whose handler the process has installed, from /proc/<pid>/status SigCgt. */
function caughtSignals(pid: number): Set<string> {
  let mask: bigint;
  try {
    const hex = /^SigCgt:\s+([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    mask = BigInt(`0x${hex ?? "0"}`);
  } catch {
    return new Set();
  }
  const names: Record<number, string> = { 1: "SIGHUP", 2: "SIGINT", 12: "SIGUSR2", 15: "SIGTERM" };
  return new Set(
    Object.entries(names)
      .filter(([n]) => (mask >> BigInt(Number(n) - 1)) & 1n)
      .map(([, name]) => name),
  );
}

describe.skipIf(process.platform !== "linux")("stop signals", () => {
  it.each(["SIGHUP", "SIGUSR2", "SIGTERM", "SIGINT"] as const)("%s stops the running daemon gracefully, with a log line, exit 0", async (signal) => {
    const { home } = await makeHome();
    const daemon = await startDaemon(home);
    running.push(daemon);
    await dropAtomic(path.join(home, "inbox"), "a.json", JSON.stringify(makeArticle(1)));
    await waitFor(async () => (await listFiles(path.join(home, "inbox", "done"))).length === 1, "a.json done");
    const { code } = await stopDaemon(daemon, signal);
    expect({ code, signal: daemon.child.signalCode }).toEqual({ code: 0, signal: null });
    expect(daemon.output()).toContain(`${signal}: finishing in-flight work, then exiting`);
    expect(daemon.output()).toMatch(/stopped: 1 done, 0 failed/);
    const health = JSON.parse(await fs.readFile(path.join(home, "data", "state", "health.json"), "utf8")) as { state: string };
    expect(health.state).toBe("stopped");
  });

  it("catches stop signals from the first moment of start-up, before the config is even loaded", async () => {
    const { home } = await makeHome();
    await dropAtomic(path.join(home, "inbox"), "a.json", JSON.stringify(makeArticle(2)));
    const child = spawn(process.execPath, [CLI, "start"], { env: cliEnv(home), stdio: ["ignore", "pipe", "pipe", "ipc"] });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    let ready = false;
    child.on("message", (m) => (ready ||= m === "ready"));
    // As soon as the handlers are in (before ready: the store, workers and the scan come later).
    await waitFor(async () => ["SIGHUP", "SIGINT", "SIGTERM", "SIGUSR2"].every((s) => caughtSignals(child.pid!).has(s)), "signal handlers", 20_000);
    child.kill("SIGINT");
    const result = await exited;
    expect(result, out).toEqual({ code: 0, signal: null });
    expect(out).toMatch(/SIGINT/);
    // Whatever moment it hit: nothing is left claimed, the article is either still waiting or done.
    const left = await listFiles(path.join(home, "inbox"));
    expect(left.filter((f) => f.startsWith(".processing"))).toEqual([]);
    expect(left.filter((f) => f.endsWith("a.json"))).toHaveLength(1);
    expect(ready || !out.includes("ready:")).toBe(true);
  });
});
