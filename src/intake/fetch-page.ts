// The guarded fetch of one link (the edge: network I/O). Only http(s); every hop's host is resolved
// and refused when any of its addresses is loopback, private, link-local or otherwise not public
// (unless allowPrivateHosts); redirects are followed by hand, at most `maxRedirects`, each re-checked;
// one deadline covers all hops and the body; the body is cut off at `maxBytes`.
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { AppError, errorMessage, isAppError } from "../core/errors.js";
import { VERSION } from "../version.js";
import { decodeHtml } from "./decode-html.js";

export const USER_AGENT = `news-coverage/${VERSION} (article intake)`;

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  allowPrivateHosts: boolean;
  maxRedirects?: number;
}

export type FetchedPage = { ok: true; url: string; finalUrl: string; html: string } | { ok: false; url: string; reason: string };

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped, a trailing dotted quad converted). */
function ipv6Groups(address: string): number[] {
  let text = address.split("%")[0]!.toLowerCase();
  const quad = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(2).map(Number) as [number, number, number, number];
    text = `${quad[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  return tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

function ipv4FromGroups(hi: number, lo: number): string {
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

/**
 * Whether an address must not be fetched from: loopback, private (10/8, 172.16/12, 192.168/16,
 * fc00::/7), link-local (169.254/16, fe80::/10), unspecified, multicast, reserved, documentation;
 * IPv4 carried inside IPv6 (::ffff:127.0.0.1, ::127.0.0.1, 64:ff9b::/96, 2002::/16) is checked as IPv4.
 */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address.split("%")[0]!);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return true;
  const g = ipv6Groups(address);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) return blocked.check(ipv4FromGroups(g[6]!, g[7]!), "ipv4") || zeros(0, 8);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return blocked.check(ipv4FromGroups(g[6]!, g[7]!), "ipv4");
  if (g[0] === 0x2002) return blocked.check(ipv4FromGroups(g[1]!, g[2]!), "ipv4");
  return blocked.check(address.split("%")[0]!, "ipv6");
}

const DNS_MISS = new Set(["ENOTFOUND", "EAI_AGAIN"]);
const UNREACHABLE = new Set(["ENETUNREACH", "EHOSTUNREACH", "ENETDOWN"]);
const SAVE_INSTEAD = "saving the page from the browser (Ctrl+S) into the inbox works without a network";

/** A name lookup that failed: most often the machine is offline, so say what works without a network. */
function hostNotFound(host: string): string {
  return `the host ${host} was not found (DNS): this machine may be offline, or the address is mistyped; ${SAVE_INSTEAD}`;
}

export async function checkHost(url: URL): Promise<void> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: Array<{ address: string }>;
  try {
    addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true, verbatim: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError("fetch_refused", code && DNS_MISS.has(code) ? hostNotFound(host) : `cannot resolve ${host}: ${code ?? errorMessage(err)}`);
  }
  const bad = addresses.find((a) => isNonPublicAddress(a.address));
  if (bad) {
    throw new AppError(
      "fetch_refused",
      `refused: ${host} resolves to ${bad.address}, a loopback, private or link-local address (set intake.allowPrivateHosts to fetch from your own network)`,
    );
  }
}

export function describeError(err: unknown, timeoutMs: number, url?: URL): string {
  // A refusal names the problem itself; anything else is described from its error code.
  if (isAppError(err, "fetch_refused")) return err.message;
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return `no complete answer within ${timeoutMs} ms (intake.fetchTimeoutMs)`;
  const code = e.cause?.code;
  if (code === "ECONNREFUSED") return "the server refused the connection";
  if (code && DNS_MISS.has(code)) return hostNotFound(url?.hostname ?? "");
  if (code && UNREACHABLE.has(code)) return `the network cannot reach ${url?.hostname ?? "the host"} (${code}): this machine may be offline; ${SAVE_INSTEAD}`;
  if (code) return `cannot fetch: ${code}`;
  return `cannot fetch: ${e.cause?.message ?? e.message}`;
}

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i;

export async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new AppError("fetch_refused", `the page is ${declared} bytes, over the ${maxBytes}-byte limit (intake.maxPageBytes)`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new AppError("fetch_refused", `the page is over the ${maxBytes}-byte limit (intake.maxPageBytes)`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** Fetches one web page for extraction; never throws: a failure is a reason for that link. */
export async function fetchPage(link: string, options: FetchOptions): Promise<FetchedPage> {
  const maxRedirects = options.maxRedirects ?? 5;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let current: URL;
  try {
    current = new URL(link);
  } catch {
    return { ok: false, url: link, reason: "not a valid address" };
  }
  let trying: URL | undefined; // the address of the hop that failed, for the message
  try {
    for (let hop = 0; ; hop++) {
      trying = current;
      if (current.protocol !== "http:" && current.protocol !== "https:") {
        throw new AppError(
          "fetch_refused",
          hop === 0 ? "only http and https links are fetched" : `redirected to ${current.protocol} address, only http and https are fetched`,
        );
      }
      if (current.username || current.password) throw new AppError("fetch_refused", "links with a user name or password are not fetched");
      if (!options.allowPrivateHosts) await checkHost(current);
      const response = await fetch(current, {
        redirect: "manual",
        signal,
        headers: { "user-agent": USER_AGENT, accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1" },
      });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        if (hop >= maxRedirects) throw new AppError("fetch_refused", `more than ${maxRedirects} redirects`);
        current = new URL(location, current);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new AppError("fetch_refused", `the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
      }
      const type = response.headers.get("content-type") ?? "";
      if (type && !HTML_TYPES.test(type)) {
        await response.body?.cancel();
        throw new AppError("fetch_refused", `not a web page: the server sent ${type.split(";")[0]!.trim()}`);
      }
      const bytes = await readCapped(response, options.maxBytes);
      const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(type)?.[1];
      return { ok: true, url: link, finalUrl: current.href, html: decodeHtml(bytes, charset) };
    }
  } catch (err) {
    return { ok: false, url: link, reason: describeError(err, options.timeoutMs, trying) };
  }
}
