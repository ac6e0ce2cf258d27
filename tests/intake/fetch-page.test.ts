import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchPage, isNonPublicAddress, USER_AGENT } from "../../src/intake/fetch-page.js";

const PAGE = `<html><head><meta charset="utf-8"><title>T</title></head><body><p>${"Hello from the page. ".repeat(20)}</p></body></html>`;
let server: http.Server;
let base = "";
const seen: Array<{ url: string; ua: string | undefined }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? "", ua: req.headers["user-agent"] });
    const url = new URL(req.url ?? "/", "http://x");
    const hop = /^\/hop\/(\d+)$/.exec(url.pathname);
    if (hop) {
      const n = Number(hop[1]);
      res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : "/page" }).end();
    } else if (url.pathname === "/page") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
    } else if (url.pathname === "/latin1") {
      res.writeHead(200, { "content-type": "text/html; charset=windows-1252" }).end(Buffer.from([0x3c, 0x70, 0x3e, 0x93, 0x68, 0x94, 0x3c, 0x2f, 0x70, 0x3e]));
    } else if (url.pathname === "/to-file") {
      res.writeHead(301, { location: "file:///etc/passwd" }).end();
    } else if (url.pathname === "/pdf") {
      res.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.4");
    } else if (url.pathname === "/big") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<p>" + "x".repeat(200_000) + "</p>"); // chunked: no content-length
    } else if (url.pathname === "/slow") {
      res.writeHead(200, { "content-type": "text/html" });
      res.write("<p>start");
      // never ends: the deadline must cut it off
    } else {
      res.writeHead(404, "Not Found").end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const open = { timeoutMs: 3000, maxBytes: 100_000, allowPrivateHosts: true };

describe("fetchPage", () => {
  it("fetches a page with the news-coverage User-Agent", async () => {
    const page = await fetchPage(`${base}/page`, open);
    expect(page).toMatchObject({ ok: true, url: `${base}/page`, finalUrl: `${base}/page` });
    expect(page.ok && page.html).toContain("Hello from the page.");
    expect(seen.at(-1)!.ua).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/^news-coverage\/\d+\.\d+\.\d+/);
  });

  it("follows up to 5 redirects by hand, and refuses the 6th", async () => {
    expect(await fetchPage(`${base}/hop/4`, open)).toMatchObject({ ok: true, finalUrl: `${base}/page` });
    expect(await fetchPage(`${base}/hop/5`, open)).toEqual({ ok: false, url: `${base}/hop/5`, reason: "more than 5 redirects" });
  });

  it("re-checks every hop: a redirect to file: is refused", async () => {
    expect(await fetchPage(`${base}/to-file`, open)).toMatchObject({ ok: false, reason: expect.stringContaining("redirected to file: address") });
  });

  it("gives each failure its own reason: status, type, size, time", async () => {
    expect(await fetchPage(`${base}/missing`, open)).toMatchObject({ ok: false, reason: "the server answered HTTP 404 Not Found" });
    expect(await fetchPage(`${base}/pdf`, open)).toMatchObject({ ok: false, reason: "not a web page: the server sent application/pdf" });
    expect(await fetchPage(`${base}/big`, open)).toMatchObject({ ok: false, reason: expect.stringContaining("100000-byte limit (intake.maxPageBytes)") });
    expect(await fetchPage(`${base}/slow`, { ...open, timeoutMs: 300 })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("within 300 ms (intake.fetchTimeoutMs)"),
    });
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await fetchPage(`http://127.0.0.1:${port}/`, open)).toMatchObject({ ok: false, reason: "the server refused the connection" });
  });

  it("says a host that is not found may mean the machine is offline, and that a saved page needs no network", async () => {
    // .invalid never resolves (RFC 6761): the same answer a machine without a network gets.
    for (const allowPrivateHosts of [false, true]) {
      const page = await fetchPage("https://no-such-host.invalid/2025/tv/a/", { ...open, allowPrivateHosts });
      expect(page.ok, String(allowPrivateHosts)).toBe(false);
      const reason = page.ok ? "" : page.reason;
      expect(reason).toContain("the host no-such-host.invalid was not found (DNS)");
      expect(reason).toContain("may be offline");
      expect(reason).toContain("saving the page from the browser (Ctrl+S) into the inbox works without a network");
    }
  });

  it("decodes with the charset the server names", async () => {
    const page = await fetchPage(`${base}/latin1`, open);
    expect(page.ok && page.html).toBe("<p>“h”</p>");
  });

  it("refuses loopback and private hosts unless allowPrivateHosts", async () => {
    const closed = { ...open, allowPrivateHosts: false };
    const before = seen.length;
    for (const url of [`${base}/page`, "http://localhost:9/", "http://[::1]:9/", "http://[::ffff:127.0.0.1]:9/", "http://0x7f000001:9/", "http://10.1.2.3/"]) {
      const page = await fetchPage(url, closed);
      expect(page, url).toMatchObject({ ok: false, reason: expect.stringContaining("intake.allowPrivateHosts") });
    }
    expect(seen.length).toBe(before); // nothing reached the server
    expect(await fetchPage("https://user:pw@variety.com/a", closed)).toMatchObject({ ok: false, reason: expect.stringContaining("user name or password") });
  });
});

describe("isNonPublicAddress", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "0.0.0.0",
    "100.64.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "fe80::1%eth0",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::127.0.0.1",
    "64:ff9b::a00:1",
    "2002:c0a8:101::1",
    "ff02::1",
    "not an ip",
  ])("refuses %s", (address) => expect(isNonPublicAddress(address)).toBe(true));
  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "192.169.0.1", "2606:4700::6810:85e5", "::ffff:8.8.8.8", "2002:0808:0808::1"])("allows %s", (address) =>
    expect(isNonPublicAddress(address)).toBe(false),
  );
});
