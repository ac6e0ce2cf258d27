// pm2: `npx pm2 start ecosystem.config.js` runs the daemon as "news-coverage".
// The package is ESM, and pm2 loads this file with require(): Node >= 20.19 (see "engines") loads
// an ES module that way and returns its named exports, so `apps` is a named export, not a default.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const apps = [
  {
    name: "news-coverage",
    script: "dist/cli/index.js",
    args: "start",
    cwd: path.dirname(fileURLToPath(import.meta.url)),
    interpreter: "node",
    // The daemon says process.send('ready') once recovered, scanned and watching.
    wait_ready: true,
    listen_timeout: 30000,
    // Shutdown waits up to shutdown.graceMs (8 s) for in-flight work; pm2 kills after this.
    kill_timeout: 12000,
    autorestart: true,
    // Exit code 2 is a configuration error (or a missing OPENAI_API_KEY): restarting cannot help,
    // so pm2 stops the app with the one-line reason in `pm2 logs --err` instead of a crash loop.
    stop_exit_codes: [2],
    // Any other crash within 5 s of starting counts as unstable; after 10 of them pm2 gives up
    // ("errored"). No restart_delay: with one, pm2 7 shows an app stopped by stop_exit_codes as
    // "waiting restart". A restart while the app is launching can leave a second daemon that pm2
    // no longer tracks; the daemon guards against that itself (src/daemon/pm2-guard.ts).
    min_uptime: 5000,
    max_restarts: 10,
    // No pm2 metrics module (@pm2/io) injected into the daemon: when pm2's daemon dies it calls
    // process.exit(1) on its next metrics tick, cutting the daemon's own graceful stop short.
    pmx: false,
    merge_logs: true,
    time: false,
    env: { NODE_ENV: "production" },
  },
];
