import { promises as fs, mkdtempSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page, type Worker } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../helpers/chromium.js";
import { ROOT } from "../helpers/daemon.js";

export const EXTENSION_DIR = path.join(ROOT, "extension");
const FIXTURES = path.join(import.meta.dirname, "fixtures");

/**
 * A copy of extension/ whose manifest also holds host access to http://localhost/*, where the test
 * serves its article pages. A real user's toolbar click or context-menu click grants that access
 * to the tab through activeTab; a test cannot click the toolbar, so the grant is written in. The
 * news-coverage server stays on 127.0.0.1, outside that grant: the extension reaches it through the
 * server's CORS, as it does for a user who declined the optional host access.
 */
export async function testCopyOfExtension(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const parent = mkdtempSync(path.join(os.tmpdir(), "nc-ext-"));
  const dir = path.join(parent, "extension");
  await fs.cp(EXTENSION_DIR, dir, { recursive: true });
  const manifestPath = path.join(dir, "manifest.json");
  const manifest = JSON.parse(await fs.readFile(manifestPath, "utf8")) as Record<string, unknown>;
  manifest.host_permissions = ["http://localhost/*"];
  await fs.writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  return { dir, cleanup: () => fs.rm(parent, { recursive: true, force: true }) };
}

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  close: () => Promise<void>;
}

export async function launchWithExtension(dir: string): Promise<ExtensionBrowser> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), "nc-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--headless=new", `--disable-extensions-except=${dir}`, `--load-extension=${dir}`, ...CHROMIUM_ARGS],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker", { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    close: async () => {
      await context.close();
      await fs.rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Serves tests/extension/fixtures/*.html on 127.0.0.1 (reached as http://localhost:<port>/). */
export async function serveFixtures(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? "/", "http://x").pathname);
    fs.readFile(path.join(FIXTURES, name))
      .then((body) => {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(body);
      })
      .catch(() => {
        res.writeHead(404);
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://localhost:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Saves server URL and token through the options page, as a user would. */
export async function configure(browser: ExtensionBrowser, serverUrl: string, token: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.waitForSelector("html[data-ready=true]");
  await page.fill("#serverUrl", serverUrl);
  await page.fill("#token", token);
  await page.click("#save");
  await page.waitForFunction(() => document.getElementById("message")?.textContent?.startsWith("Saved"));
  return page;
}

export async function tabIdOf(browser: ExtensionBrowser, url: string): Promise<number> {
  return browser.worker.evaluate(async (u) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url === u);
    if (!tab?.id) throw new Error(`no tab with ${u}`);
    return tab.id;
  }, url);
}

interface PopupView {
  state: string;
  headline: string;
  text: string;
}

/** Waits for the popup page to finish and reads what it shows. */
export async function readPopup(page: Page): Promise<PopupView> {
  await page.waitForSelector("html[data-done=true]", { timeout: 40_000 });
  return page.evaluate(() => ({
    state: document.getElementById("result")!.dataset.state!,
    headline: document.getElementById("headline")!.textContent!,
    text: document.getElementById("result")!.innerText,
  }));
}

declare const chrome: { tabs: { query: (q: object) => Promise<Array<{ id?: number; url?: string }>> } };
