import { z } from "zod";
import type { Article } from "../core/article.js";
import type { FieldError } from "../core/errors.js";
import { toCategory } from "../core/taxonomy.js";
import { cleanInline, cleanText } from "./text.js";
import { canonicalUrl, sourceFromUrl, withoutCredentials } from "./url.js";
import { FIRST_YEAR, isQuarter, isRealDate, LAST_YEAR, QUARTER_HINT } from "../core/quarter.js";
import { LIMITS, overLimit } from "./limits.js";

const KNOWN_FIELDS = new Set(["title", "url", "content", "body", "source", "published_at", "category", "company", "quarter", "reprocess"]);
/** Names other tools give the publication date (RSS, schema.org, Open Graph, CMS exports): read when published_at is absent. */
const DATE_ALIASES = ["date", "published", "pubDate", "datePublished", "published_time"] as const;
const MAX_EXTRA_JSON = 2000;
// Whitespace, controls, format characters (bidi, zero-width) and lone surrogates: never in a real
// URL (they are percent-encoded), and a raw line break would forge lines in final_output.md.
const URL_FORBIDDEN = /[\s\p{Cc}\p{Cf}\p{Cs}]/u;
const DATE_ONLY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** JSON.stringify, or undefined for a value too deeply nested to serialise (RangeError). */
function stringifySafe(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function show(value: unknown): string {
  const text = stringifySafe(value);
  if (text === undefined && typeof value === "object" && value !== null) return "a value nested too deeply to show";
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Parses `YYYY-MM-DD` or an ISO date-time with `Z`/`+0000`/`+00:00`, on a day within the date range (core/quarter.ts). */
export function parsePublishedAt(value: string): { date: string; datetime: string } | null {
  const trimmed = value.trim();
  const dateOnly = DATE_ONLY_RE.exec(trimmed);
  if (dateOnly) {
    const [, y, m, d] = dateOnly;
    if (!isRealDate(+y!, +m!, +d!)) return null;
    return { date: trimmed, datetime: `${trimmed}T00:00:00+00:00` };
  }
  const dt = DATE_TIME_RE.exec(trimmed);
  if (!dt) return null;
  const [, y, mo, d, h, mi, s = "00", zone] = dt;
  if (!isRealDate(+y!, +mo!, +d!) || +h! > 23 || +mi! > 59 || +s > 59) return null;
  const offset = zone === "Z" ? "+00:00" : zone!.replace(/^([+-]\d{2}):?(\d{2})$/, "$1:$2");
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  if (Number.isNaN(ms)) return null;
  const utc = new Date(ms).toISOString().slice(0, 19);
  return { date: `${y}-${mo}-${d}`, datetime: `${utc}+00:00` };
}

/** "pubDate", "pub_date", "Pub-Date" -> "pubdate": how field names are compared for aliases and hints. */
function foldName(key: string): string {
  return key.toLowerCase().replace(/[\s_-]/g, "");
}

const FOLDED_DATE_ALIASES = new Map(DATE_ALIASES.map((alias) => [foldName(alias), alias]));
/** Other tools' names for our fields (RSS `link`, schema.org `headline`...): hinted at, never read. */
const SYNONYMS: ReadonlyMap<string, string> = new Map([
  ["link", "url"],
  ["href", "url"],
  ["permalink", "url"],
  ["canonicalurl", "url"],
  ["headline", "title"],
  ["text", "content"],
  ["articlebody", "content"],
  ["publisher", "source"],
  ["sitename", "source"],
  ["site", "source"],
]);

/** Optimal string alignment distance (edits and adjacent swaps), for short field names. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The known field an unknown key was probably meant as ("Title", "titel", "publishedAt", "link"), or null. */
function suggestField(key: string): string | null {
  if (KNOWN_FIELDS.has(key) || key.length > 64) return null;
  const folded = foldName(key);
  if (FOLDED_DATE_ALIASES.has(folded) || folded === "") return null;
  // A Map, not an object: "constructor" or "__proto__" must not find Object.prototype's members.
  const synonym = SYNONYMS.get(folded);
  if (synonym !== undefined) return synonym;
  let best: { field: string; distance: number } | null = null;
  for (const field of KNOWN_FIELDS) {
    const distance = editDistance(folded, foldName(field));
    const allowed = field.length >= 5 ? 2 : 1;
    if (distance <= allowed && (!best || distance < best.distance)) best = { field, distance };
  }
  return best?.field ?? null;
}

/** " (the file has "link": did you mean "url"?)" when a present key looks meant for `field`. */
function hintFor(field: string, raw: Record<string, unknown>): string {
  const key = Object.keys(raw).find((k) => suggestField(k) === field);
  return key === undefined ? "" : ` (the file has ${show(key)}: did you mean "${field}"?)`;
}

const RFC2822_RE = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})(?:\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*(GMT|UTC?|Z|[+-]\d{4}|[ECMP][SD]T)?)?$/;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const US_ZONES: Readonly<Record<string, string>> = {
  EST: "-0500",
  EDT: "-0400",
  CST: "-0600",
  CDT: "-0500",
  MST: "-0700",
  MDT: "-0600",
  PST: "-0800",
  PDT: "-0700",
};

