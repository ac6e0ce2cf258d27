import { promises as fs } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolvePaths, type Paths } from "../../src/store/layout.js";
import type { Config } from "../../src/config/schema.js";
import type { StoredRecord } from "../../src/core/record.js";
import { buildApp } from "../../src/server/app.js";
import { createServerEvents } from "../../src/sinks/events.js";
import { openStore } from "../../src/store/open.js";
import { ArchiveSink } from "../../src/sinks/archive.js";
import { makeRecord, tempConfig } from "../report/helpers.js";
import { openDeskApp } from "../helpers/desk-app.js";

const TOKEN = "d".repeat(64);
const XSS = "<img src=x onerror=alert(1)>";

let config: Config;
let paths: Paths;
let app: FastifyInstance;
let cookie: string;
let csrf: string;

async function seed(records: StoredRecord[]): Promise<void> {
  const { store } = await openStore(config, paths);
  await store.commit(records.map((record) => ({ record })));
}

beforeEach(async () => {
  config = tempConfig({ server: { port: 0 } });
  paths = resolvePaths(config);
  ({ app, cookie, csrf } = await openDeskApp(config, paths, TOKEN));
});
afterEach(async () => {
  await app.close();
});

const get = (url: string) => app.inject({ method: "GET", url, headers: { cookie, accept: "text/html" } });
const post = (url: string, payload: unknown, headers: Record<string, string> = { "x-csrf-token": csrf }) =>
  app.inject({ method: "POST", url, payload: payload as object, headers: { cookie, "content-type": "application/json", ...headers } });

