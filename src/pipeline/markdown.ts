import { shortDate } from "../core/quarter.js";
import type { Category } from "../core/taxonomy.js";
import { oneLine, stripControls } from "../core/text.js";

export interface MarkdownFact {
  category: Category;
  line: string;
  notes: string[];
}

const PLAIN_DATE = /\((\d{1,2}\/\d{1,2})\)/;

/**
 * Article text made inert in Markdown, for every Markdown file we write (final_output.md, the
 * report .md and needs_review.md, the digest): `<` becomes `&lt;`, so no raw HTML (`<script>`,
 * `<img onerror=...>`) and no `<javascript:...>` autolink can come from it; a `]` that would close
 * a link's text before `(` becomes `&#93;`, so no `[text](javascript:...)` link or image can
 * either; line breaks become spaces, so no line of it starts a block (a link definition, an HTML
 * block). Renderers show the text as written. Edge spaces are kept (callers join parts).
 */
export function inertMarkdown(text: string): string {
  return stripControls(text)
    .replace(/[ \t]*\n\s*/g, " ")
    .replace(/</g, "&lt;")
    .replace(/\](?=\s*\()/g, "&#93;");
}

/** `inertMarkdown` of `oneLine`: a title, a line or a note as one inert line. */
export function mdInline(text: string): string {
  return inertMarkdown(oneLine(text));
}

const PERCENT = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;

/**
 * A Markdown link target: spaces and parentheses (which would end the link early) and angle
 * brackets percent-encoded; an address that is not http(s) gets its colons encoded too, so it
 * is a harmless relative link and never `javascript:`.
 */
export function mdLinkTarget(url: string): string {
  const target = oneLine(url).replace(/[()\s<>]/g, PERCENT);
  return /^https?:\/\//i.test(target) ? target : target.replace(/:/g, PERCENT);
}

/** An address written as text (final_output.md's `URL:` line): angle brackets percent-encoded, nothing else changed. */
export function mdUrlText(url: string): string {
  return oneLine(url).replace(/[<>]/g, PERCENT);
}

export function isExecChange(category: string): boolean {
  return category === "Org -> Exec Changes";
}

/**
 * `line ([M/D](url))`; a line that already holds a plain `(M/D)` gets that one linked instead of a
 * second date. Exec-change notes follow the date on the same line.
 */
export function datedLine(fact: MarkdownFact, date: string, url: string): string {
  const target = mdLinkTarget(url);
  const link = (md: string) => `([${md}](${target}))`;
  // Every text is made one inert line again here: one record is one block whatever its source.
  const line = mdInline(fact.line);
  const withDate = PLAIN_DATE.test(line) ? line.replace(PLAIN_DATE, (_, md: string) => link(md)) : `${line} ${link(shortDate(date))}`;
  if (isExecChange(fact.category) && fact.notes.length > 0) return `${withDate} ${fact.notes.map(mdInline).join(" ")}`;
  return withDate;
}

function noteLines(fact: MarkdownFact, indent: string): string[] {
  return isExecChange(fact.category) ? [] : fact.notes.map((note) => `${indent}- ${mdInline(note)}`);
}

/** The Markdown result the CLI prints and the record keeps (spec §5). */
export function renderMarkdown(input: { title: string; date: string; url: string; facts: readonly MarkdownFact[] }): string {
  const lines = [`Title: ${mdInline(input.title)}`];
  for (const fact of input.facts) {
    lines.push(`Category: ${fact.category}`);
    lines.push(`Content: ${datedLine(fact, input.date, input.url)}`);
    lines.push(...noteLines(fact, "  "));
  }
  return lines.join("\n");
}

/** Python-style list, as the analysts' earlier log had it: ['WBD', 'Netflix']. */
export function pyList(items: readonly string[]): string {
  return `[${items.map((item) => `'${oneLine(item).replace(/'/g, "\\'")}'`).join(", ")}]`;
}

/**
 * The `Category:` / `Content:` lines of a final_output block. Facts of another category than the
 * one before them get their own pair (spec §5); a one-category article has one pair.
 */
export function contentSections(facts: readonly MarkdownFact[], date: string, url: string): string[] {
  const sections: string[] = [];
  let current: Category | undefined;
  for (const fact of facts) {
    if (fact.category !== current) {
      if (current !== undefined) sections.push("");
      sections.push(`Category: ${fact.category}`, "", "Content:");
      current = fact.category;
    }
    sections.push(`- ${datedLine(fact, date, url)}`, ...noteLines(fact, "  "));
  }
  return sections;
}

/** One block of data/final_output.md (spec §7), ending with a newline; blocks are joined by one blank line. */
export function renderFinalOutputBlock(input: {
  matchedBuyers: readonly string[];
  title: string;
  category: Category;
  facts: readonly MarkdownFact[];
  date: string;
  datetime: string | null;
  url: string;
  /** The company the record was filed under, as the store folder names it; a `Company:` line when given. */
  company?: string;
  /** Review reasons; a `Review:` line when given (`none` for a clean record). */
  review?: readonly string[];
  /** The story a record joins (docs/stories.md); a `Story:` line when given. */
  story?: string;
}): string {
  const sections = contentSections(input.facts, input.date, input.url);
  if (sections.length === 0) sections.push(`Category: ${input.category}`, "", "Content:");
  return [
    `Matched buyers: ${pyList(input.matchedBuyers)}`,
    "",
    `Title: ${mdInline(input.title)}`,
    "",
    ...sections,
    "",
    `Date: (${input.datetime ?? `${input.date}T00:00:00+00:00`})`,
    "",
    ...(input.company !== undefined ? [`Company: ${oneLine(input.company)}`, ""] : []),
    ...(input.review !== undefined ? [`Review: ${input.review.length ? input.review.map(mdInline).join("; ") : "none"}`, ""] : []),
    ...(input.story !== undefined ? [`Story: ${mdInline(input.story)}`, ""] : []),
    `URL: ${mdUrlText(input.url)}`,
    "",
  ].join("\n");
}
