import { spawnSync } from "node:child_process";
import { promises as fs, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium.js";
import { CLI, cliEnv, makeHome, startDaemon, waitFor, type RunningDaemon } from "./daemon.js";

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

/**
 * A daemon home (one worker, the server on a free port, plus `local` config) whose store holds the
 * `expected` articles `write` puts in a folder beside it, stored through `news-coverage process`;
 * with `analyst`, that login added by `news-coverage users add`.
 */
export async function storedHome(
  local: Record<string, unknown>,
  write: (folder: string) => Promise<void>,
  expected: number,
  analyst?: { name: string; password: string },
): Promise<string> {
  const { home } = await makeHome({ server: { port: 0 }, pool: { workers: 1, maxInFlight: 64 }, ...local });
  const articles = path.join(home, "..", "articles");
  await write(articles);
  const processed = spawnSync(process.execPath, [CLI, "process", articles], { env: cliEnv(home), encoding: "utf8" });
  if (!new RegExp(`${expected} file\\(s\\) in .*: ${expected} stored`).test(processed.stderr))
    throw new Error(`process did not store ${expected} articles:\n${processed.stderr}`);
  if (analyst) {
    const added = spawnSync(process.execPath, [CLI, "users", "add", analyst.name, "--password", analyst.password], { env: cliEnv(home), encoding: "utf8" });
    if (!added.stdout.includes(`added ${analyst.name}`)) throw new Error(`users add failed:\n${added.stdout}${added.stderr}`);
  }
  return home;
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

/**
 * Every element of the page that sticks out to the right: its box past its parent's right edge or
 * the viewport's, or content wider than its own box (scrollWidth > clientWidth, whether the rest
 * shows, is clipped or scrolls), and the page itself scrolling sideways. Hidden elements (not
 * rendered, or the 1-pixel visually-hidden kind) are left out. Each finding names the element
 * and two of its ancestors.
 */
export async function findOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${typeof el.className === "string" && el.className.trim() ? `.${el.className.trim().split(/\s+/).join(".")}` : ""}`;
    const where = (el: Element) => {
      const chain = [name(el)];
      for (let up = el.parentElement; up && chain.length < 3 && up !== document.body; up = up.parentElement) chain.unshift(name(up));
      return chain.join(" > ");
    };
    const viewport = document.documentElement.clientWidth;
    const found: string[] = [];
    if (document.documentElement.scrollWidth > viewport)
      found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px in a ${viewport} px window`);
    for (const el of document.body.querySelectorAll("*")) {
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden" || style.position === "fixed") continue;
      const box = el.getBoundingClientRect();
      if (box.width <= 1 && box.height <= 1) continue;
      const right = Math.round(box.right);
      if (box.right > viewport + 0.5) found.push(`${where(el)}: right edge at ${right} px, past the window's ${viewport} px`);
      const parent = el.parentElement;
      if (parent && parent !== document.body && parent !== document.documentElement) {
        const edge = parent.getBoundingClientRect().right;
        if (box.right > edge + 0.5) found.push(`${where(el)}: right edge at ${right} px, past its container's ${Math.round(edge)} px`);
      }
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
        found.push(`${where(el)}: content ${el.scrollWidth} px wide in a ${el.clientWidth} px box`);
    }
    return found;
  });
}
