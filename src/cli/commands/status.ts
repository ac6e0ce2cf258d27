import path from "node:path";
import type { Command } from "commander";
import { collectStatus } from "../../daemon/status.js";
import { cliContext } from "../context.js";

/** The exit code of `status` when no daemon is running (0 when one is). */
export const STATUS_NOT_RUNNING = 3;

export function registerStatusCommand(program: Command): void {
  program
    .command("status")
    .description("health, inbox depth, oldest waiting file, failures; exit 0 when the daemon runs, 3 when it does not")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const { paths, log } = cliContext();
      log.close();
      const summary = await collectStatus(paths);
      const { health, running, failed_recent: failedRecent } = summary;
      // Like `systemctl status`: a script can ask "is it running?" by the exit code alone.
      if (!running) process.exitCode = STATUS_NOT_RUNNING;
      if (options.json) {
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      const lines = [
        `daemon:    ${running ? `running (pid ${health!.pid}, up ${health!.uptime_s} s, engine ${health!.engine}, ${health!.watch_mode})` : "not running"}`,
        ...(running && health!.server ? [`api:       ${health!.server.url ?? `not serving (${health!.server.error ?? "unknown reason"})`}`] : []),
        `home:      ${paths.home}`,
        `inbox:     ${summary.inbox_depth} waiting${summary.oldest_waiting ? `, oldest ${summary.oldest_waiting.name} (${summary.oldest_waiting.ageS} s)` : ""}`,
      ];
      if (summary.ignored_count > 0) {
        const shown = summary.ignored
          .slice(0, 3)
          .map((n) => JSON.stringify(n))
          .join(", ");
        lines.push(`ignored:   ${summary.ignored_count} hidden, temp or folder name(s) never taken (${shown}${summary.ignored_count > 3 ? ", ..." : ""})`);
      }
      if (health) {
        const c = health.counters;
        lines.push(
          `counters:  ${c.done} done, ${c.stored} stored, ${c.duplicates} duplicates, ${c.failed} failed, ${c.retries} retries (since ${health.started_at})`,
        );
        lines.push(`in flight: ${health.in_flight}; last success ${health.last_success ?? "never"}`);
        if (health.quota_paused) lines.push("WARNING:   OpenAI quota exhausted; files wait in the inbox");
      }
      const digest = summary.last_digest;
      lines.push(`digest:    ${digest ? `last ${digest.date} (written ${digest.written_at})` : "none written yet"}`);
      const { model, disk } = summary;
      if (disk.full)
        lines.push(
          `WARNING:   the disk holding ${paths.data} is full${disk.since ? ` (since ${disk.since})` : ""}: files wait, without using up attempts, until space is freed`,
        );
      if (model.state === "unusable") lines.push(`WARNING:   ${model.problem}`);
      else lines.push(`model:     ${model.state === "installed" ? `${model.file} (${model.model_id})` : "the shipped model (no retrained one)"}`);
      lines.push(
        `failed:    ${summary.failed_count} file(s) in ${path.relative(paths.home, paths.failed) || paths.failed}/${summary.failed_count ? " (news-coverage retry moves them back)" : ""}`,
      );
      for (const f of failedRecent.slice(-5)) lines.push(`           ${f}`);
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}
