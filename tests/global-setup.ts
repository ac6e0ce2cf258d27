import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CHROMIUM_PATH } from "./helpers/chromium.js";

/**
 * End-to-end tests run the built daemon (dist/), so build once before any test. The review desk
 * and extension tests drive Debian's chromium: say how to get it rather than fail deep inside
 * playwright. Every temporary folder of the run (test homes, daemons, chromium profiles) goes under
 * one folder that is removed at the end (kept when NC_KEEP_TEST_TMP is set, to look at after a
 * failure): the test workers and the daemons they start inherit TMPDIR.
 */
export default function setup(): () => void {
  const root = path.resolve(import.meta.dirname, "..");
  execFileSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], {
    cwd: root,
    stdio: "inherit",
  });
  const chromium = CHROMIUM_PATH;
  if (!existsSync(chromium)) {
    throw new Error(`the browser tests need Debian's chromium at ${chromium}: run "apt-get install chromium" (as root), or set CHROMIUM_PATH`);
  }
  const runTmp = mkdtempSync(path.join(os.tmpdir(), "nc-test-run-"));
  process.env.TMPDIR = runTmp;
  return () => {
    if (process.env.NC_KEEP_TEST_TMP) console.log(`test folders kept in ${runTmp}`);
    else rmSync(runTmp, { recursive: true, force: true, maxRetries: 3 });
  };
}
