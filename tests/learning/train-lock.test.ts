import { spawn, spawnSync } from "node:child_process";
import { existsSync, promises as fs, watch } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, cliEnv, makeHome } from "../helpers/daemon.js";
import { correctionLine, readHistory, smallCorpus, writeSmallCorpus } from "./helpers.js";
import { withTrainLock } from "../../src/learning/train-lock.js";
import { RETRAIN_LOCK_TARGET, RETRAIN_OWNER_FILE, lockDirOf } from "../../src/store/layout.js";

const PODCAST = "Strategy & Miscellaneous News -> Misc.";

/** A home with a small base corpus and two corrections, so a retrain takes seconds. */
async function trainHome(): Promise<{ home: string; models: string }> {
  const { home } = await makeHome();
  const baseCorpus = await writeSmallCorpus(home, smallCorpus());
  await fs.writeFile(
    path.join(home, "config", "local.json"),
    JSON.stringify({ digest: { enabled: false }, learning: { baseCorpus, cvFolds: 3, maxLoss: 0.1 } }),
  );
  const models = path.join(home, "data", "models");
  await fs.mkdir(models, { recursive: true });
  const lines = [
    correctionLine("Spotify signs podcast host to exclusive deal", "Spotify has signed the host of a top podcast to an exclusive multi-year deal.", PODCAST),
    correctionLine("Podcast network strikes ad deal with SiriusXM", "The podcast network will sell ads through SiriusXM under a new deal.", PODCAST),
  ];
  await fs.writeFile(path.join(home, "data", "corrections.jsonl"), lines.join("\n") + "\n");
  return { home, models };
}

/** Resolves once `file` exists (an fs.watch event on its folder, checked once after the watch is set). */
function appears(file: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(path.dirname(file), () => {
      if (existsSync(file)) done();
    });
    const done = () => {
      watcher.close();
      resolve();
    };
    if (existsSync(file)) done();
  });
}

function runCli(home: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: cliEnv(home), encoding: "utf8", timeout: 200_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the retrain lock", () => {
  it("a train killed with SIGKILL while it holds the lock does not block the next one", async () => {
    const { home, models } = await trainHome();
    const lockDir = lockDirOf(path.join(models, RETRAIN_LOCK_TARGET));
    const owner = path.join(models, RETRAIN_OWNER_FILE);
    const child = spawn(process.execPath, [CLI, "train"], { env: cliEnv(home), stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    await appears(owner);
    const held = JSON.parse(await fs.readFile(owner, "utf8")) as { pid: number; host: string; trigger: string };
    expect(held).toMatchObject({ pid: child.pid, host: os.hostname(), trigger: "cli" });
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    // What the killed retrain left: its lock and its owner file.
    expect(existsSync(lockDir)).toBe(true);
    expect(existsSync(owner)).toBe(true);

    const second = runCli(home, ["train"]);
    expect(second.stderr).not.toContain("already running");
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/retrain \(cli\) on 2 correction\(s\) accepted/);
    expect(await readHistory(home)).toHaveLength(1);
    expect(existsSync(lockDir)).toBe(false);
    expect(existsSync(owner)).toBe(false);
  }, 600_000);

  it("a retrain while a live process holds the lock is refused, naming that process and what to do", async () => {
    const { home, models } = await trainHome();
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const holder = withTrainLock(
      models,
      async () => {
        entered();
        await holding;
      },
      { trigger: "nightly" },
    );
    await inside;
    try {
      const second = runCli(home, ["train"]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`a retrain is already running: process ${process.pid} on ${os.hostname()} (the daemon's nightly retrain, since `);
      expect(second.stderr).toContain(`stop it (kill ${process.pid}) and run train again`);
      expect(await readHistory(home)).toEqual([]);
    } finally {
      release();
      await holder;
    }
    expect(existsSync(path.join(models, RETRAIN_OWNER_FILE))).toBe(false);
  }, 600_000);

  it("a lock with no owner file is taken over only once it is older than a minute", async () => {
    const { models } = await trainHome();
    const lockDir = lockDirOf(path.join(models, RETRAIN_LOCK_TARGET));
    await fs.mkdir(lockDir);
    const young = await withTrainLock(models, () => Promise.resolve("ran"), { trigger: "cli" }).catch((e: unknown) => e);
    expect(String(young)).toMatch(/a retrain is already running: another process/);
    const old = new Date(Date.now() - 5 * 60_000);
    await fs.utimes(lockDir, old, old);
    await expect(withTrainLock(models, () => Promise.resolve("ran"), { trigger: "cli" })).resolves.toBe("ran");
  });
});
