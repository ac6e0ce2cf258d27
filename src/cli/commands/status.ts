import { promises as fs } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { healthFile, type HealthSnapshot } from "../../daemon/health.js";
import { inboxEntryKind } from "../../daemon/inbox.js";
import { cliContext } from "../context.js";

async function listFailed(failedDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const day of await fs.readdir(failedDir).catch(() => [] as string[])) {
    for (const name of await fs.readdir(path.join(failedDir, day)).catch(() => [] as string[])) {
      if (!name.endsWith(".error.json")) out.push(path.join(day, name));
    }
  }
  return out.sort();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function registerStatusCommand(program: Command): void {
  program
    .command("status")
    .description("health, inbox depth, oldest waiting file, failures")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const { paths, log } = cliContext();
      log.close();
      const health = (await fs
        .readFile(healthFile(paths), "utf8")
        .then((t) => JSON.parse(t) as HealthSnapshot)
        .catch(() => null)) as HealthSnapshot | null;
      const now = Date.now();
      const waiting: Array<{ name: string; ageS: number }> = [];
      // Hidden and temp names (and folders that are no input) are never taken: counted, not waiting.
      const ignored: string[] = [];
      for (const name of await fs.readdir(paths.inbox).catch(() => [] as string[])) {
        const stat = await fs.lstat(path.join(paths.inbox, name)).catch(() => null);
        if (!stat) continue;
        const kind = inboxEntryKind(name, stat.isDirectory());
        if (kind === "ignored") ignored.push(name);
        else if (kind === "input") waiting.push({ name, ageS: Math.round((now - stat.mtimeMs) / 1000) });
      }
      ignored.sort();
      waiting.sort((a, b) => b.ageS - a.ageS);
      const failed = await listFailed(paths.failed);
      const running = health !== null && health.state !== "stopped" && alive(health.pid);
      const summary = {
        running,
        health,
        inbox_depth: waiting.length,
        oldest_waiting: waiting[0] ?? null,
        ignored_count: ignored.length,
        ignored: ignored.slice(0, 10),
        failed_count: failed.length,
        failed_recent: failed.slice(-10),
      };
      if (options.json) {
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      const lines = [
        `daemon:    ${running ? `running (pid ${health!.pid}, up ${health!.uptime_s} s, engine ${health!.engine}, ${health!.watch_mode})` : "not running"}`,
        `home:      ${paths.home}`,
        `inbox:     ${waiting.length} waiting${waiting[0] ? `, oldest ${waiting[0].name} (${waiting[0].ageS} s)` : ""}`,
      ];
      if (ignored.length > 0) {
        const shown = ignored.slice(0, 3).map((n) => JSON.stringify(n)).join(", ");
        lines.push(`ignored:   ${ignored.length} hidden, temp or folder name(s) never taken (${shown}${ignored.length > 3 ? ", ..." : ""})`);
      }
      if (health) {
        const c = health.counters;
        lines.push(`counters:  ${c.done} done, ${c.stored} stored, ${c.duplicates} duplicates, ${c.failed} failed, ${c.retries} retries (since ${health.started_at})`);
        lines.push(`in flight: ${health.in_flight}; last success ${health.last_success ?? "never"}; last digest ${health.last_digest_date ?? "none"}`);
        if (health.quota_paused) lines.push("WARNING:   OpenAI quota exhausted; files wait in the inbox");
      }
      lines.push(`failed:    ${failed.length} file(s) in ${path.relative(paths.home, paths.failed) || paths.failed}/${failed.length ? " (news-coverage retry moves them back)" : ""}`);
      for (const f of failed.slice(-5)) lines.push(`           ${f}`);
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}
