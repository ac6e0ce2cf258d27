// Talks to the news-coverage HTTP API (see README "Browser extension") and turns its answers into
// what the popup shows. No chrome.* here: the same module runs under Node in the unit tests.

export const DEFAULT_SERVER_URL = "http://127.0.0.1:8765";
export const WAIT_SECONDS = 10;

/**
 * The server URL as typed in the options page, reduced to its origin: "127.0.0.1:8765/" and
 * "http://127.0.0.1:8765/api" both become "http://127.0.0.1:8765". Null when it is not http(s).
 */
export function normaliseServerUrl(text) {
  let value = String(text ?? "").trim();
  if (value === "") return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) value = `http://${value}`;
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** The host-permission pattern for a server origin ("http://127.0.0.1:8765" -> "http://127.0.0.1/*"). */
export function originPattern(serverUrl) {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

async function readJson(response) {
  const text = await response.text();
  try {
    return text === "" ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

function networkError(serverUrl, error) {
  return {
    kind: "error",
    headline: "Cannot reach the server",
    details: [`${serverUrl} did not answer (${error?.message ?? error}). Is the daemon running (news-coverage start)? Check the server URL in the options.`],
  };
}

/** What an HTTP error answer means for the person holding the popup. */
function httpError(status, body, retryAfter) {
  if (status === 401 || status === 403) {
    return {
      kind: "error",
      headline: "Token rejected",
      details: ["Copy the token from data/state/api-token (in the news-coverage home) into the extension's options."],
    };
  }
  if (status === 400 || status === 413 || status === 415 || status === 422) {
    const fields = Array.isArray(body?.fields) ? body.fields.map((f) => `${f.field}: ${f.message}`) : [];
    return { kind: "failed", headline: "Not accepted", details: [body?.error ?? `HTTP ${status}`, ...fields] };
  }
  if (status === 429 || status === 503) {
    const wait = retryAfter ? ` Try again in ${retryAfter} s.` : " Try again shortly.";
    return { kind: "error", headline: "Server busy", details: [`${body?.error ?? `HTTP ${status}`}.${wait}`] };
  }
  return { kind: "error", headline: `Server error (HTTP ${status})`, details: [body?.error ?? "See the daemon's log."] };
}

/** The outcome object of POST /api/articles?wait=N or GET /api/articles/:id, as lines to show. */
export function describeOutcome(body) {
  const status = body?.status;
  if (status === "stored") {
    const records = Array.isArray(body.records) ? body.records : [];
    return {
      kind: "stored",
      headline: "Stored",
      id: body.id,
      records: records.map((r) => ({
        company: r.company,
        buyers: Array.isArray(r.buyers) ? r.buyers : [],
        quarter: r.quarter,
        category: r.category,
        lines: Array.isArray(r.lines) ? r.lines : [],
      })),
      details: [],
    };
  }
  if (status === "duplicate") {
    return {
      kind: "duplicate",
      headline: "Already stored (duplicate)",
      id: body.id,
      details: [body.duplicate_of ? `Same article as record ${body.duplicate_of}.` : "The store already holds this article."],
    };
  }
  if (status === "failed") {
    return { kind: "failed", headline: "Failed", id: body.id, details: [body.reason ?? "The daemon gave no reason; see inbox/failed/."] };
  }
  return {
    kind: "pending",
    headline: "Accepted, still processing",
    id: body?.id,
    details: [`The daemon has not finished it within ${WAIT_SECONDS} s; it will be stored when it has.${body?.id ? ` Id ${body.id}.` : ""}`],
  };
}

function authHeaders(token) {
  return { Authorization: `Bearer ${token}` };
}

/**
 * POSTs one article (or `{ url }`) and waits up to WAIT_SECONDS for the daemon's outcome.
 * Never throws: every failure becomes an outcome with a reason.
 */
export async function sendToServer({ serverUrl, token }, payload, fetchImpl = fetch) {
  if (!token) {
    return { kind: "error", headline: "No token set", details: ["Open the extension's options and paste the token from data/state/api-token."] };
  }
  let response;
  try {
    response = await fetchImpl(`${serverUrl}/api/articles?wait=${WAIT_SECONDS}`, {
      method: "POST",
      headers: { ...authHeaders(token), "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    });
  } catch (error) {
    return networkError(serverUrl, error);
  }
  const body = await readJson(response);
  if (response.status === 200 || response.status === 202) return describeOutcome(body);
  return httpError(response.status, body, response.headers.get("retry-after"));
}

/** GET /api/status with the token: what "Test connection" shows. */
export async function testConnection({ serverUrl, token }, fetchImpl = fetch) {
  if (!token) return { ok: false, message: "No token: paste the one from data/state/api-token." };
  let response;
  try {
    response = await fetchImpl(`${serverUrl}/api/status`, { headers: authHeaders(token) });
  } catch (error) {
    return { ok: false, message: networkError(serverUrl, error).details[0] };
  }
  const body = await readJson(response);
  if (!response.ok) {
    const problem = httpError(response.status, body, response.headers.get("retry-after"));
    return { ok: false, message: `${problem.headline}: ${problem.details.join(" ")}` };
  }
  const parts = ["Connected"];
  if (typeof body?.running === "boolean") parts.push(body.running ? "daemon running" : "daemon not running");
  if (body?.health?.engine) parts.push(`engine ${body.health.engine}`);
  if (typeof body?.inbox_depth === "number") parts.push(`${body.inbox_depth} waiting in the inbox`);
  if (typeof body?.failed_count === "number") parts.push(`${body.failed_count} failed`);
  return { ok: true, message: parts.join(", ") };
}
