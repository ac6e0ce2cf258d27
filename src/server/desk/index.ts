import { readFile } from "node:fs/promises";
import { z } from "zod";
import path from "node:path";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { PACKAGE_ROOT } from "../../config/load.js";
import { collectStatus } from "../../daemon/status.js";
import { deleteFailedInput, listFailedInputs, retryFailedInput } from "../../daemon/failed.js";
import { UNKNOWN_COMPANY } from "../../pipeline/buyers.js";
import { CorrectionRequestSchema, versionStamp } from "../../pipeline/correction.js";
import { CATEGORIES } from "../../core/taxonomy.js";
import { bulkBar, filterForm, filterRecords, readFilter } from "./filters.js";
import { buildOutline } from "../../report/outline.js";
import { createCorrectionSinks } from "../../sinks/index.js";
import { storyPanel } from "./story.js";
import { Corrector } from "../../store/corrector.js";
import { createStore } from "../../store/open.js";
import { quartersOf, reportRecords, reviewQueue, searchRecords } from "../../store/queries.js";
import { StoreReader } from "../../store/reader.js";
import { SearchIndex } from "../../store/search-index.js";
import { searchNote, textOf } from "./search.js";
import { versionTime } from "../../store/versions.js";
import type { StoredRecord } from "../../core/record.js";
import { isQuarter, QUARTER_HINT, quarterAt } from "../../core/quarter.js";
import type { Buyer, BuyerDirectory } from "../../core/buyers.js";
import type { ServerDeps } from "../app.js";
import { csrfTokenForRequest } from "../auth.js";
import { AppError, errorMessage, isAppError } from "../../core/errors.js";
import { DESK_CSS, LOGIN_CSS } from "./css.js";
import { failedRows, inboxBody, page, queueBody, quarterBody, recordDetail, type Chrome } from "./pages.js";
import { registerFeedsDesk } from "./feeds.js";

/** Queue items listed at once (oldest first); the rest follow as these are worked. */
const QUEUE_PAGE = 300;
const RECORD_ID = /^[0-9a-f]{64}$/;
const BulkRequestSchema = z.strictObject({
  records: z
    .array(z.strictObject({ id: z.string().regex(RECORD_ID, "a record id (64 hex characters)"), base: z.string().max(64) }))
    .min(1, "select at least one story")
    .max(500),
  change: z.union([
    z.strictObject({ accept: z.literal(true) }),
    z.strictObject({ excluded: z.boolean() }),
    z.strictObject({ category: CorrectionRequestSchema.shape.category.unwrap() }),
    z.strictObject({ company: z.string().min(1).max(100) }),
  ]),
});
const DESK_JS = path.join(PACKAGE_ROOT, "dist", "server", "desk", "assets", "desk.js");

type Query = Record<string, string | undefined>;

/** A record's versions in the order they were written (the history the desk shows). */
const writtenOrder = (versions: readonly StoredRecord[]) =>
  versions
    .map((record, order) => ({ record, order, time: versionTime(record) }))
    .sort((a, b) => a.time - b.time || a.order - b.order)
    .map((v) => v.record);

/**
 * The review desk (spec §15): server-rendered pages at /, /quarter, /queue, /record/:id, /inbox,
 * the report download, and a small JSON API under /api/desk/ for the page script. Reads through
 * a StoreReader (current versions in memory, brought up to date on each request) and writes
 * corrections through the store (Corrector -> Store.appendCorrection -> the correction sinks),
 * like every other write.
 */
