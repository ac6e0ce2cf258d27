// Page bytes -> text, for saved pages, fetched pages and link files. Kept apart from
// extract-page.ts so that reading a link file's bytes does not load Readability and linkedom.

const utf8Strict = new TextDecoder("utf-8", { fatal: true });

/** The charset a page declares in its first bytes (`<meta charset>` or http-equiv Content-Type). */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString("latin1");
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
}

// Node's TextDecoder decodes "windows-1252" (and its aliases latin1, iso-8859-1, ascii) as ISO-8859-1,
// turning the curly quotes at 0x80-0x9F into control characters; these are the real code points.
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

type Decode = (bytes: Uint8Array) => string;

const decodeWindows1252: Decode = (bytes) => {
  let out = "";
  for (const byte of bytes) out += byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80]! : String.fromCharCode(byte);
  return out;
};

function decoderFor(label: string | undefined): Decode | undefined {
  if (!label) return undefined;
  try {
    const decoder = new TextDecoder(label);
    if (decoder.encoding === "windows-1252") return decodeWindows1252;
    return (bytes) => decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Page bytes -> text: a BOM wins, then the charset given by the server (`headerCharset`), then
 * strict UTF-8, then the charset the page declares, then windows-1252 (what browsers assume).
 */
export function decodeHtml(bytes: Uint8Array, headerCharset?: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  const fromHeader = decoderFor(headerCharset);
  if (fromHeader) return fromHeader(bytes);
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return (decoderFor(declaredCharset(bytes)) ?? decodeWindows1252)(bytes);
  }
}
