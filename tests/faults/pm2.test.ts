import { execFile } from "node:child_process";
import { promises as fs, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, dropAtomic, finishedInputs, makeArticle, makeHome, waitFor } from "../helpers/daemon.js";

const run = promisify(execFile);
const PM2 = path.join(ROOT, "node_modules", ".bin", "pm2");
const realApp = (createRequire(import.meta.url)(path.join(ROOT, "ecosystem.config.js")) as { apps: Array<Record<string, unknown>> }).apps[0]!;

interface Pm2 {
  pm2Home: string;
  home: string;
  cmd: (...args: string[]) => Promise<string>;
  app: () => Promise<{ status: string; restarts: number; pid: number; errLog: string }>;
}

const started: Pm2[] = [];

/** pm2 with its own PM2_HOME (its own pm2 daemon), running the real ecosystem app on `home`. */
async function pm2For(home: string, overrides: Record<string, unknown> = {}): Promise<Pm2 & { ecosystem: string }> {
  // Short: pm2's sockets live in PM2_HOME and a unix socket path is limited to 107 bytes.
  const pm2Home = mkdtempSync(path.join(os.tmpdir(), "nc-pm2-"));
  const ecosystem = path.join(pm2Home, "ecosystem.json");
  const app = { ...realApp, ...overrides, env: { ...(realApp.env as object), NEWS_COVERAGE_HOME: home, NEWS_COVERAGE_PROVIDER: "offline" } };
  await fs.writeFile(ecosystem, JSON.stringify({ apps: [app] }));
  const env: NodeJS.ProcessEnv = { ...process.env, PM2_HOME: pm2Home };
  delete env.OPENAI_API_KEY;
  const cmd = async (...args: string[]) => (await run(PM2, args, { env, cwd: ROOT, timeout: 60_000 })).stdout;
  const pm2: Pm2 & { ecosystem: string } = {
    pm2Home,
    home,
    ecosystem,
    cmd,
    app: async () => {
      const list = JSON.parse(await cmd("jlist")) as Array<{ pid: number; pm2_env: { status: string; restart_time: number; pm_err_log_path: string } }>;
      const p = list[0]!;
      return { status: p.pm2_env.status, restarts: p.pm2_env.restart_time, pid: p.pid, errLog: p.pm2_env.pm_err_log_path };
    },
  };
  started.push(pm2);
  return pm2;
}

afterEach(async () => {
  // Never leave a pm2 daemon behind.
  for (const pm2 of started.splice(0)) await pm2.cmd("kill").catch(() => undefined);
});

/** pids of daemons (`dist/cli/index.js start`) running on `home`, whoever started them. */
function daemonsOn(home: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pm2 retitles its child "node <script>" (one padded string), so look for the script anywhere.
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!cmdline.includes(path.join("dist", "cli", "index.js")) && !cmdline.includes("ProcessContainerFork")) continue;
      if (readFileSync(`/proc/${entry}/environ`, "utf8").split("\0").includes(`NEWS_COVERAGE_HOME=${home}`)) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

/** Waits until `check` has held for `forMs` in a row. */
async function steadily(check: () => boolean | Promise<boolean>, forMs: number, what: string, timeoutMs = 60_000): Promise<void> {
  let since: number | null = null;
  await waitFor(
    async () => {
      if (!(await check())) since = null;
      else since ??= Date.now();
      return since !== null && Date.now() - since >= forMs;
    },
    what,
    timeoutMs,
  );
}

describe.skipIf(process.platform !== "linux")("under real pm2", () => {
  it("a configuration error stops the app (exit 2 in stop_exit_codes) with one line in pm2 logs --err, no crash loop", async () => {
    const { home } = await makeHome({ watch: { stabilityMs: "soon" } });
    const pm2 = await pm2For(home);
    await pm2.cmd("start", pm2.ecosystem);
    await waitFor(async () => (await pm2.app()).status === "stopped", "pm2 to stop the app");
    // Give a crash loop time to show itself: restart_delay is 1 s.
    await new Promise((r) => setTimeout(r, 3000));
    const app = await pm2.app();
    expect(app).toMatchObject({ status: "stopped", restarts: 0 });
    const errLines = (await fs.readFile(app.errLog, "utf8")).split("\n").filter((l) => l.trim() !== "");
    expect(errLines).toHaveLength(1);
    expect(errLines[0]).toMatch(
      /^news-coverage: invalid configuration .*watch\.stabilityMs: .* \(pm2 stops the app: fix the configuration, then run pm2 restart news-coverage\)$/,
    );
    expect(await pm2.cmd("logs", "--err", "--nostream", "--lines", "5")).toContain("watch.stabilityMs");
  });

  it("after a crash loop, fixing the cause and pm2 restart while it launches leave exactly one daemon; pm2 stop leaves none and nothing claimed", async () => {
    const { home } = await makeHome({ digest: { enabled: false } });
    // A cause outside the configuration (exit 1, restarted by pm2): the data folder is a file.
    await fs.writeFile(path.join(home, "data"), "not a folder");
    // With a restart_delay (the ecosystem had one; users add one) pm2 7 starts a second daemon when
    // a launching app is restarted: src/daemon/pm2-guard.ts.
    const pm2 = await pm2For(home, { restart_delay: 1000 });
    await pm2.cmd("start", pm2.ecosystem);
    // pm2 restart of a launching app (wait_ready: not 'ready' yet) is what started a second daemon.
    for (let tries = 0; ; tries++) {
      await waitFor(async () => (await pm2.app()).status === "launching", "the app launching again");
      await fs.rm(path.join(home, "data"), { force: true });
      const restarted = await pm2.cmd("restart", "news-coverage").then(
        () => true,
        () => false,
      );
      if (restarted || tries >= 5) break;
    }
    await steadily(() => daemonsOn(home).length === 1, 6000, "exactly one daemon for 6 s");
    const [pid] = daemonsOn(home);
    expect((await pm2.app()).pid).toBe(pid);
    await dropAtomic(path.join(home, "inbox"), "a.json", JSON.stringify(makeArticle(1)));
    await waitFor(async () => (await finishedInputs(home)).done.length === 1, "a.json done");
    await pm2.cmd("stop", "news-coverage");
    await steadily(() => daemonsOn(home).length === 0, 3000, "no daemon after pm2 stop");
    const health = JSON.parse(await fs.readFile(path.join(home, "data", "state", "health.json"), "utf8")) as { state: string; pid: number };
    expect(health.state).toBe("stopped");
    const processing = await fs.readdir(path.join(home, "inbox", ".processing")).catch(() => []);
    expect(processing.filter((n) => !n.endsWith(".lock"))).toEqual([]);
  });

  it("a daemon whose pm2 daemon is killed stops by itself", async () => {
    const { home } = await makeHome({ digest: { enabled: false } });
    const pm2 = await pm2For(home);
    await pm2.cmd("start", pm2.ecosystem);
    await waitFor(async () => (await pm2.app()).status === "online" && daemonsOn(home).length === 1, "the daemon online");
    const god = Number(readFileSync(path.join(pm2.pm2Home, "pm2.pid"), "utf8"));
    process.kill(god, "SIGKILL");
    await waitFor(async () => daemonsOn(home).length === 0, "the daemon to stop after its pm2 died", 20_000);
    const health = JSON.parse(await fs.readFile(path.join(home, "data", "state", "health.json"), "utf8")) as { state: string };
    expect(health.state).toBe("stopped");
  });
});
