// The desk's Feeds page (GET /feeds) and its forms (POST /feeds/add, remove, pause, resume, import,
// keep). Every change goes through the functions `news-coverage feeds` uses (the subscriptions
// under their host's lock, the screened list's keep); the desk never polls: the daemon's schedule
// (or `feeds poll`) does. Forms carry the CSRF field (checked by auth.ts like every desk write)
// and are answered with a redirect back to the page, which shows what happened once.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { PACKAGE_ROOT } from "../../config/load.js";
import { AppError, errorMessage, isAppError } from "../../core/errors.js";
import { oneLine } from "../../core/text.js";
import { opmlFeedUrls } from "../../feeds/opml.js";
import { createFeedPoller } from "../../feeds/poll.js";
import type { ServerDeps } from "../app.js";
import { FEEDS_CSS, feedsBody } from "./feeds-html.js";
import type { Chrome } from "./pages.js";

/** Screened items listed at once (newest first). */
const SCREENED_PAGE = 200;
const FEEDS_JS = path.join(PACKAGE_ROOT, "dist", "server", "desk", "assets", "feeds.js");

const UrlForm = z.object({ url: z.string().trim().min(1, "give the feed's address").max(2000) });
const AddForm = UrlForm.extend({
  every: z
    .string()
    .trim()
    .max(6)
    .regex(/^(\d*)$/, "whole minutes")
    .optional(),
});
const ImportForm = z.object({ opml: z.string().max(2_000_000).default("") });
const KeepForm = z.object({ id: z.string().trim().min(1).max(200) });

export interface FeedsDeskOptions {
  deps: ServerDeps;
  chrome(request: FastifyRequest, page: Chrome["page"], title: string): Promise<Chrome>;
  /** Wraps the page body in the desk's header and nav. */
  page(chrome: Chrome, body: string): string;
}

export function registerFeedsDesk(app: FastifyInstance, { deps, chrome, page }: FeedsDeskOptions): void {
  const { config, paths } = deps;
  const feeds = createFeedPoller(config);
  const now = () => deps.now?.().getTime() ?? Date.now();
  // What the last form did, shown once on the next page view of that session (or token).
  const flashes = new Map<string, { text: string; error: boolean }>();
  const who = (request: FastifyRequest) => request.session ?? request.analyst ?? "";

  const parse = <T>(schema: z.ZodType<T>, body: unknown): T => {
    const parsed = schema.safeParse(body ?? {});
    if (parsed.success) return parsed.data;
    const fields = parsed.error.issues.map((i) => ({ field: i.path.join(".") || "(body)", message: i.message }));
    throw new AppError("input_invalid", fields.map((f) => `${f.field}: ${f.message}`).join("; "), { fields });
  };

  /** Runs a form's change; its outcome (or the reason it was refused) becomes the flash; back to the page. */
  const form =
    (change: (request: FastifyRequest) => Promise<string>, anchor = "") =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      let flash: { text: string; error: boolean };
      try {
        flash = { text: await change(request), error: false };
      } catch (err) {
        if (!isAppError(err, "input_invalid") && !isAppError(err, "not_found") && !isAppError(err, "input_unprocessable")) throw err;
        flash = { text: oneLine(errorMessage(err)), error: true };
      }
      if (flashes.size > 1000) flashes.clear();
      flashes.set(who(request), flash);
      return reply.redirect(`/feeds${anchor}`, 303);
    };

  app.get("/assets/feeds.css", async (_request, reply) => reply.type("text/css; charset=utf-8").header("cache-control", "no-cache").send(FEEDS_CSS));
  app.get("/assets/feeds.js", async (_request, reply) => {
    const js = await readFile(FEEDS_JS, "utf8").catch(() => null);
    if (js === null) throw new AppError("not_found", "the desk script is not built: run npm run build");
    return reply.type("text/javascript; charset=utf-8").header("cache-control", "no-cache").send(js);
  });

  app.get("/feeds", async (request, reply) => {
    const [list, screened] = await Promise.all([feeds.subscriptions.list(), feeds.screened.list()]);
    const waiting = screened.filter((s) => !s.kept).sort((a, b) => b.at.localeCompare(a.at) || a.title.localeCompare(b.title));
    const key = who(request);
    const flash = flashes.get(key) ?? null;
    flashes.delete(key);
    const frame = await chrome(request, "feeds", "Feeds");
    const body = feedsBody({
      csrf: frame.csrf,
      feeds: list,
      screened: waiting.slice(0, SCREENED_PAGE),
      screenedTotal: waiting.length,
      flash,
      defaultEvery: config.feeds.everyMinutes,
      polling: config.feeds.enabled,
    });
    return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(page(frame, body));
  });

  app.post(
    "/feeds/add",
    form(async (request) => {
      const { url, every } = parse(AddForm, request.body);
      const minutes = every ? Number(every) : null;
      if (minutes !== null && (minutes < 1 || minutes > 10_080)) throw new AppError("input_invalid", "every: 1 to 10080 minutes");
      const { state, created } = await feeds.subscriptions.add(url, minutes, now());
      return `${created ? "Added" : "Updated"}: ${state.url}. The daemon polls it on its next round.`;
    }),
  );

  app.post(
    "/feeds/remove",
    form(async (request) => {
      const { url } = parse(UrlForm, request.body);
      if (!(await feeds.subscriptions.remove(url))) throw new AppError("not_found", `no feed ${url}`);
      return `Removed: ${url}. Its stored items stay stored.`;
    }),
  );

  for (const [action, pause] of [
    ["pause", true],
    ["resume", false],
  ] as const) {
    app.post(
      `/feeds/${action}`,
      form(async (request) => {
        const { url } = parse(UrlForm, request.body);
        const state = await feeds.subscriptions.setPaused(url, pause ? { by: request.analyst ?? "the desk", now: now() } : null);
        if (!state) throw new AppError("not_found", `no feed ${url}`);
        return pause ? `Paused: ${state.url}. It is not polled until you resume it.` : `Resumed: ${state.url}. The daemon polls it on its next round.`;
      }),
    );
  }

  app.post(
    "/feeds/import",
    form(async (request) => {
      const { opml } = parse(ImportForm, request.body);
      if (!opml.trim()) throw new AppError("input_invalid", "choose an OPML file or paste one");
      const parsed = opmlFeedUrls(opml);
      if (!parsed.ok) throw new AppError("input_invalid", parsed.reason);
      let added = 0;
      const skipped: string[] = [];
      for (const url of parsed.urls) {
        try {
          if ((await feeds.subscriptions.add(url, null, now())).created) added++;
        } catch (err) {
          if (!isAppError(err, "input_invalid")) throw err;
          skipped.push(`${url.slice(0, 200)} (${errorMessage(err)})`);
        }
      }
      const there = parsed.urls.length - added - skipped.length;
      return `Imported: ${added} feed(s) added, ${there} already there${skipped.length ? `, ${skipped.length} skipped: ${skipped.slice(0, 3).join("; ")}` : ""}.`;
    }),
  );

  app.post(
    "/feeds/keep",
    form(async (request) => {
      const { id } = parse(KeepForm, request.body);
      const name = await feeds.screened.keep(id, paths.inbox, now());
      return `Kept: it is in the inbox (${name}) and will be stored as coverage.`;
    }, "#screened"),
  );
}