/** RSS `pubDate` style ("Mon, 03 Nov 2025 14:30:00 GMT"), read only from the date aliases. */
function parseRfc2822(value: string): { date: string; datetime: string } | null {
  const m = RFC2822_RE.exec(value.trim());
  if (!m) return null;
  const [, d, mon, y, h, mi, s = "00", zone = "GMT"] = m;
  const month = MONTHS.indexOf(mon!.toLowerCase()) + 1;
  if (month === 0) return null;
  const date = `${y}-${String(month).padStart(2, "0")}-${d!.padStart(2, "0")}`;
  if (h === undefined) return parsePublishedAt(date);
  const offset = /^[+-]\d{4}$/.test(zone) ? zone : (US_ZONES[zone.toUpperCase()] ?? "Z");
  return parsePublishedAt(`${date}T${h}:${mi}:${s}${offset}`);
}

/** The first date alias that reads as a date, else a note about the first one present. */
function dateFromAliases(raw: Record<string, unknown>): { key: string; date: { date: string; datetime: string } } | { note: string } | null {
  let unreadable: string | null = null;
  for (const [key, value] of Object.entries(raw)) {
    if (!FOLDED_DATE_ALIASES.has(foldName(key)) || value === undefined || value === null || value === "") continue;
    const date = typeof value === "string" ? (parsePublishedAt(value) ?? parseRfc2822(value)) : null;
    if (date) return { key, date };
    unreadable ??= `${show(key)} holds ${show(value)}, not a date this tool reads (YYYY-MM-DD or ISO-8601); use published_at`;
  }
  return unreadable === null ? null : { note: unreadable };
}

const nonEmptyText = (field: string) =>
  z.unknown().superRefine((value, ctx) => {
    if (typeof value !== "string") {
      ctx.addIssue({ code: "custom", message: value === undefined ? "is required" : `must be a string, got ${show(value)}` });
    } else if (value.trim() === "") {
      ctx.addIssue({ code: "custom", message: `must not be empty (${field} holds the article's ${field === "title" ? "headline" : "text"})` });
    }
  });

