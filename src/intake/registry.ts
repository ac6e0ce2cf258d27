// Which files the inbox takes, by name, and what each one is: every question about a format is
// asked here, never by naming a format. Everything else that is not hidden or temporary goes to
// failed/ with a reason naming the supported formats (never left sitting in the inbox).
import path from "node:path";
import type { FormatFile, InputFormat, IntakeItem, IntakeSettings, PrefetchContext, ReadContext } from "../core/format.js";
import { AppError } from "../core/errors.js";
import { moveCompanionFolder } from "./companion.js";
import { INPUT_FORMATS } from "./formats/index.js";

/** Extension -> format; refuses a list where an extension is claimed twice or not written ".lowercase". */
export function indexFormats(formats: readonly InputFormat[]): ReadonlyMap<string, InputFormat> {
  const byExtension = new Map<string, InputFormat>();
  for (const format of formats) {
    for (const ext of format.extensions) {
      if (!/^\.[a-z0-9]+$/.test(ext)) throw new Error(`input format ${format.id}: the extension "${ext}" must be a dot and lower-case letters or digits`);
      const other = byExtension.get(ext);
      if (other) throw new Error(`input formats ${other.id} and ${format.id} both take ${ext}`);
      byExtension.set(ext, format);
    }
  }
  return byExtension;
}

const BY_EXTENSION = indexFormats(INPUT_FORMATS);

/** The format of an inbox name (its extension, in any case), or undefined: not an input. */
export function formatOf(name: string): InputFormat | undefined {
  return BY_EXTENSION.get(path.extname(name).toLowerCase());
}

export function isInputName(name: string): boolean {
  return formatOf(name) !== undefined;
}

/** ".html or .htm (saved web page)" */
function describeFormat(format: InputFormat): string {
  const exts = format.extensions;
  const names = exts.length > 1 ? `${exts.slice(0, -1).join(", ")} or ${exts.at(-1)}` : exts.join("");
  return `${names} (${format.description})`;
}

const SUPPORTED_FORMATS = INPUT_FORMATS.map(describeFormat).join(", ");

/**
 * "*.html" for ".html" and ".htm": the short spelling of an extension already listed is left out,
 * as people know it goes with the long one.
 */
function helpExtensions(format: InputFormat): string {
  const exts = format.extensions;
  return exts
    .filter((ext) => !exts.some((other) => other !== ext && other.startsWith(ext)))
    .map((ext) => `*${ext}`)
    .join("/");
}

/** The formats as the `process` command's help lists them: "*.json, saved pages *.html, link files *.txt/*.url/*.webloc". */
export const FORMATS_FOR_HELP = INPUT_FORMATS.map((format) => [format.helpName, helpExtensions(format)].filter(Boolean).join(" ")).join(", ");

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

/** The items a file holds, read by its format; a name no format takes fails with unsupportedReason. */
export async function readInput(file: FormatFile, context: ReadContext<unknown>): Promise<IntakeItem[]> {
  const format = formatOf(file.name);
  if (!format) throw new AppError("input_invalid", unsupportedReason(file.name));
  return format.read(file, context);
}

/** The main-thread work a file of this name needs before it goes to a worker, if any with these settings. */
export function prefetchFor(name: string, intake: IntakeSettings): ((file: FormatFile, context: PrefetchContext) => Promise<unknown>) | undefined {
  const prefetch = formatOf(name)?.prefetch;
  return prefetch?.enabled(intake) ? (file, context) => prefetch.run(file, context) : undefined;
}

/** Moves the folder that belongs to a file (a saved page's "<name>_files") beside where the file went; null if it has none. */
export async function moveCompanion(inbox: string, name: string, movedTo: string): Promise<string | null> {
  const folderOf = formatOf(name)?.companionFolder;
  return folderOf ? moveCompanionFolder(inbox, name, movedTo, folderOf) : null;
}
