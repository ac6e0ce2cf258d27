// Feed HTML (content:encoded, Atom content, summaries) -> plain text with one paragraph per block (pure).
const BLOCK = /<\/?(p|div|br|li|ul|ol|h[1-6]|blockquote|section|article|tr|table|figure|figcaption|pre|hr)\b[^>]*>/gi;
const DROP = /<(script|style|noscript|template|iframe|svg)\b[\s\S]*?<\/\1\s*>/gi;
const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "–",
  mdash: "—",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  hellip: "…",
  eacute: "é",
  copy: "©",
  reg: "®",
  trade: "™",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : Number(body.slice(1));
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : "";
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

/** Tags stripped, entities decoded, whitespace folded; block elements end paragraphs ("\n\n"). */
export function htmlToText(html: string): string {
  if (!html.includes("<") && !html.includes("&")) return html.replace(/[ \t\r\f\v]+/g, " ").trim();
  const text = decodeEntities(
    html
      .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1")
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(DROP, "")
      .replace(BLOCK, "\n\n")
      .replace(/<[^>]*>/g, ""),
  );
  return text
    .split(/\n\s*\n/)
    .map((part) => part.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join("\n\n");
}
