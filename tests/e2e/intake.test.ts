// Saved pages and link files through the real daemon, with pages served on 127.0.0.1:0.
import { promises as fs } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ROOT,
  dropAtomic,
  finishedInputs,
  listFiles,
  makeArticle,
  makeHome,
  runCli,
  startDaemon,
  stopDaemon,
  storedRecords,
  waitFor,
  type RunningDaemon,
} from "../helpers/daemon.js";

const PAGES = path.join(ROOT, "tests", "fixtures", "pages");
const ROUTES: Record<string, string> = {
  "/variety/loot": "variety-loot-renewed.html",
  "/thr/paramount": "thr-paramount-layoffs.html",
  "/variety/tv": "variety-tv-section-front.html",
};

let server: http.Server;
let base = "";
const requests: string[] = [];
/** Requests to /hold wait here until the test lets them go. */
let releaseHeld: () => void = () => undefined;
let held = new Promise<void>((resolve) => (releaseHeld = resolve));
const running: RunningDaemon[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    const file = ROUTES[req.url ?? ""];
    if (req.url === "/go/loot") return void res.writeHead(301, { location: "/variety/loot" }).end();
    if (req.url === "/hold") {
      void held
        .then(() => fs.readFile(path.join(PAGES, "variety-loot-renewed.html")))
        .then((body) => res.writeHead(200, { "content-type": "text/html" }).end(body));
      return;
    }
    if (!file) return void res.writeHead(404, "Not Found").end();
    void fs.readFile(path.join(PAGES, file)).then((body) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(async () => {
  for (const daemon of running.splice(0)) {
    if (daemon.child.exitCode === null && daemon.child.signalCode === null) daemon.child.kill("SIGKILL");
    await daemon.exited;
  }
});

async function start(home: string): Promise<RunningDaemon> {
  const daemon = await startDaemon(home);
  running.push(daemon);
  return daemon;
}

async function finished(home: string, count: number) {
  const f = await finishedInputs(home);
  return f.done.length + f.failed.length >= count ? f : false;
}

async function errorReport(home: string, name: string): Promise<{ reason: string; field_errors: Array<{ field: string; message: string }> }> {
  const failedDir = path.join(home, "inbox", "failed");
  const file = (await listFiles(failedDir)).find((f) => path.basename(f) === `${name}.error.json`);
  if (!file) throw new Error(`no error report for ${name}`);
  return JSON.parse(await fs.readFile(path.join(failedDir, file), "utf8"));
}

describe("intake end to end", () => {
  it("stores saved pages and fetched links, fails what it cannot take with a reason, and counts what it ignores", async () => {
    const { home } = await makeHome({ intake: { allowPrivateHosts: true, fetchTimeoutMs: 5000 } });
    const inbox = path.join(home, "inbox");
    // A "Webpage, Complete" save: the page and its folder (written first, as browsers do).
    await fs.cp(path.join(PAGES, "deadline-fx-harjo-series_files"), path.join(inbox, "deadline-fx-harjo-series_files"), { recursive: true });
    // Hidden and temp names are never taken.
    await fs.writeFile(path.join(inbox, ".notes.txt"), "https://variety.com/x\n");
    await fs.writeFile(path.join(inbox, "download.html.crdownload"), "<html>");
    const daemon = await start(home);

    await dropAtomic(inbox, "deadline-fx-harjo-series.html", await fs.readFile(path.join(PAGES, "deadline-fx-harjo-series.html")));
    await dropAtomic(inbox, "Page without address.htm", await fs.readFile(path.join(PAGES, "no-address-rupaul.html")));
    await dropAtomic(inbox, "reading-list.txt", `Worth a look:\n${base}/go/loot\n${base}/thr/paramount\n${base}/missing\n`);
    await dropAtomic(inbox, "section.url", `[InternetShortcut]\r\nURL=${base}/variety/tv\r\n`);
    await dropAtomic(inbox, "report.docx", Buffer.from("PK\u0003\u0004 not really a docx"));
    await dropAtomic(inbox, "README", "notes");

    // done/ also lists the two files of the page folder that moved with it.
    const { done, failed } = await waitFor(() => finished(home, 8), "six inputs to finish");
    expect(done.sort()).toEqual(["deadline-fx-harjo-series.html", "style.css", "logo.svg"].sort());
    expect(failed.sort()).toEqual(["Page without address.htm", "README", "reading-list.txt", "report.docx", "section.url"].sort());

    // The complete save's folder went with its page.
    const doneFiles = await listFiles(path.join(inbox, "done"));
    expect(doneFiles.some((f) => f.endsWith(path.join("deadline-fx-harjo-series_files", "style.css")))).toBe(true);
    await expect(fs.access(path.join(inbox, "deadline-fx-harjo-series_files"))).rejects.toThrow();

    const records = (await storedRecords(home)) as unknown as Array<{
      title: string;
      url: string;
      input_file: string;
      published_at: string | null;
      source: string;
    }>;
    expect(records.map((r) => [r.input_file, r.url]).sort()).toEqual(
      [
        ["deadline-fx-harjo-series.html", "https://deadline.com/2024/09/sterlin-harjo-ethan-hawke-fx-series-order-1236100471/"],
        ["reading-list.txt", "https://variety.com/2024/tv/news/loot-renewed-season-3-apple-tv-plus-1236021374/"],
        // Its canonical link is relative: it resolves against where the page was fetched from.
        ["reading-list.txt", `${base}/business/business-news/paramount-layoffs-15-percent-skydance-1235967419/`],
      ].sort(),
    );
    expect(records.find((r) => r.url.includes("loot"))).toMatchObject({ title: "‘Loot’ Renewed for Season 3 at Apple TV+", source: "Variety" });

    // One reason per failed link; the stored ones are not repeated as failures.
    const list = await errorReport(home, "reading-list.txt");
    expect(list.reason).toBe(`1 of 3 links failed: ${base}/missing: the server answered HTTP 404 Not Found`);
    expect(list.field_errors).toEqual([{ field: `${base}/missing`, message: "the server answered HTTP 404 Not Found" }]);
    expect((await errorReport(home, "section.url")).reason).toContain("no article text found");
    expect((await errorReport(home, "Page without address.htm")).reason).toContain('no <link rel="canonical">');
    for (const name of ["report.docx", "README"]) {
      expect((await errorReport(home, name)).reason).toContain("the inbox takes .json (article), .html or .htm (saved web page), .txt, .url or .webloc");
    }
    expect(daemon.stderr()).toContain("failed report.docx: .docx files are not taken");
    expect(requests).toEqual(expect.arrayContaining(["/go/loot", "/variety/loot", "/thr/paramount", "/missing", "/variety/tv"]));

    const status = JSON.parse(runCli(home, ["status", "--json"]).stdout);
    expect(status).toMatchObject({ inbox_depth: 0, ignored_count: 2, ignored: [".notes.txt", "download.html.crdownload"] });
    expect(runCli(home, ["status"]).stdout).toContain("ignored:   2 hidden, temp or folder name(s) never taken");
    expect((await stopDaemon(daemon)).code).toBe(0);
  });

  it("refuses links to loopback and private addresses unless intake.allowPrivateHosts, and fails link files when intake.fetch is false", async () => {
    const { home } = await makeHome();
    const inbox = path.join(home, "inbox");
    const daemon = await start(home);
    const before = requests.length;
    await dropAtomic(
      inbox,
      "local.txt",
      `${base}/variety/loot\nhttp://localhost:${new URL(base).port}/thr/paramount\nhttp://[::ffff:127.0.0.1]:${new URL(base).port}/x\n`,
    );
    await waitFor(() => finished(home, 1), "the link file to finish");
    const report = await errorReport(home, "local.txt");
    expect(report.reason).toMatch(/^3 of 3 links failed: /);
    for (const e of report.field_errors) expect(e.message).toMatch(/^refused: .* resolves to .*intake\.allowPrivateHosts/);
    expect(requests.length).toBe(before); // nothing was fetched
    expect(await storedRecords(home)).toEqual([]);
    expect((await stopDaemon(daemon)).code).toBe(0);

    const off = await makeHome({ intake: { fetch: false, allowPrivateHosts: true } });
    const offDaemon = await start(off.home);
    await dropAtomic(path.join(off.home, "inbox"), "links.webloc", `<plist><dict><key>URL</key><string>${base}/variety/loot</string></dict></plist>`);
    await waitFor(() => finished(off.home, 1), "the webloc to finish");
    expect((await errorReport(off.home, "links.webloc")).reason).toContain("fetching links is turned off (intake.fetch is false)");
    expect(requests.length).toBe(before);
    expect((await stopDaemon(offDaemon)).code).toBe(0);
  });

  it("fetches a {url} sent to the HTTP API through the same link-file path and answers with the stored record", async () => {
    const { home } = await makeHome({ intake: { allowPrivateHosts: true, fetchTimeoutMs: 5000 } });
    const daemon = await start(home);
    const health = JSON.parse(await fs.readFile(path.join(home, "data", "state", "health.json"), "utf8")) as { server?: { url: string | null } };
    const api = health.server?.url;
    expect(api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const token = (await fs.readFile(path.join(home, "data", "state", "api-token"), "utf8")).trim();
    const post = (url: string) =>
      fetch(`${api}/api/articles?wait=25`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ url }),
      });
    const stored = await post(`${base}/go/loot`);
    expect(stored.status).toBe(200);
    const body = (await stored.json()) as { status: string; file: string; records: Array<{ company: string }> };
    expect(body).toMatchObject({ status: "stored", records: [{ company: "Apple" }] });
    expect(body.file).toMatch(/^api-[0-9a-f]{24}\.txt$/);
    const missing = (await (await post(`${base}/missing`)).json()) as { status: string; reason: string };
    expect(missing).toMatchObject({ status: "failed", reason: `${base}/missing: the server answered HTTP 404 Not Found` });
    expect((await stopDaemon(daemon)).code).toBe(0);
  });

  it("keeps processing other files while a link's page is slow: fetching never holds the worker", async () => {
    const { home } = await makeHome({ intake: { allowPrivateHosts: true, fetchTimeoutMs: 60_000 }, pool: { workers: 1, maxInFlight: 256 } });
    const inbox = path.join(home, "inbox");
    const daemon = await start(home);
    held = new Promise<void>((resolve) => (releaseHeld = resolve));
    await dropAtomic(inbox, "slow.txt", `${base}/hold\n`);
    await waitFor(async () => requests.includes("/hold"), "the slow page to be requested");
    // Dropped while the fetch hangs: with one worker thread, this file is done only if the fetch
    // does not occupy that thread.
    await dropAtomic(inbox, "a.json", JSON.stringify(makeArticle(1)));
    await waitFor(async () => (await finishedInputs(home)).done.includes("a.json"), "a.json to be done while the fetch hangs");
    expect((await finishedInputs(home)).done).not.toContain("slow.txt");
    releaseHeld();
    await waitFor(async () => (await finishedInputs(home)).done.includes("slow.txt"), "the slow link file to be done");
    expect((await stopDaemon(daemon)).code).toBe(0);
  });
});
