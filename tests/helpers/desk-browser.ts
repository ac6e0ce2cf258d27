import { promises as fs, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium.js";
import { startDaemon, waitFor, type RunningDaemon } from "./daemon.js";

export interface OpenDesk {
  daemon: RunningDaemon;
  /** The desk's address, from health.json. */
  url: string;
  token: string;
  context: BrowserContext;
  page: Page;
  /** Every dialog the pages opened (each dismissed): a desk page never opens one by itself. */
  dialogs: string[];
}

/** The real daemon on `home` and Debian's chromium on its desk (one page, 1280x800). */
export async function openDesk(home: string, options: { acceptDownloads?: boolean } = {}): Promise<OpenDesk> {
  const daemon = await startDaemon(home);
  const health = path.join(home, "data", "state", "health.json");
  const url = await waitFor(
    async () => (JSON.parse(await fs.readFile(health, "utf8").catch(() => "{}")) as { server?: { url?: string } }).server?.url,
    "the server URL in health.json",
    60_000,
  );
  const token = (await fs.readFile(path.join(home, "data", "state", "api-token"), "utf8")).trim();
  const context = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), "nc-chromium-")), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: CHROMIUM_ARGS,
    acceptDownloads: options.acceptDownloads ?? false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { daemon, url, token, context, page, dialogs };
}

export async function closeDesk(desk: OpenDesk | undefined): Promise<void> {
  await desk?.context.close();
  if (desk) {
    desk.daemon.child.kill("SIGTERM");
    await desk.daemon.exited;
  }
}
