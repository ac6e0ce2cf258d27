// One HTTP GET for the feed poller (the edge: network), through node:http(s) with a keep-alive agent
// per protocol: a re-poll of hundreds of unchanged feeds costs about half the CPU of fetch()
// (docs/benchmarks.md). No redirects followed (the caller checks each hop), the caller's signal
// ends the request and the body, and a gzip / deflate / br body is decompressed as it is read.
import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import zlib from "node:zlib";

// Idle sockets are closed after a few seconds: between two rounds they would only sit there.
const AGENT_OPTIONS = { keepAlive: true, timeout: 5_000, maxFreeSockets: 64 };
const httpAgent = new http.Agent(AGENT_OPTIONS);
const httpsAgent = new https.Agent(AGENT_OPTIONS);

export interface HttpAnswer {
  status: number;
  statusText: string;
  header(name: string): string | null;
  /** The (decompressed) body; `discard` when it is not wanted. */
  body: Readable;
  discard(): void;
}

const abortError = () => Object.assign(new Error("aborted"), { name: "AbortError" });

/** An error of the request, shaped as fetch() reports them (the system error as `cause`) for describeError. */
function requestError(err: NodeJS.ErrnoException): Error {
  if (err.name === "AbortError" || err.name === "TimeoutError") return err;
  return Object.assign(new Error(err.message), { cause: err });
}

function once(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<{ answer: HttpAnswer } | { retry: true }> {
  const client = url.protocol === "https:" ? https : http;
  const agent = url.protocol === "https:" ? httpsAgent : httpAgent;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const request = client.get(url, { agent, headers: { ...headers, "accept-encoding": "gzip, deflate, br" } }, (response) => {
      const encoding = (response.headers["content-encoding"] ?? "").toLowerCase().trim();
      const decoder =
        encoding === "gzip" || encoding === "x-gzip"
          ? zlib.createGunzip()
          : encoding === "deflate"
            ? zlib.createInflate()
            : encoding === "br"
              ? zlib.createBrotliDecompress()
              : null;
      const body: Readable = decoder ? response.pipe(decoder) : response;
      if (decoder) response.on("error", (err) => decoder.destroy(err));
      // The deadline ends a body that never finishes, as it does the request.
      const onAbort = () => body.destroy(abortError());
      signal.addEventListener("abort", onAbort, { once: true });
      body.once("close", () => signal.removeEventListener("abort", onAbort));
      resolve({
        answer: {
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? "",
          header: (name) => {
            const value = response.headers[name.toLowerCase()];
            return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
          },
          body,
          // Read to the end (and dropped) so the socket can serve the next request.
          discard: () => {
            if (decoder) {
              response.unpipe(decoder);
              decoder.destroy();
            }
            response.resume();
          },
        },
      });
    });
    // The deadline ends the request; the listener goes with the request (a timeout signal keeps its listeners until it fires).
    const onAbort = () => request.destroy(abortError());
    signal.addEventListener("abort", onAbort, { once: true });
    request.once("close", () => signal.removeEventListener("abort", onAbort));
    request.once("error", (err: NodeJS.ErrnoException) => {
      // A kept-alive socket the server had just closed: once more, on a new one.
      if (request.reusedSocket && err.code === "ECONNRESET") resolve({ retry: true });
      else reject(requestError(err));
    });
  });
}

export async function httpGet(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<HttpAnswer> {
  const first = await once(url, headers, signal);
  if ("answer" in first) return first.answer;
  const second = await once(url, headers, signal);
  if ("answer" in second) return second.answer;
  throw Object.assign(new Error("the connection was reset"), { cause: { code: "ECONNRESET" } });
}

/** The body, at most `maxBytes` (decompressed); over it: the error `overLimit` gives. */
export async function readBody(answer: HttpAnswer, maxBytes: number, overLimit: (declared: number | null) => Error): Promise<Buffer> {
  const declared = Number(answer.header("content-length"));
  if (!answer.header("content-encoding") && Number.isFinite(declared) && declared > maxBytes) {
    answer.body.destroy();
    throw overLimit(declared);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of answer.body as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      answer.body.destroy();
      throw overLimit(null);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
