// pm2: `npx pm2 start ecosystem.config.cjs` runs the daemon as "news-coverage".
module.exports = {
  apps: [
    {
      name: "news-coverage",
      script: "dist/cli/index.js",
      args: "start",
      cwd: __dirname,
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
  ],
};