describe("review desk pages", () => {
  it("sends a visitor without the cookie to the login page", async () => {
    const res = await app.inject({ method: "GET", url: "/quarter", headers: { accept: "text/html" } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/login");
  });

  it("shows the quarter as the report reads, with counts, and escapes every title, line and note", async () => {
    const xss = makeRecord({
      title: XSS,
      facts: [{ category: "Org -> Exec Changes", line: `${XSS} joins`, notes: [`<script>alert(2)</script>`] }],
      review: ["low confidence"],
    });
    const plain = makeRecord({
      title: "Sony greenlights a drama",
      facts: [{ category: "Content, Deals & Distribution -> TV -> Greenlights", line: "The Drama: Sony, drama" }],
    });
    await seed([xss, plain]);
    const res = await get(`/quarter?quarter=2025%20Q4&buyer=Sony`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain("<img src=x");
    expect(res.body).not.toContain("<script>alert");
    expect(res.body).toContain("&lt;img src=x onerror=alert(1)&gt; joins");
    expect(res.body).toMatch(/1\. Org <span class="count">1<\/span>/);
    expect(res.body).toMatch(/Greenlights<\/h4>.*The Drama: Sony, drama/s);
    expect(res.body).toContain('<meta name="csrf-token" content="' + csrf);
    const queue = await get(`/queue`);
    expect(queue.body).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(queue.body).not.toContain("<img src=x");
    const search = await get(`/quarter?q=drama`);
    expect(search.body).toMatch(/1 result for “drama”/);
  });
});

describe("the desk's default quarter", () => {
  it("is the latest quarter with records, else the quarter the clock is in", async () => {
    const clocked = await buildApp({ config, paths, token: TOKEN, events: createServerEvents(), now: () => new Date("2027-05-02T08:00:00Z") });
    try {
      // Sessions live in the app that made them: this second app is asked with the token.
      const view = (url: string) => clocked.inject({ method: "GET", url, headers: { authorization: `Bearer ${TOKEN}`, accept: "text/html" } });
      expect((await view("/")).body).toContain("<title>2027 Q2 Amazon · Coverage Review Desk</title>");
      await seed([makeRecord({ quarter: "2025 Q3", published_at: "2025-08-01" }), makeRecord({ quarter: "2026 Q1", published_at: "2026-02-01" })]);
      // The newest quarter with records, and the buyer with the most entries in it.
      expect((await view("/")).body).toContain("<title>2026 Q1 Sony · Coverage Review Desk</title>");
      await seed([
        makeRecord({ quarter: "2026 Q1", published_at: "2026-02-02", company: "Netflix", buyers: { strong: ["Netflix"], weak: [] } }),
        makeRecord({ quarter: "2026 Q1", published_at: "2026-02-03", company: "Netflix", buyers: { strong: ["Netflix"], weak: [] } }),
      ]);
      const landing = (await view("/")).body;
      expect(landing).toContain("<title>2026 Q1 Netflix · Coverage Review Desk</title>");
      expect(landing).toContain(">Netflix (2)</option>");
      expect(landing).toContain(">Sony (1)</option>");
    } finally {
      await clocked.close();
    }
  });
});

describe("one name per buyer on the desk", () => {
  it("names a buyer in its URLs by the display name its folder and report carry, and still takes the config name", async () => {
    await seed([makeRecord({ company: "WBD", buyers: { strong: ["WBD"], weak: [] } })]);
    for (const asked of ["WBD", "Warner%20Bros%20Discovery", "warner%20bros%20discovery"]) {
      const body = (await get(`/quarter?quarter=2025%20Q4&buyer=${asked}`)).body;
      expect(body).toContain('<option value="Warner Bros Discovery" selected>Warner Bros Discovery (1)</option>');
      expect(body).toContain("/report?quarter=2025+Q4&amp;buyer=Warner+Bros+Discovery&amp;format=md");
      expect(body).not.toContain("buyer=WBD");
    }
    await expect(fs.readdir(paths.ingest)).resolves.toEqual(["Warner Bros Discovery"]);
  });
});

describe("corrections through the desk API", () => {
  it("refuses a quarter or a date outside the one range, naming the field and the range (issue 25 item 14)", async () => {
    const record = makeRecord();
    await seed([record]);
    const url = `/api/desk/records/${record.id}/corrections`;
    for (const [quarter, published_at] of [
      ["0000 Q1", "0001-01-01"],
      ["9999 Q4", "9999-12-31"],
    ]) {
      const bad = await post(url, { quarter, published_at, base: record.processed_at });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().fields).toEqual([
        { field: "quarter", message: 'must look like "2025 Q4", from 1900 Q1 to 2199 Q4' },
        { field: "published_at", message: "must be a date YYYY-MM-DD from 1900-01-01 to 2199-12-31" },
      ]);
    }
    const report = await get(`/report?quarter=0000%20Q1&buyer=Sony&format=md`);
    expect(report.statusCode).toBe(422);
    expect(report.json().fields).toEqual([{ field: "quarter", message: 'must look like "2025 Q4", from 1900 Q1 to 2199 Q4' }]);
  });

  it("needs the CSRF token with the cookie, maps bad input to 422 and a stale version to 409", async () => {
    const record = makeRecord({ company: "Comcast/NBCU", buyers: { strong: ["Comcast/NBCU"], weak: [] }, review: ["weak"] });
    await seed([record]);
    const url = `/api/desk/records/${record.id}/corrections`;
    expect((await post(url, { accept: true }, {})).statusCode).toBe(403);
    const bad = await post(url, { category: "Org -> Nope", buyers: { strong: ["Fox"], weak: [] } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().fields[0].field).toBe("category");
    const unknownBuyer = await post(url, { buyers: { strong: ["Fox"], weak: [] }, base: record.processed_at });
    expect(unknownBuyer.statusCode).toBe(422);
    expect(unknownBuyer.json().fields).toEqual([{ field: "buyers.strong[0]", message: expect.stringMatching(/unknown buyer "Fox"/) }]);
    const ok = await post(url, { category: "Strategy & Miscellaneous News -> Misc.", buyers: { strong: [], weak: [] }, base: record.processed_at });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().changed).toEqual(["category", "facts", "buyers", "company"]);
    const stale = await post(url, { accept: true, base: record.processed_at });
    expect(stale.statusCode).toBe(409);
    // Bearer requests need no CSRF token.
    const bearer = await app.inject({
      method: "POST",
      url,
      payload: { accept: true, base: ok.json().record.reviewed.at },
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(bearer.statusCode).toBe(200);
    // A correction must say which version it corrects.
    const noBase = await post(url, { accept: true });
    expect(noBase.statusCode).toBe(400);
    expect(noBase.json().fields).toEqual([{ field: "base", message: "required" }]);
    const missing = await post(`/api/desk/records/${"0".repeat(64)}/corrections`, { accept: true });
    expect(missing.statusCode).toBe(404);
    const lines = (await fs.readFile(path.join(paths.data, "corrections.jsonl"), "utf8")).trim().split("\n");
    expect(lines).toHaveLength(2);
  });

  it("refuses over-long fields with 422 naming the field and the limit, and writes nothing", async () => {
    const record = makeRecord({ facts: [{ category: "Org -> Org", line: "Sony reorganises" }] });
    await seed([record]);
    const url = `/api/desk/records/${record.id}/corrections`;
    const base = record.processed_at;
    const storeFiles = async () => (await fs.readdir(paths.ingest, { recursive: true })).sort();
    const before = await storeFiles();
    const cases: Array<[unknown, { field: string; message: string }]> = [
      [
        { base, facts: [{ fact_id: "f1", line: "x".repeat(4_500_000), notes: [] }] },
        { field: "facts.0.line", message: "a line is at most 1000 characters" },
      ],
      [
        { base, facts: [{ fact_id: "f1", line: "Sony reorganises", notes: Array<string>(100_000).fill("n") }] },
        { field: "facts.0.notes", message: "at most 20 notes to a line" },
      ],
      [
        { base, facts: [{ fact_id: "f1", line: "Sony reorganises", notes: ["n".repeat(1001)] }] },
        { field: "facts.0.notes.0", message: "a note is at most 1000 characters" },
      ],
      [
        { base, buyers: { strong: Array<string>(51).fill("Sony"), weak: [] } },
        { field: "buyers.strong", message: "at most 50 buyers" },
      ],
      [
        { base, company: "S".repeat(201) },
        { field: "company", message: "a buyer name is at most 200 characters" },
      ],
      [
        { base: "b".repeat(101), accept: true },
        { field: "base", message: "base is at most 100 characters" },
      ],
    ];
    for (const [payload, field] of cases) {
      const res = await post(url, payload);
      expect(res.statusCode).toBe(422);
      expect(res.json().fields).toEqual([field]);
    }
    // Thousands of bad notes get a short answer.
    const many = await post(url, { base, facts: [{ fact_id: "f1", line: "Sony reorganises", notes: Array<string>(3000).fill("n".repeat(1001)) }] });
    expect(many.json().fields.length).toBeLessThanOrEqual(20);
    expect(await storeFiles()).toEqual(before);
    await expect(fs.access(path.join(paths.data, "corrections.jsonl"))).rejects.toThrow();
  });

  it("downloads the buyer's report made from the newest versions", async () => {
    const record = makeRecord({ facts: [{ category: "Org -> Org", line: "Sony reorganises" }] });
    await seed([record]);
    const before = await get(`/report?quarter=2025%20Q4&buyer=Sony&format=md`);
    expect(before.statusCode).toBe(200);
    expect(before.headers["content-disposition"]).toContain('filename="2025 Q4 Sony News Coverage.md"');
    expect(before.body).toContain("Sony reorganises ([11/5]");
    expect((await post(`/api/desk/records/${record.id}/corrections`, { excluded: true, base: record.processed_at })).statusCode).toBe(200);
    expect((await get(`/report?quarter=2025%20Q4&buyer=Sony&format=md`)).body).not.toContain("Sony reorganises");
    const docx = await get(`/report?quarter=2025%20Q4&buyer=Sony&format=docx`);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe("PK");
    const bad = await get(`/report?quarter=Q4&buyer=Fox&format=pdf`);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().fields.map((f: { field: string }) => f.field)).toEqual(["quarter", "buyer", "format"]);
  });
});

describe("failed inputs", () => {
  it("lists them with reasons, retries one into the inbox, deletes another, never by a path", async () => {
    const day = path.join(paths.failed, "2025-11-05");
    await fs.mkdir(day, { recursive: true });
    for (const name of ["a.json", "b.json"]) {
      await fs.writeFile(path.join(day, name), "{}");
      await fs.writeFile(
        path.join(day, `${name}.error.json`),
        JSON.stringify({ reason: `${XSS} bad ${name}`, field_errors: [{ field: "title", message: "required" }] }),
      );
    }
    const inbox = await get("/inbox");
    expect(inbox.body).toContain("&lt;img src=x onerror=alert(1)&gt; bad a.json");
    expect(inbox.body).not.toContain("<img src=x");
    expect((await post("/api/desk/failed/retry", { key: "2025-11-05/../../x" })).statusCode).toBe(404);
    const retried = await post("/api/desk/failed/retry", { key: "2025-11-05/a.json" });
    expect(retried.json()).toEqual({ key: "2025-11-05/a.json", inbox_name: "a.json" });
    expect(await fs.readdir(paths.inbox)).toContain("a.json");
    expect((await post("/api/desk/failed/delete", { key: "2025-11-05/b.json" })).statusCode).toBe(200);
    expect(await fs.readdir(paths.failed)).toEqual([]);
  });
});

describe("the analyst's desk: marks, bulk, filters, history", () => {
  it("highlights, deletes and undoes from the record's buttons; the history names who did what", async () => {
    const record = makeRecord({ title: "Sony names a TV chief", review: ["title list: no title found; the headline stands in"] });
    await seed([record]);
    const page = (await get(`/record/${record.id}`)).body;
    expect(page).toContain('data-mark="highlight" data-value="true" aria-pressed="false">Highlight</button>');
    expect(page).toContain(">Delete</button>");
    expect(page).not.toContain('data-action="undo"');
    // Reasons speak of what the analyst can do, not of the line writer.
    expect(page).toContain("No show or film title was found, so the headline is used as the line: edit the line to name the title.");
    expect(page).not.toContain("stands in");
    const marked = await post(`/api/desk/records/${record.id}/corrections`, { highlight: true, base: record.processed_at });
    expect(marked.statusCode).toBe(200);
    const view = (await get(`/quarter?quarter=2025%20Q4&buyer=Sony`)).body;
    expect(view.slice(view.indexOf('id="section-0"'), view.indexOf('id="section-1"'))).toContain(`data-record="${record.id}"`);
    const deleted = await post(`/api/desk/records/${record.id}/corrections`, { deleted: true, base: marked.json().record.reviewed.at });
    expect(deleted.json().record.deleted).toBe(true);
    expect((await get(`/quarter?quarter=2025%20Q4&buyer=Sony`)).body).not.toContain(`data-record="${record.id}"`);
    const detail = (await get(`/record/${record.id}`)).body;
    expect(detail).toContain("Deleted: left out of every view and report");
    expect(detail).toContain('data-action="undo">Undo</button>');
    expect(detail).toMatch(/<td class="who">API token<\/td><td>marked as a highlight<\/td>/);
    expect(detail).toMatch(/<td class="who">API token<\/td><td>deleted <strong>\(current\)<\/strong>/);
    expect(detail).toContain('data-action="history" aria-expanded="false" aria-controls="history">History</button>');
    const undone = await post(`/api/desk/records/${record.id}/corrections`, { undo: true, base: deleted.json().record.reviewed.at });
    expect(undone.json().record.deleted).toBeUndefined();
    expect((await get(`/quarter?quarter=2025%20Q4&buyer=Sony`)).body).toContain(`data-record="${record.id}"`);
  });

  it("bulk: each selected record gets its own version; one refused record does not stop the others", async () => {
    const a = makeRecord({ title: "A story", review: ["no buyer matched"] });
    const b = makeRecord({ title: "B story", review: ["no buyer matched"] });
    await seed([a, b]);
    const res = await post("/api/desk/bulk", {
      records: [
        { id: a.id, base: a.processed_at },
        { id: b.id, base: "stale" },
      ],
      change: { excluded: true },
    });
    expect(res.statusCode).toBe(200);
    const { results } = res.json() as { results: Array<{ id: string; ok: boolean; base?: string; error?: string }> };
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[1]!.error).toMatch(/changed after you opened it/);
    const accepted = await post("/api/desk/bulk", { records: [{ id: b.id, base: b.processed_at }], change: { accept: true } });
    expect(accepted.json().results[0].ok).toBe(true);
    const lines = (await fs.readFile(path.join(paths.data, "corrections.jsonl"), "utf8")).trim().split("\n");
    expect(lines).toHaveLength(2);
    expect((await post("/api/desk/bulk", { records: [], change: { excluded: true } })).statusCode).toBe(422);
    expect((await post("/api/desk/bulk", { records: [{ id: a.id, base: "x" }], change: { deleted: true } })).statusCode).toBe(422);
  });

  it("filters the quarter view and the queue by source, flag reason, confidence, date and category; heading and badge agree", async () => {
    await seed([
      makeRecord({ title: "Variety low", source: "Variety", confidence: 0.2, published_at: "2025-10-05", review: ["low confidence 0.20 for Org -> Org"] }),
      makeRecord({ title: "Deadline sure", source: "Deadline", confidence: 0.9, published_at: "2025-12-05", review: ["no buyer matched"] }),
    ]);
    const titles = async (url: string) =>
      [...(await get(url)).body.matchAll(/title="([^"]+)">/g)].map((m) => m[1]).filter((t) => t!.endsWith("low") || t!.endsWith("sure"));
    expect(await titles("/quarter?quarter=2025%20Q4&buyer=Sony")).toEqual(expect.arrayContaining(["Variety low", "Deadline sure"]));
    expect(await titles("/quarter?quarter=2025%20Q4&buyer=Sony&source=Variety")).toEqual(["Variety low"]);
    expect(await titles("/quarter?quarter=2025%20Q4&buyer=Sony&confidence=0.5")).toEqual(["Variety low"]);
    expect(await titles("/quarter?quarter=2025%20Q4&buyer=Sony&from=2025-12-01")).toEqual(["Deadline sure"]);
    expect(await titles("/quarter?quarter=2025%20Q4&buyer=Sony&category=Org")).toHaveLength(2);
    expect(await titles("/quarter?quarter=2025%20Q4&buyer=Sony&category=M%26A")).toEqual([]);
    const queue = (await get("/queue?reason=no%20buyer")).body;
    expect(queue).toContain('<span class="count" id="queue-total">1</span> <span class="of">of 2 (filtered)</span>');
    expect(queue).toContain('<span class="badge" id="queue-count">2</span>');
    expect(queue).toContain("Deadline sure");
    expect(queue).not.toContain("Variety low");
  });
});

describe("full text: the archive and search across quarters", () => {
  it("keeps the whole text (compressed), shows it on the record and finds an article by a word deep in its body", async () => {
    const deep = makeRecord({ title: "Sony sets a slate", quarter: "2025 Q3", published_at: "2025-08-01", lead: "Sony Pictures said on Monday..." });
    const other = makeRecord({ title: "Sony other news" });
    await seed([deep, other]);
    const body = `${"Sony Pictures said on Monday it has set its slate. ".repeat(60)}Near the end: the zanzibarian premiere is in March.`;
    const sink = new ArchiveSink({ paths, lockOptions: config.locks });
    await sink.open();
    await sink.committed([
      { record: deep, status: "stored", target: "x", recovered: false, body },
      { record: other, status: "duplicate", target: "x", recovered: false, body: "not stored: a duplicate's text is not archived" },
    ]);
    const raw = await fs.readFile(paths.archive, "utf8");
    expect(raw.trim().split("\n")).toHaveLength(1);
    expect(raw).not.toContain("zanzibarian");
    expect(raw.length).toBeLessThan(body.length / 4);
    const found = (await get("/quarter?quarter=2025%20Q4&buyer=Sony&q=Zanzibarian")).body;
    expect(found).toMatch(/1 result for “Zanzibarian”/);
    expect(found).toContain(`/record/${deep.id}`);
    expect((await get("/quarter?quarter=2025%20Q4&buyer=Sony&q=duplicate%27s")).body).toMatch(/0 results/);
    const detail = (await get(`/record/${deep.id}`)).body;
    expect(detail).toContain("Full article (");
    expect(detail).toContain("the zanzibarian premiere is in March.");
    // Appended later (another process): the index reads only the new line.
    const late = makeRecord({ title: "Late story" });
    await seed([late]);
    await sink.committed([{ record: late, status: "stored", target: "x", recovered: false, body: "A quokka appears." }]);
    expect((await get("/quarter?q=quokka")).body).toContain(`/record/${late.id}`);
    expect((await get("/quarter?q=quokka")).body).not.toContain("being indexed");
    // The index is a file beside the archive: derived, persistent.
    expect((await fs.stat(paths.searchIndex)).size).toBeGreaterThan(0);
  });

  it("says on the record's page when the article's full text was not kept (stored before the archive)", async () => {
    const old = makeRecord({ title: "Sony old story", lead: "Sony said in 2024..." });
    await seed([old]);
    const detail = (await get(`/record/${old.id}`)).body;
    expect(detail).toContain("The full text of this article was not kept");
    expect(detail).toContain("news-coverage archive backfill");
    expect(detail).toContain("Sony said in 2024...");
  });
});
