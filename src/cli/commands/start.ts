import type { Command } from "commander";
import { flushLogger } from "../../log.js";
import { cliContext, requireEngine } from "../context.js";
import { ignoreOutputErrors, onStopSignal } from "../signals.js";
import { resolvePaths } from "../../store/layout.js";
import { Pm2Guard, pm2Identity } from "../../daemon/pm2-guard.js";
import { errorMessage, ignoreFailure } from "../../core/errors.js";

export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description("run the daemon in the foreground (pm2 runs this)")
    .action(async () => {
      const { config, log } = cliContext();
      // Before the daemon exists: it would claim inbox files before the engine refused.
      requireEngine(config);
      // Loaded here, not at the top: other commands start faster without the daemon's modules.
      const [{ Daemon }, { daemonExtras }, { startApiBesideDaemon }] = await Promise.all([
        import("../../daemon/daemon.js"),
        import("../../daemon/extras.js"),
        import("../../server/start.js"),
      ]);
      const api = config.server.enabled ? startApiBesideDaemon(config, log) : null;
      const extras = daemonExtras(config, log);
      const daemon = new Daemon(config, log, {
        onReady: () => process.send?.("ready"),
        // The ready line (and pm2's ready) only once the API listens or has given up.
        extras: async (d) => {
          await api?.settled;
          return extras(d);
        },
        ...(api ? api.hooks : {}),
      });
      let signals = 0;
      let starting: Promise<void> = Promise.resolve();
      const shutdown = (signal: string) => {
        signals += 1;
        if (signals > 1) {
          log.warn(`${signal} again: exiting now (claimed files are re-run at the next start)`);
          process.exit(130);
        }
        log.info(`${signal}: finishing in-flight work, then exiting`);
        // A signal during daemon.start() waits for it (the store opening, the first scan): a stop
        // in the middle would leave half-started watchers and timers behind.
        ignoreFailure(starting, "a failed start is reported where it is awaited")
          .then(() => daemon.stop())
          .then(() => api?.close())
          .then(() => flushLogger(log))
          .then(() => process.exit(0))
          .catch((err: unknown) => {
            process.stderr.write(`shutdown error: ${errorMessage(err)}\n`);
            process.exit(1);
          });
      };
      onStopSignal(shutdown);
      const pm2 = pm2Identity();
      if (pm2) {
        const guard = new Pm2Guard(resolvePaths(config).state, pm2, (reason) => {
          ignoreOutputErrors();
          log.warn(`${reason}: stopping`);
          shutdown("pm2 guard");
        });
        await guard.start().catch((err: unknown) => log.warn(`could not record this daemon for pm2: ${errorMessage(err)}`));
      }
      // pm2 may ask for a graceful stop through IPC as well.
      process.on("message", (msg) => {
        if (msg === "shutdown") shutdown("shutdown message");
      });
      try {
        starting = daemon.start();
        await starting;
      } catch (err) {
        log.error(`could not start: ${errorMessage(err)}`);
        await flushLogger(log);
        process.exit(1);
      }
    });
}
