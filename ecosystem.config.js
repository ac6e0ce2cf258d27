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
    max_restarts: 20,
    restart_delay: 1000,
    merge_logs: true,
    time: false,
    env: { NODE_ENV: "production" },
  },
];
