/**
 * Feed polling benchmark: F feeds of N items each (RSS 2.0 with full text), served by a local
 * publisher in its own process over H ports (each port is one host: one request at a time per
 * host), polled by the real poller (createFeedPoller) into a temp home. Prints, for the first
 * poll of all feeds and for a re-poll when every feed answers 304, the time to drain, the poller
 * process's CPU (user + system) in total and per feed, and its memory (RSS, heap). Exits 1 when
 * the re-poll costs more than --limit-ms of CPU per feed.
 *
 *   npx tsx scripts/bench-feeds.ts [--feeds=500] [--items=50] [--hosts=50] [--buyer-share=0.1]
 *                                  [--limit-ms=1] [--json]
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, promises as fs } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { loadConfig } from "../src/config/load.js";
import { createFeedPoller } from "../src/feeds/poll.js";
import { rssFeed } from "../tests/helpers/feed-server.js";
import { option } from "./args.js";

const FEEDS = Number(option("feeds", "500"));
const ITEMS = Number(option("items", "50"));
const HOSTS = Number(option("hosts", "50"));
const BUYER_SHARE = Number(option("buyer-share", "0.1"));
const LIMIT_MS = Number(option("limit-ms", "1"));
const JSON_OUT = option("json", "false") === "true";

/** Feed f's items: a share of them name a buyer, the rest are screened. */
function feedBody(base: string, f: number): string {
  const items: Array<[string, string, string]> = [];
  for (let i = 0; i < ITEMS; i++) {
    const buyer = (f * ITEMS + i) % Math.round(1 / BUYER_SHARE) === 0;
    const title = buyer ? `Netflix renews series ${f}-${i} for a second season` : `Regional theatre ${f}-${i} announces its winter programme`;
    const lead = buyer ? `Netflix has renewed series ${f}-${i}.` : `The theatre ${f}-${i} announced six new plays for the season.`;
    items.push([`feed${f}-item${i}`, title, lead]);
  }
  return rssFeed(base, items);
}

/** The publisher (child process): one server per host port; /feed/<f>.xml with an ETag; 304 on a match. */
async function serve(): Promise<void> {
  const bodies = new Map<string, { body: string; etag: string }>();
  const ports: number[] = [];
  for (let h = 0; h < HOSTS; h++) {
    const server = http.createServer((req, res) => {
      const key = `${req.socket.localPort}${req.url ?? ""}`;
      const entry = bodies.get(key);
      if (!entry) return void res.writeHead(404).end();
      const headers = { "content-type": "application/rss+xml; charset=utf-8", etag: entry.etag, "last-modified": "Tue, 10 Jun 2025 04:00:00 GMT" };
      if (req.headers["if-none-match"] === entry.etag) return void res.writeHead(304, headers).end();
      res.writeHead(200, headers).end(entry.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    ports.push((server.address() as AddressInfo).port);
  }
  const urls: string[] = [];
  for (let f = 0; f < FEEDS; f++) {
    const port = ports[f % HOSTS]!;
    const base = `http://127.0.0.1:${port}`;
    bodies.set(`${port}/feed/${f}.xml`, { body: feedBody(base, f), etag: `"f${f}"` });
    urls.push(`${base}/feed/${f}.xml`);
  }
  process.send!({ urls });
}

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

interface Round {
  round: string;
  feeds: number;
  ok: number;
  notModified: number;
  failed: number;
  newItems: number;
  toInbox: number;
  screened: number;
  wallMs: number;
  cpuMs: number;
  cpuMsPerFeed: number;
  userMs: number;
  systemMs: number;
  rssMb: number;
  heapMb: number;
}

async function main(): Promise<void> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), "--serve"], { execArgv: process.execArgv, stdio: "inherit" });
  const { urls } = await new Promise<{ urls: string[] }>((resolve) => child.once("message", (m) => resolve(m as { urls: string[] })));
  const home = path.join(mkdtempSync(path.join(tmpdir(), "nc-bench-feeds-")), "home");
  try {
    const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home }, overrides: { intake: { allowPrivateHosts: true }, feeds: { hostsAtOnce: HOSTS } } });
    const poller = createFeedPoller(config);
    for (const url of urls) await poller.subscriptions.add(url, null, Date.now());
    const rounds: Round[] = [];
    for (const round of ["first poll", "re-poll (all 304)"]) {
      // The first poll's garbage is collected before the re-poll (as it would be 15 minutes later).
      collectGarbage();
      let peakRss = 0;
      let peakHeap = 0;
      const sample = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }, 20);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const results = await poller.pollMany({ force: true });
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      for (const r of results.filter((x) => x.error).slice(0, 3)) process.stderr.write(`${round}: ${r.url}: ${r.error}\n`);
      clearInterval(sample);
      const m = process.memoryUsage();
      const cpuMs = (cpu.user + cpu.system) / 1000;
      rounds.push({
        round,
        feeds: results.length,
        ok: results.filter((r) => r.status === 200 && !r.error).length,
        notModified: results.filter((r) => r.status === 304).length,
        failed: results.filter((r) => r.error).length,
        newItems: results.reduce((n, r) => n + (r.newItems ?? 0), 0),
        toInbox: results.reduce((n, r) => n + (r.stored ?? 0), 0),
        screened: results.reduce((n, r) => n + (r.screened ?? 0), 0),
        wallMs: Math.round(wallMs),
        cpuMs: Math.round(cpuMs),
        cpuMsPerFeed: Number((cpuMs / results.length).toFixed(3)),
        userMs: Math.round(cpu.user / 1000),
        systemMs: Math.round(cpu.system / 1000),
        rssMb: Math.round(Math.max(peakRss, m.rss) / 2 ** 20),
        heapMb: Math.round(Math.max(peakHeap, m.heapUsed) / 2 ** 20),
      });
    }
    const inboxFiles = (await fs.readdir(path.join(home, "inbox"))).filter((n) => !n.startsWith(".")).length;
    const repoll = rounds[1]!;
    const pass = repoll.notModified === FEEDS && repoll.cpuMsPerFeed <= LIMIT_MS;
    if (JSON_OUT) process.stdout.write(`${JSON.stringify({ feeds: FEEDS, items: ITEMS, hosts: HOSTS, inboxFiles, rounds, pass, loadavg: loadavg() })}\n`);
    else {
      process.stdout.write(
        `${FEEDS} feeds x ${ITEMS} items over ${HOSTS} hosts; load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")}\n`,
      );
      for (const r of rounds) {
        process.stdout.write(
          `${r.round.padEnd(18)} ${r.feeds} feeds (${r.ok} 200, ${r.notModified} 304, ${r.failed} failed), ${r.newItems} new items (${r.toInbox} to the inbox, ${r.screened} screened): ` +
            `drained in ${r.wallMs} ms, CPU ${r.cpuMs} ms (user ${r.userMs}, system ${r.systemMs}; ${r.cpuMsPerFeed} ms per feed), peak RSS ${r.rssMb} MB, heap ${r.heapMb} MB\n`,
        );
      }
      process.stdout.write(`${inboxFiles} inbox files; re-poll ${pass ? "within" : "OVER"} ${LIMIT_MS} ms CPU per feed\n`);
    }
    process.exitCode = pass ? 0 : 1;
  } finally {
    child.kill();
    await fs.rm(path.dirname(home), { recursive: true, force: true });
  }
}

if (process.argv.includes("--serve")) await serve();
else await main();