const ArticleInputSchema = z.record(z.string(), z.unknown()).superRefine((raw, ctx) => {
  const add = (field: string, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
  const check = (field: string, value: unknown) => {
    const result = nonEmptyText(field).safeParse(value);
    const hint = value === undefined ? hintFor(field, raw) : "";
    if (!result.success) for (const issue of result.error.issues) add(field, issue.message + hint);
  };
  check("title", raw.title);
  if (typeof raw.title === "string" && raw.title.trim().length > LIMITS.titleChars) {
    add("title", `${overLimit(raw.title.trim().length, LIMITS.titleChars)}; give the article's headline only`);
  }
  if (raw.content === undefined && raw.body !== undefined) check("body", raw.body);
  else check("content", raw.content);

  const url = raw.url;
  if (url === undefined) add("url", `is required: the article's address, e.g. "https://variety.com/2025/tv/news/..."${hintFor("url", raw)}`);
  else if (typeof url === "string" && url.trim().length > LIMITS.urlChars) {
    add("url", `${overLimit(url.trim().length, LIMITS.urlChars)}; give the article's plain address`);
  } else if (typeof url !== "string" || !/^https?:\/\/[^\s/]+\.[^\s/]+/i.test(url.trim())) {
    add("url", `must be an absolute http(s) URL, got ${show(url)}`);
  } else if (URL_FORBIDDEN.test(url.trim())) {
    add("url", `must not contain spaces, line breaks or control characters (percent-encode them), got ${show(url)}`);
  } else {
    try {
      new URL(url.trim());
    } catch {
      add("url", `must be an absolute http(s) URL, got ${show(url)}`);
    }
  }
  if (raw.source !== undefined && raw.source !== null && typeof raw.source !== "string") {
    add("source", `must be a string, got ${show(raw.source)}`);
  } else if (typeof raw.source === "string" && raw.source.trim().length > LIMITS.sourceChars) {
    add("source", `${overLimit(raw.source.trim().length, LIMITS.sourceChars)}; give the publication's name`);
  }
  if (raw.published_at !== undefined && raw.published_at !== null && raw.published_at !== "") {
    if (typeof raw.published_at !== "string" || !parsePublishedAt(raw.published_at)) {
      add(
        "published_at",
        `must be YYYY-MM-DD or an ISO-8601 date-time with Z or an offset, from ${FIRST_YEAR}-01-01 to ${LAST_YEAR}-12-31, got ${show(raw.published_at)}`,
      );
    }
  }
  if (raw.category !== undefined && raw.category !== null) {
    if (typeof raw.category !== "string" || !toCategory(raw.category)) {
      add("category", `must be a category path from the taxonomy (e.g. "Org -> Exec Changes"), got ${show(raw.category)}`);
    }
  }
  if (raw.quarter !== undefined && raw.quarter !== null) {
    if (typeof raw.quarter !== "string" || !isQuarter(raw.quarter.trim())) {
      add("quarter", `${QUARTER_HINT}, got ${show(raw.quarter)}`);
    }
  }
  if (raw.company !== undefined && raw.company !== null && typeof raw.company !== "string") {
    add("company", `must be a string naming a buyer, got ${show(raw.company)}`);
  }
  if (raw.reprocess !== undefined && typeof raw.reprocess !== "boolean") {
    add("reprocess", `must be true or false, got ${show(raw.reprocess)}`);
  }
});

export type ParseResult = { ok: true; article: Article } | { ok: false; errors: FieldError[] };

/**
 * Validates one decoded JSON value as an article. `resolveCompany` maps a company override to a
 * configured buyer name (or null when unknown), so the valid names stay in configuration.
 */
export function parseArticle(value: unknown, resolveCompany: (name: string) => string | null): ParseResult {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    return { ok: false, errors: [{ field: "(article)", message: `must be a JSON object with title, url and content, got ${kind}` }] };
  }
  const result = ArticleInputSchema.safeParse(value);
  const errors: FieldError[] = result.success
    ? []
    : result.error.issues.map((issue) => ({ field: issue.path.join(".") || "(article)", message: issue.message }));
  const raw = value as Record<string, unknown>;

  let company: string | undefined;
  if (typeof raw.company === "string" && raw.company.trim() !== "") {
    const resolved = resolveCompany(raw.company.trim());
    if (resolved === null) errors.push({ field: "company", message: `must be one of the configured buyers or "Unknown", got ${show(raw.company)}` });
    else company = resolved;
  }
  if (errors.length > 0) return { ok: false, errors };

  // Clean-up can empty a field that was not blank ("Â", a body of boilerplate lines only).
  const title = cleanInline(raw.title as string);
  const textField = raw.content === undefined && raw.body !== undefined ? "body" : "content";
  const content = cleanText(raw[textField] as string);
  if (title === "") errors.push({ field: "title", message: "has no text left after clean-up (mojibake and whitespace removed)" });
  if (content === "")
    errors.push({ field: textField, message: 'has no article text left after clean-up (only site boilerplate such as "Popular on Variety")' });
  if (errors.length > 0) return { ok: false, errors };

  const url = withoutCredentials((raw.url as string).trim());
  const notes: string[] = [];
  let published = typeof raw.published_at === "string" && raw.published_at !== "" ? parsePublishedAt(raw.published_at) : null;
  let dateAlias: string | null = null;
  if (raw.published_at === undefined || raw.published_at === null || raw.published_at === "") {
    const fromAlias = dateFromAliases(raw);
    if (fromAlias && "key" in fromAlias) {
      published = fromAlias.date;
      dateAlias = fromAlias.key;
    } else if (fromAlias) notes.push(fromAlias.note);
  }
  const overrides: Article["overrides"] = {};
  if (typeof raw.category === "string") overrides.category = toCategory(raw.category)!;
  if (company) overrides.company = company;
  if (typeof raw.quarter === "string") overrides.quarter = raw.quarter.trim();
  const extra: Record<string, unknown> = {};
  for (const [key, val] of Object.entries(raw)) {
    // "__proto__" would set the prototype of `extra` instead of adding a field.
    if (KNOWN_FIELDS.has(key) || key === "__proto__" || key === dateAlias) continue;
    const meant = suggestField(key);
    if (meant) notes.push(`unknown field ${show(key)}: did you mean "${meant}"? (kept as extra, not read)`);
    // A value nested too deeply to serialise is not small: ignored like any big extra.
    const json = stringifySafe(val);
    if (json !== undefined && json.length <= MAX_EXTRA_JSON) extra[key] = val;
  }
  return {
    ok: true,
    article: {
      title,
      url,
      canonical_url: canonicalUrl(url),
      content,
      // A source of only control characters or whitespace cleans to nothing: the host names it instead.
      source: (typeof raw.source === "string" ? cleanInline(raw.source) : "") || sourceFromUrl(url),
      published_at: published?.date ?? null,
      published_datetime: published?.datetime ?? null,
      overrides,
      reprocess: raw.reprocess === true,
      extra,
      ...(notes.length > 0 ? { intake_notes: notes } : {}),
    },
  };
}
