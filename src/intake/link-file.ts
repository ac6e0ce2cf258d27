// Link files -> the links they hold. Pure: bytes in, URLs (or a reason) out.
//   .txt     any text; every scheme://address in it (one per line is the usual form)
//   .url     Windows Internet Shortcut: "[InternetShortcut]" then "URL=https://..."
//   .webloc  macOS: a property list (XML or binary) whose "URL" key holds the address
import path from "node:path";
import { decodeHtml } from "./decode-html.js";

export const LINK_FILE_EXTENSIONS = [".txt", ".url", ".webloc"] as const;

interface RefusedLink {
  link: string;
  reason: string;
}

type LinkFileParse = { ok: true; links: string[]; refused: RefusedLink[] } | { ok: false; reason: string };

const SCHEME_URL = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s<>"'`]+/gi;
// Punctuation that ends a sentence or closes brackets around a pasted link, not part of it.
const TRAILING = /[).,;:!?\]}>'"’”]+$/;

function urlsInText(text: string): string[] {
  return Array.from(text.matchAll(SCHEME_URL), (m) => m[0].replace(TRAILING, ""));
}

function internetShortcutUrls(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*URL\s*=\s*(.+?)\s*$/i.exec(line);
    if (match) out.push(match[1]!);
  }
  return out;
}

function xmlUnescape(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function xmlPlistUrls(text: string): string[] {
  const match = /<key>\s*URL\s*<\/key>\s*<string>([\s\S]*?)<\/string>/i.exec(text);
  return match ? [xmlUnescape(match[1]!.trim())] : [];
}

/** The "URL" string of a binary property list (bplist00) whose top object is a dictionary. */
export function binaryPlistUrl(buf: Buffer): string | null {
  if (buf.length < 40 || buf.toString("latin1", 0, 8) !== "bplist00") return null;
  const trailer = buf.length - 32;
  const offsetSize = buf[trailer + 6]!;
  const refSize = buf[trailer + 7]!;
  const numObjects = Number(buf.readBigUInt64BE(trailer + 8));
  const top = Number(buf.readBigUInt64BE(trailer + 16));
  const tableAt = Number(buf.readBigUInt64BE(trailer + 24));
  const uint = (at: number, size: number): number => {
    if (size < 1 || size > 6 || at + size > buf.length) throw new RangeError("bad plist");
    return buf.readUIntBE(at, size);
  };
  const offset = (i: number) => {
    if (i >= numObjects) throw new RangeError("bad plist");
    return uint(tableAt + i * offsetSize, offsetSize);
  };
  /** Count of a collection or string: in the marker's low nibble, or a following int object. */
  const lengthAt = (at: number): { count: number; start: number } => {
    const info = buf[at]! & 0x0f;
    if (info !== 0x0f) return { count: info, start: at + 1 };
    const size = 1 << (buf[at + 1]! & 0x0f);
    return { count: uint(at + 2, size), start: at + 2 + size };
  };
  const stringAt = (i: number): string | null => {
    const at = offset(i);
    const type = buf[at]! >> 4;
    const { count, start } = lengthAt(at);
    if (type === 0x5) return buf.toString("latin1", start, start + count);
    if (type === 0x6)
      return Buffer.from(buf.subarray(start, start + count * 2))
        .swap16()
        .toString("utf16le");
    return null;
  };
  try {
    const at = offset(top);
    if (buf[at]! >> 4 !== 0xd) return null;
    const { count, start } = lengthAt(at);
    for (let k = 0; k < count; k++) {
      if (stringAt(uint(start + k * refSize, refSize)) === "URL") return stringAt(uint(start + (count + k) * refSize, refSize));
    }
  } catch {
    return null;
  }
  return null;
}

function isHttp(link: string): boolean {
  try {
    return /^https?:$/.test(new URL(link).protocol);
  } catch {
    return false;
  }
}

/**
 * The links a link file holds, in order, without repeats. Links that are not http(s) are refused
 * one by one (the others go on); a file with no link at all, or more than `maxLinks`, fails whole.
 */
export function parseLinkFile(name: string, bytes: Buffer, maxLinks: number): LinkFileParse {
  const ext = path.extname(name).toLowerCase();
  let found: string[];
  if (ext === ".webloc") {
    const binary = binaryPlistUrl(bytes);
    found = binary !== null ? [binary] : xmlPlistUrls(decodeHtml(bytes));
    if (found.length === 0) return { ok: false, reason: 'no link found: a .webloc file must be a property list with a "URL" key' };
  } else if (ext === ".url") {
    found = internetShortcutUrls(decodeHtml(bytes));
    if (found.length === 0) return { ok: false, reason: 'no link found: a .url file must hold a line "URL=https://..." under [InternetShortcut]' };
  } else {
    found = urlsInText(decodeHtml(bytes));
    if (found.length === 0) return { ok: false, reason: "no link found: put the article's address (https://...) on a line of its own" };
  }
  const links: string[] = [];
  const refused: RefusedLink[] = [];
  const seen = new Set<string>();
  for (const raw of found) {
    const link = raw.trim();
    if (seen.has(link)) continue;
    seen.add(link);
    if (isHttp(link)) links.push(link);
    else refused.push({ link, reason: "only http and https links are fetched" });
  }
  if (links.length + refused.length > maxLinks) {
    return { ok: false, reason: `the file holds ${links.length + refused.length} links; at most ${maxLinks} per file (intake.maxLinksPerFile), split it` };
  }
  return { ok: true, links, refused };
}
