// Which files the inbox takes, by name. Everything else that is not hidden or temporary goes to
// failed/ with a reason naming the supported formats (never left sitting in the inbox).
import path from "node:path";

export type InputFormat = "json" | "page" | "links" | "unsupported";

const FORMATS: Readonly<Record<string, InputFormat>> = {
  ".json": "json",
  ".html": "page",
  ".htm": "page",
  ".txt": "links",
  ".url": "links",
  ".webloc": "links",
};

export const SUPPORTED_FORMATS = ".json (article), .html or .htm (saved web page), .txt, .url or .webloc (links to fetch)";

export function inputFormat(name: string): InputFormat {
  return FORMATS[path.extname(name).toLowerCase()] ?? "unsupported";
}

/** Names that are never inputs: hidden files, and what editors, browsers and copiers write before the real file. */
export function isHiddenOrTemp(name: string): boolean {
  if (name.startsWith(".") || name.startsWith("~$")) return true;
  return /\.(tmp|part|crdownload|download|partial|swp)$/i.test(name) || name.endsWith("~");
}

export function unsupportedReason(name: string): string {
  const ext = path.extname(name).toLowerCase();
  const what = ext ? `${ext} files are not taken` : "a file without an extension is not taken";
  const hint = ext === ".pdf" || ext === ".docx" || ext === ".doc" ? "; send the article's link in a .txt file, or save its web page" : "";
  return `${what}: the inbox takes ${SUPPORTED_FORMATS}${hint}`;
}
