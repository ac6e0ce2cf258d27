// Line-safe text: what a log line, a trace or Markdown may hold.

// Terminal escape sequences: CSI (ESC [ ... final byte, or the one-byte C1 CSI), OSC (ESC ] ...
// BEL or ESC \\), and two-character escapes (ESC followed by one of @..._).
const ANSI_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]?/g;
const LINE_BREAK = /\r\n?|[\u0085\u2028\u2029]/g;
// C0 and C1 controls except tab and newline, DEL, bidi overrides and isolates (they reorder what a
// reader sees), and UTF-16 halves without their other half (not encodable as UTF-8).
const CONTROL =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// Any character stripControls could change (surrogates included, for the pairs' sake).
const SUSPECT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

/**
 * Removes what would let a text forge lines or drive a terminal when written into Markdown, a
 * trace or a log line: ANSI escape sequences, control characters (NUL, ESC, BEL, DEL, C1), bidi
 * overrides and lone surrogates. Line breaks of every kind (CR, CRLF, NEL, U+2028/9) become "\n".
 */
export function stripControls(text: string): string {
  if (!SUSPECT.test(text)) return text; // the usual article: one scan, no copy
  return text.replace(ANSI_SEQUENCE, "").replace(LINE_BREAK, "\n").replace(CONTROL, "");
}

/** `stripControls`, then every run of whitespace (line breaks included) as one space: always one line. */
export function oneLine(text: string): string {
  return stripControls(text)
    .replace(/[\s\u00a0]+/g, " ")
    .trim();
}
