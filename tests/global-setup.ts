import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/**
 * End-to-end tests run the built daemon (dist/), so build once before any test. The review desk
 * and extension tests drive Debian's chromium: say how to get it rather than fail deep inside
 * playwright.
 */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, "..");
  execFileSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], {
    cwd: root,
    stdio: "inherit",
  });
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    throw new Error(`the browser tests need Debian's chromium at ${chromium}: run "apt-get install chromium" (as root), or set CHROMIUM_PATH`);
  }
}
