import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { parseArticle } from "../pipeline/article.js";
import { type FieldError } from "../core/errors.js";
import { MAX_ARTICLES_PER_FILE } from "../intake/read-input.js";
import { fsyncDir } from "../store/fsutil.js";
import { AppError } from "../core/errors.js";

/** Submission ids: 24 hex characters; also what GET /api/articles/:id accepts (never a path). */
export const SUBMISSION_ID_RE = /^[0-9a-f]{24}$/;

export function newSubmissionId(): string {
  return randomBytes(12).toString("hex");
}

type Submission =
  { kind: "articles"; /** What goes into the file: the object or array as sent. */ value: unknown; count: number } | { kind: "link"; url: string };

/** Inbox names of a submission: an article file, or a link file (one URL per line) for intake to fetch. */
export function submissionFile(id: string, kind: Submission["kind"]): string {
  return kind === "link" ? `api-${id}.txt` : `api-${id}.json`;
}

/** The submission id in an inbox file name written by the API, or null. */
export function submissionIdOf(file: string): string | null {
  const match = /^api-([0-9a-f]{24})\.(json|txt)$/.exec(file);
  return match ? match[1]! : null;
}

function isLinkRequest(value: Record<string, unknown>): boolean {
  return "url" in value && !("title" in value) && !("content" in value) && !("body" in value);
}

function checkLink(url: unknown): string {
  if (typeof url !== "string" || url.trim() === "")
    throw new AppError("input_invalid", "invalid link", { fields: [{ field: "url", message: "must be an http(s) URL string" }] });
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new AppError("input_invalid", "invalid link", {
      fields: [{ field: "url", message: `must be an absolute http(s) URL, got ${JSON.stringify(url).slice(0, 80)}` }],
    });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new AppError("input_invalid", "invalid link", {
      fields: [{ field: "url", message: `only http and https links can be fetched, got ${parsed.protocol}` }],
    });
  }
  // One URL per line in the link file: a line break inside would smuggle in a second link.
  if (/[\r\n]/.test(url))
    throw new AppError("input_invalid", "invalid link", { fields: [{ field: "url", message: "must be a single URL without line breaks" }] });
  return parsed.href;
}

/**
 * Validates a POST /api/articles body with the same schema as inbox files. One article object, an
 * array of them (at most as many as one inbox file may hold), or `{ "url": ... }` to fetch.
 */
export function parseSubmission(body: unknown, resolveCompany: (name: string) => string | null): Submission {
  if (typeof body === "object" && body !== null && !Array.isArray(body) && isLinkRequest(body as Record<string, unknown>)) {
    return { kind: "link", url: checkLink((body as Record<string, unknown>).url) };
  }
  const many = Array.isArray(body);
  const values = many ? (body as unknown[]) : [body];
  if (values.length === 0)
    throw new AppError("input_invalid", "empty array: send at least one article", { fields: [{ field: "(body)", message: "must hold at least one article" }] });
  if (values.length > MAX_ARTICLES_PER_FILE) {
    throw new AppError("too_large", `too many articles: ${values.length} in one request; at most ${MAX_ARTICLES_PER_FILE}, split them`, {
      fields: [{ field: "(body)", message: `must hold at most ${MAX_ARTICLES_PER_FILE} articles, got ${values.length}` }],
    });
  }
  const fields: FieldError[] = [];
  values.forEach((value, index) => {
    const parsed = parseArticle(value, resolveCompany);
    if (!parsed.ok) for (const e of parsed.errors) fields.push({ field: many ? `[${index}].${e.field}` : e.field, message: e.message });
  });
  if (fields.length > 0) {
    const first = fields
      .slice(0, 3)
      .map((f) => `${f.field} ${f.message}`)
      .join("; ");
    throw new AppError("input_invalid", `invalid article: ${first}${fields.length > 3 ? ` (+${fields.length - 3} more)` : ""}`, { fields });
  }
  return { kind: "articles", value: body, count: values.length };
}

/**
 * Writes a submission into the inbox atomically: a hidden temp name (the daemon ignores it), fsync,
 * rename. When this returns the file is durable and the daemon will take it like any other.
 */
export async function writeSubmission(inbox: string, id: string, submission: Submission): Promise<string> {
  const name = submissionFile(id, submission.kind);
  const text = submission.kind === "link" ? `${submission.url}\n` : `${JSON.stringify(submission.value)}\n`;
  const tmp = path.join(inbox, `.${name}.tmp`);
  const handle = await fs.open(tmp, "wx", 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  await fs.rename(tmp, path.join(inbox, name));
  await fsyncDir(inbox);
  return name;
}