export const deskPlugin: FastifyPluginAsync<{ deps: ServerDeps; buyers: BuyerDirectory }> = async (app, { deps, buyers }) => {
  const { config, paths } = deps;
  const warn = (message: string) => deps.logger?.warn(`desk: ${message}`);
  const reader = new StoreReader(paths.ingest, { warn });
  // The full-text index is persistent (data/archive/search.sqlite): at start it reads only what the archive gained; built in steps when new.
  const archive = new SearchIndex(paths.archive, paths.searchIndex, { warn });
  app.addHook("onReady", async () => {
    void archive.sync().catch((err: unknown) => warn(`full-text index: ${errorMessage(err)}`));
  });
  const store = createStore(config, paths, buyers);
  // A correction leaves as a batch does: through the store and the sinks (final_output.md's block, corrections.jsonl, webhooks).
  const sinks = createCorrectionSinks({ config, paths, lockOptions: config.locks, displayName: (name) => buyers.displayName(name), log: { warn } });
  store.sendCorrectionsTo(sinks);
  app.addHook("onClose", async () => {
    for (const sink of sinks) await sink.close?.();
    await archive.close();
  });
  const corrector = new Corrector(store, reader, buyers, deps.now);
  // The store is read on the first desk request, not at start: the daemon's start-up and its
  // memory stay those of the daemon for installs that never open the desk (a 200,000-record store
  // would otherwise be parsed into this thread before anyone asked).

  let lastHealth: { inbox_depth?: number; in_flight?: number } | null = null;
  deps.events.on("event", (event) => {
    if (event.type === "health") lastHealth = event.snapshot as typeof lastHealth;
  });

  // The desk's URLs name a buyer by its display name, as its folder and report do; any name the directory resolves is taken.
  const NO_BUYER = { name: UNKNOWN_COMPANY, display: "No buyer (Unknown)", aliases: [] };
  const urlName = (buyer: Buyer) => (buyer === NO_BUYER ? UNKNOWN_COMPANY : buyer.display);
  const buyerChoices = [...buyers.all, NO_BUYER].map((b) => ({ value: urlName(b), label: b.display }));
  const buyerOf = (name: string | undefined) => (name === undefined ? null : name === UNKNOWN_COMPANY ? NO_BUYER : buyers.resolve(name));

  async function chrome(request: FastifyRequest, pageName: Chrome["page"], title: string): Promise<Chrome> {
    const status = await collectStatus(paths);
    const health = lastHealth ?? status.health;
    return {
      csrf: csrfTokenForRequest(request),
      page: pageName,
      title,
      queueCount: queue().length,
      inbox: {
        waiting: health?.inbox_depth ?? (status.running ? null : status.inbox_depth),
        inFlight: health?.in_flight ?? null,
        failed: status.failed_count,
      },
    };
  }

  // Derived views, kept until the store changes (StoreReader.memo).
  const queue = () => reader.memo("queue", () => reviewQueue(reader.all()));
  const ofQuarter = (quarter: string) => reader.memo(`quarter:${quarter}`, () => reader.all().filter((r) => r.quarter === quarter));

  const html = (reply: FastifyReply, text: string) => reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(text);

  app.get("/assets/desk.css", async (_request, reply) => reply.type("text/css; charset=utf-8").header("cache-control", "no-cache").send(DESK_CSS));
  app.get("/assets/login.css", async (_request, reply) => reply.type("text/css; charset=utf-8").header("cache-control", "no-cache").send(LOGIN_CSS));
  app.get("/assets/desk.js", async (_request, reply) => {
    const js = await readFile(DESK_JS, "utf8").catch(() => null);
    if (js === null) throw new AppError("not_found", "the desk script is not built: run npm run build");
    return reply.type("text/javascript; charset=utf-8").header("cache-control", "no-cache").send(js);
  });

  // "/" (where the login lands) is the quarter view.
  /** Entries per buyer in the quarter's report (excluded and deleted records left out), for the picker and the landing. */
  const entryCounts = (quarter: string) =>
    reader.memo(`counts:${quarter}`, () => {
      const counts = new Map<Buyer, number>();
      for (const buyer of [...buyers.all, NO_BUYER])
        counts.set(
          buyer,
          reportRecords(ofQuarter(quarter), quarter, buyer).reduce((n, r) => n + r.facts.length, 0),
        );
      return counts;
    });
  const categories = [...CATEGORIES];

  const quarterView = async (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
    await reader.refresh();
    const all = reader.all();
    const quarters = [...reader.memo("quarters", () => quartersOf(all))];
    const wantedQuarter = request.query.quarter && isQuarter(request.query.quarter) ? request.query.quarter : undefined;
    const quarter = wantedQuarter ?? quarters[0] ?? quarterAt((deps.now?.() ?? new Date()).getTime());
    if (!quarters.includes(quarter)) quarters.unshift(quarter);
    const counts = entryCounts(quarter);
    // Without a buyer asked for: the one with the most entries this quarter (the configured order breaks ties).
    const busiest = [...counts].reduce((best, next) => (next[1] > best[1] ? next : best), [buyers.all[0]!, -1] as [Buyer, number])[0];
    const buyer = buyerOf(request.query.buyer) ?? busiest;
    const filter = readFilter(request.query);
    const ofBuyer = reportRecords(ofQuarter(quarter), quarter, buyer);
    const records = filterRecords(ofBuyer, filter);
    const excluded = ofQuarter(quarter).filter((r) => r.excluded).length;
    const query = (request.query.q ?? "").trim().slice(0, 200);
    const body = quarterBody({
      quarters,
      quarter,
      buyers: [...buyers.all, NO_BUYER].map((b) => ({ value: urlName(b), label: `${b.display} (${counts.get(b) ?? 0})` })),
      buyer: urlName(buyer),
      outline: buildOutline({ records, buyer, quarter }),
      excluded,
      flagged: new Set(records.filter((r) => r.review.length > 0).map((r) => r.id)),
      search: query,
      results: query ? await search(all, query) : null,
      searchNote: query ? searchNote(archive.progress()) : "",
      directory: buyers,
      bases: new Map(records.map((r) => [r.id, versionStamp(r)])),
      filters: filterForm(filter, ofBuyer, { quarter, buyer: urlName(buyer) }, "/quarter"),
      bulk: bulkBar(categories, buyerChoices),
      searchScope: "Search titles, lines and article text (all quarters)",
    });
    return html(reply, page(await chrome(request, "quarter", `${quarter} ${buyer.display}`), body));
  };
  app.get("/", quarterView);
  app.get("/quarter", quarterView);

  async function detailOf(id: string): Promise<string> {
    const record = reader.get(id);
    if (!record) throw new AppError("not_found", `no stored record with id ${id}`);
    return recordDetail(record, buyers, writtenOrder(reader.history(id)), await textOf(archive, id), storyPanel(record, reader.all()));
  }

  /** Titles and lines (the store), and the articles' whole text (the archive's index): newest first, at most 200. */
  async function search(all: readonly StoredRecord[], query: string): Promise<StoredRecord[]> {
    await archive.fresh();
    const found = new Map(searchRecords(all, query, {}, Number.MAX_SAFE_INTEGER).map((r) => [r.id, r]));
    for (const id of archive.search(query)) {
      const record = reader.get(id);
      if (record && !record.deleted) found.set(id, record);
    }
    return [...found.values()]
      .sort((a, b) => (a.published_at < b.published_at ? 1 : a.published_at > b.published_at ? -1 : a.title.localeCompare(b.title)))
      .slice(0, 200);
  }

  app.get("/queue", async (request: FastifyRequest<{ Querystring: Query }>, reply) => {
    await reader.refresh();
    const filter = readFilter(request.query);
    const flagged = filterRecords(queue(), filter);
    const wanted = request.query.id && RECORD_ID.test(request.query.id) ? reader.get(request.query.id) : undefined;
    const selected = wanted ?? flagged[0] ?? null;
    const shown = flagged.slice(0, QUEUE_PAGE);
    if (selected && !shown.some((r) => r.id === selected.id) && selected.review.length > 0) shown.unshift(selected);
    const body = queueBody({
      records: shown,
      total: flagged.length,
      all: queue().length,
      filters: filterForm(filter, queue(), {}, "/queue"),
      bulk: bulkBar(categories, buyerChoices),
      selected,
      buyers,
      detail: selected ? await detailOf(selected.id) : "",
    });
    return html(reply, page(await chrome(request, "queue", "Review queue"), body));
  });

  app.get("/record/:id", async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    await reader.refresh();
    const { id } = request.params;
    if (!RECORD_ID.test(id)) throw new AppError("not_found", "record ids are 64 hex characters");
    const detail = await detailOf(id);
    return html(reply, page(await chrome(request, "record", reader.get(id)!.title), `<div class="single">${detail}</div>`));
  });

  app.get("/fragments/record/:id", async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    await reader.refresh();
    if (!RECORD_ID.test(request.params.id)) throw new AppError("not_found", "record ids are 64 hex characters");
    return html(reply, await detailOf(request.params.id));
  });

  app.get("/inbox", async (request, reply) => {
    await reader.refresh();
    const status = await collectStatus(paths);
    const health = lastHealth ?? status.health;
    const body = inboxBody({
      failed: await listFailedInputs(paths),
      waiting: health?.inbox_depth ?? status.inbox_depth,
      inFlight: health?.in_flight ?? null,
      running: status.running,
    });
    return html(reply, page(await chrome(request, "inbox", "Inbox"), body));
  });

  registerFeedsDesk(app, { deps, chrome, page });

  app.get("/fragments/failed", async (_request, reply) => html(reply, failedRows(await listFailedInputs(paths))));

  app.get("/report", async (request: FastifyRequest<{ Querystring: Query }>, reply) => {
    const { quarter, format } = request.query;
    const fields = [];
    if (!quarter || !isQuarter(quarter)) fields.push({ field: "quarter", message: QUARTER_HINT });
    const buyer = buyers.resolve(request.query.buyer ?? "");
    if (!buyer) fields.push({ field: "buyer", message: `must be one of: ${buyers.all.map((b) => b.display).join(", ")}` });
    if (format !== "md" && format !== "docx") fields.push({ field: "format", message: 'must be "md" or "docx"' });
    if (fields.length) throw new AppError("input_unprocessable", "cannot make that report", { fields });
    await reader.refresh();
    // docx is loaded when a report is first downloaded, not with the server.
    const { renderBuyerReport } = await import("../../report/write.js");
    const report = await renderBuyerReport({ records: ofQuarter(quarter!), buyer: buyer!, quarter: quarter!, format: format as "md" | "docx" });
    const ascii = report.name.replace(/[^\x20-\x7e]|["\\]/g, "_");
    return reply
      .type(format === "md" ? "text/markdown; charset=utf-8" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
      .header("content-disposition", `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(report.name)}`)
      .header("cache-control", "no-store")
      .send(report.data);
  });

  // JSON for the page script (and scripts with the Bearer token).
  app.get("/api/desk/records/:id", async (request: FastifyRequest<{ Params: { id: string } }>) => {
    await reader.refresh();
    const record = RECORD_ID.test(request.params.id) ? reader.get(request.params.id) : undefined;
    if (!record) throw new AppError("not_found", `no stored record with id ${request.params.id.slice(0, 70)}`);
    return { record, versions: reader.history(record.id).length, history: writtenOrder(reader.history(record.id)) };
  });

  app.post("/api/desk/records/:id/corrections", async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const { id } = request.params;
    if (!RECORD_ID.test(id)) throw new AppError("not_found", "record ids are 64 hex characters");
    const parsed = CorrectionRequestSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      // The first 20 problems: a body of thousands of over-long notes gets a short answer.
      const fields = parsed.error.issues.slice(0, 20).map((i) => ({ field: i.path.join(".") || "(body)", message: i.message }));
      throw new AppError("input_unprocessable", "invalid correction", { fields });
    }
    try {
      const outcome = await corrector.correct(id, parsed.data, request.analyst ?? undefined);
      for (const message of outcome.repairs) deps.logger?.warn(`desk: ${message}`);
      for (const message of outcome.deferred) deps.logger?.warn(`desk: correction of ${id} stored; ${message} (written with the next correction)`);
      return reply.code(200).send({ id, changed: outcome.changed, target: outcome.target, record: outcome.record });
    } catch (err) {
      // not_found and conflict go out as they are; a correction's own field errors under one title.
      if (isAppError(err, "input_unprocessable")) throw new AppError("input_unprocessable", "invalid correction", { fields: err.fields });
      throw err;
    }
  });

  // Bulk: one correction per record, each its own version and corrections line; one record's refusal does not stop the others.
  app.post("/api/desk/bulk", async (request: FastifyRequest) => {
    const parsed = BulkRequestSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({ field: i.path.join(".") || "(body)", message: i.message }));
      throw new AppError("input_unprocessable", "invalid bulk request", { fields });
    }
    const { records, change } = parsed.data;
    const results = [];
    for (const { id, base } of records) {
      try {
        const outcome = await corrector.correct(id, { ...change, base }, request.analyst ?? undefined);
        results.push({ id, ok: true, title: outcome.record.title, base: versionStamp(outcome.record), changed: outcome.changed });
      } catch (err) {
        results.push({ id, ok: false, title: reader.get(id)?.title ?? id, error: errorMessage(err) });
      }
    }
    return { results };
  });

  const failedKey = (body: unknown) => {
    const key = (body as { key?: unknown } | null)?.key;
    if (typeof key !== "string" || key.length > 600)
      throw new AppError("input_unprocessable", "invalid request", { fields: [{ field: "key", message: 'the failed input, "<day>/<name>" as listed' }] });
    return key;
  };
  app.get("/api/desk/failed", async () => ({ failed: await listFailedInputs(paths) }));
  app.post("/api/desk/failed/retry", async (request) => {
    const key = failedKey(request.body);
    const inboxName = await retryFailedInput(paths, key);
    if (inboxName === null) throw new AppError("not_found", `no failed input ${JSON.stringify(key)}`);
    return { key, inbox_name: inboxName };
  });
  app.post("/api/desk/failed/delete", async (request) => {
    const key = failedKey(request.body);
    if (!(await deleteFailedInput(paths, key))) throw new AppError("not_found", `no failed input ${JSON.stringify(key)}`);
    return { key, deleted: true };
  });
};
