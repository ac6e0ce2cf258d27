import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/config/load.js";

// pm2 reads ecosystem.config.js with require(): what require() returns is what pm2 sees.
describe("ecosystem.config.js", () => {
  const require = createRequire(import.meta.url);
  const loaded = require(path.join(PACKAGE_ROOT, "ecosystem.config.js")) as { apps?: Array<Record<string, unknown>> };
  const defaults = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "config", "default.json"), "utf8")) as { shutdown: { graceMs: number } };

  it("gives pm2 one app named news-coverage that runs the built CLI's start command", () => {
    expect(loaded.apps).toHaveLength(1);
    const app = loaded.apps![0]!;
    expect(app).toMatchObject({ name: "news-coverage", script: "dist/cli/index.js", args: "start", cwd: PACKAGE_ROOT, wait_ready: true });
    expect(existsSync(path.join(PACKAGE_ROOT, app.script as string))).toBe(true);
  });

  it("lets in-flight work finish before pm2 kills: kill_timeout is longer than shutdown.graceMs", () => {
    expect(loaded.apps![0]!.kill_timeout as number).toBeGreaterThan(defaults.shutdown.graceMs);
  });

  it("stops the app on a configuration error (exit 2) instead of a crash loop, and injects no pm2 metrics module", () => {
    const app = loaded.apps![0]!;
    expect(app.stop_exit_codes).toEqual([2]);
    // @pm2/io exits the process itself when pm2's daemon is gone, cutting the graceful stop short.
    expect(app.pmx).toBe(false);
    // A restart_delay makes pm2 7 show an app stopped by stop_exit_codes as "waiting restart".
    expect(app.restart_delay).toBeUndefined();
  });
});
