import { z } from "zod";
import { toCategory, type Category } from "./taxonomy.js";
import { cleanInline, cleanText } from "./text.js";
import { canonicalUrl, sourceFromUrl } from "./url.js";

/** One field-level problem, phrased for the person who wrote the file. */
export interface FieldError {
  field: string;
  message: string;
}

export interface Article {
  title: string;
  url: string;
  canonical_url: string;
  content: string;
  source: string;
  /** YYYY-MM-DD as written by the publisher, when given. */
  published_at: string | null;
  /** ISO-8601 in UTC (`...+00:00`), when given. */
  published_datetime: string | null;
  overrides: { category?: Category; company?: string; quarter?: string };
  reprocess: boolean;
  extra: Record<string, unknown>;
}

const KNOWN_FIELDS = new Set(["title", "url", "content", "body", "source", "published_at", "category", "company", "quarter", "reprocess"]);
const MAX_EXTRA_JSON = 2000;
const QUARTER_RE = /^(\d{4}) Q([1-4])$/;
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

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Parses `YYYY-MM-DD` or an ISO date-time with `Z`/`+0000`/`+00:00`. */
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

const nonEmptyText = (field: string) =>
  z.unknown().superRefine((value, ctx) => {
    if (typeof value !== "string") {
      ctx.addIssue({ code: "custom", message: value === undefined ? "is required" : `must be a string, got ${show(value)}` });
    } else if (value.trim() === "") {
      ctx.addIssue({ code: "custom", message: `must not be empty (${field} holds the article's ${field === "title" ? "headline" : "text"})` });
    }
  });

const ArticleInputSchema = z
  .record(z.string(), z.unknown())
  .superRefine((raw, ctx) => {
    const add = (field: string, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
    const check = (field: string, value: unknown) => {
      const result = nonEmptyText(field).safeParse(value);
      if (!result.success) for (const issue of result.error.issues) add(field, issue.message);
    };
    check("title", raw.title);
    if (raw.content === undefined && raw.body !== undefined) check("body", raw.body);
    else check("content", raw.content);

    const url = raw.url;
    if (url === undefined) add("url", 'is required: the article\'s address, e.g. "https://variety.com/2025/tv/news/..."');
    else if (typeof url !== "string" || !/^https?:\/\/[^\s/]+\.[^\s/]+/i.test(url.trim())) {
      add("url", `must be an absolute http(s) URL, got ${show(url)}`);
    } else {
      try {
        new URL(url.trim());
      } catch {
        add("url", `must be an absolute http(s) URL, got ${show(url)}`);
      }
    }
    if (raw.source !== undefined && raw.source !== null && typeof raw.source !== "string") {
      add("source", `must be a string, got ${show(raw.source)}`);
    }
    if (raw.published_at !== undefined && raw.published_at !== null && raw.published_at !== "") {
      if (typeof raw.published_at !== "string" || !parsePublishedAt(raw.published_at)) {
        add("published_at", `must be YYYY-MM-DD or an ISO-8601 date-time with Z or an offset, got ${show(raw.published_at)}`);
      }
    }
    if (raw.category !== undefined && raw.category !== null) {
      if (typeof raw.category !== "string" || !toCategory(raw.category)) {
        add("category", `must be a category path from the taxonomy (e.g. "Org -> Exec Changes"), got ${show(raw.category)}`);
      }
    }
    if (raw.quarter !== undefined && raw.quarter !== null) {
      if (typeof raw.quarter !== "string" || !QUARTER_RE.test(raw.quarter.trim())) {
        add("quarter", `must look like "2025 Q4" (year, space, Q1..Q4), got ${show(raw.quarter)}`);
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
  if (content === "") errors.push({ field: textField, message: "has no article text left after clean-up (only site boilerplate such as \"Popular on Variety\")" });
  if (errors.length > 0) return { ok: false, errors };

  const url = (raw.url as string).trim();
  const published = typeof raw.published_at === "string" && raw.published_at !== "" ? parsePublishedAt(raw.published_at) : null;
  const overrides: Article["overrides"] = {};
  if (typeof raw.category === "string") overrides.category = toCategory(raw.category)!;
  if (company) overrides.company = company;
  if (typeof raw.quarter === "string") overrides.quarter = raw.quarter.trim();
  const extra: Record<string, unknown> = {};
  for (const [key, val] of Object.entries(raw)) {
    // "__proto__" would set the prototype of `extra` instead of adding a field.
    if (KNOWN_FIELDS.has(key) || key === "__proto__") continue;
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
      source: typeof raw.source === "string" && raw.source.trim() ? cleanInline(raw.source) : sourceFromUrl(url),
      published_at: published?.date ?? null,
      published_datetime: published?.datetime ?? null,
      overrides,
      reprocess: raw.reprocess === true,
      extra,
    },
  };
}
