// Text clean-up applied to every article before matching and classification (spec §4).
import { oneLine, stripControls } from "../core/text.js";

const MOJIBAKE: ReadonlyArray<[string, string]> = [
  ["â€™", "’"],
  ["â€˜", "‘"],
  ["â€œ", "“"],
  ["â€\u009d", "”"],
  ["â€", "”"],
  ["â€“", "–"],
  ["â€”", "—"],
  ["â€¦", "…"],
  ["Ã©", "é"],
  ["Ã¨", "è"],
  ["Ã¡", "á"],
  ["Ã±", "ñ"],
  ["Ã¶", "ö"],
  ["Ã¼", "ü"],
  ["Â ", " "],
  ["Â", ""],
];

// Order matters: the longer sequences must be replaced before their "â€" prefix.
const MOJIBAKE_ORDERED = [...MOJIBAKE].sort((a, b) => b[0].length - a[0].length);

export function repairMojibake(text: string): string {
  if (!/[âÃÂ]/.test(text)) return text;
  let out = text;
  for (const [bad, good] of MOJIBAKE_ORDERED) out = out.split(bad).join(good);
  return out;
}

const BOILERPLATE: ReadonlyArray<RegExp> = [
  /^popular on (variety|deadline|the hollywood reporter|thr|indiewire)\b/i,
  /^watch on (variety|deadline)\b/i,
  /^click here to (subscribe|read)\b/i,
  /^(sign up|subscribe) (for|to) .*(newsletter|alerts|inbox)/i,
  // "Get our daily newsletter: sign up here" -- ends with the call to action, unlike article prose
  // such as "the newsletter platform said readers now subscribe to paid publications".
  /newsletter\b.*\b(sign up|subscribe)( (here|now|today))?[.!:]?$/i,
  /^most popular$/i,
  /^must read$/i,
  /^related stories?$/i,
  /^advertisement$/i,
];

/** Site boilerplate lines are short; a long paragraph that mentions a newsletter is article text. */
const MAX_BOILERPLATE_CHARS = 160;

export function isBoilerplate(line: string): boolean {
  return line.length <= MAX_BOILERPLATE_CHARS && BOILERPLATE.some((pattern) => pattern.test(line));
}

/** Repairs mojibake, collapses whitespace inside lines, drops boilerplate and blank lines; keeps one line per paragraph. */
export function cleanText(text: string): string {
  return repairMojibake(stripControls(text))
    .split("\n")
    .map((line) => line.replace(/[\s\u00a0]+/g, " ").trim())
    .filter((line) => line.length > 0 && !isBoilerplate(line))
    .join("\n");
}

/** One-line form for titles and similar short fields. */
export function cleanInline(text: string): string {
  return repairMojibake(oneLine(text))
    .replace(/[\s\u00a0]+/g, " ")
    .trim();
}
