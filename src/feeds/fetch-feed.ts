// The guarded, conditional fetch of one feed (the edge: network I/O). The same guard as link files
// (intake/fetch-page.ts: only http(s), every hop's addresses checked unless allowPrivateHosts,
// redirects by hand, one deadline for all hops and the body, the size cap), plus If-None-Match /
// If-Modified-Since, and the headers that say when to come back.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { AppError } from "../core/errors.js";
import { checkHost, describeError, isNonPublicAddress, type FetchOptions } from "../intake/fetch-page.js";
import { VERSION } from "../version.js";
import { httpGet, readBody } from "./http-get.js";

export const FEED_USER_AGENT = `news-coverage/${VERSION} (feed reader; polls politely, honours Cache-Control and Retry-After)`;

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

/** What the server said about when to ask again. */
export interface Freshness {
  maxAgeSeconds: number | null;
  retryAfterSeconds: number | null;
}

export type FeedFetch =
  | ({ kind: "not-modified"; status: 304 } & Freshness)
  | ({ kind: "ok"; status: number; body: Buffer; finalUrl: string; validators: Validators } & Freshness)
  | ({ kind: "error"; status: number | null; reason: string } & Freshness);

/** `Retry-After`: seconds, or an HTTP date (relative to `now`). */
export function retryAfterSeconds(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, Math.round((at - now) / 1000)) : null;
}

export function maxAgeSeconds(cacheControl: string | null): number | null {
  const match = /(?:^|[,\s])max-age\s*=\s*"?(\d+)/i.exec(cacheControl ?? "");
  return match ? Number(match[1]) : null;
}

const FEED_ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1";

/** Fetches a feed; never throws: a failure is a reason (and the HTTP status when there was one). */
export async function fetchFeed(link: string, validators: Validators, options: FetchOptions, now = Date.now()): Promise<FeedFetch> {
  const maxRedirects = options.maxRedirects ?? 5;
  const signal = AbortSignal.timeout(options.timeoutMs);
  const none = { maxAgeSeconds: null, retryAfterSeconds: null };
  let current: URL;
  try {
    current = new URL(link);
  } catch {
    return { kind: "error", status: null, reason: "not a valid address", ...none };
  }
  let status: number | null = null;
  try {
    for (let hop = 0; ; hop++) {
      if (current.protocol !== "http:" && current.protocol !== "https:") throw new AppError("fetch_refused", "only http and https feeds are fetched");
      if (current.username || current.password) throw new AppError("fetch_refused", "feed addresses with a user name or password are not fetched");
      if (!options.allowPrivateHosts) await checkHost(current);
      const headers: Record<string, string> = { "user-agent": FEED_USER_AGENT, accept: FEED_ACCEPT };
      if (validators.etag) headers["if-none-match"] = validators.etag;
      if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
      const response = await httpGet(current, headers, signal);
      status = response.status;
      const freshness: Freshness = {
        maxAgeSeconds: maxAgeSeconds(response.header("cache-control")),
        retryAfterSeconds: retryAfterSeconds(response.header("retry-after"), now),
      };
      const location = response.header("location");
      if (status >= 300 && status < 400 && status !== 304 && location) {
        response.discard();
        if (hop >= maxRedirects) throw new AppError("fetch_refused", `more than ${maxRedirects} redirects`);
        current = new URL(location, current);
        continue;
      }
      if (status === 304) {
        response.discard();
        return { kind: "not-modified", status: 304, ...freshness };
      }
      if (status < 200 || status > 299) {
        response.discard();
        const reason = `the server answered HTTP ${status}${response.statusText ? ` ${response.statusText}` : ""}`;
        return { kind: "error", status, reason, ...freshness };
      }
      const body = await readBody(response, options.maxBytes, (declared) =>
        declared === null
          ? new AppError("fetch_refused", `the feed is over the ${options.maxBytes}-byte limit (intake.maxPageBytes)`)
          : new AppError("fetch_refused", `the feed is ${declared} bytes, over the ${options.maxBytes}-byte limit (intake.maxPageBytes)`),
      );
      const next: Validators = { etag: response.header("etag"), lastModified: response.header("last-modified") };
      return { kind: "ok", status, body, finalUrl: current.href, validators: next, ...freshness };
    }
  } catch (err) {
    const reason = describeError(err, options.timeoutMs, current).replace("the page is", "the feed is");
    return { kind: "error", status, reason, ...none };
  }
}

/**
 * The private address an item's link resolves to (loopback, private, link-local), or null. A host
 * that does not resolve now is not judged here: the link intake reports it when it fetches.
 */
export async function privateAddressOf(link: string): Promise<string | null> {
  let host: string;
  try {
    host = new URL(link).hostname.replace(/^\[(.*)\]$/, "$1");
  } catch {
    return null;
  }
  try {
    const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true, verbatim: true });
    return addresses.find((a) => isNonPublicAddress(a.address))?.address ?? null;
  } catch {
    return null;
  }
}
