import { inertMarkdown, mdInline, mdLinkTarget } from "../pipeline/markdown.js";
import type { ReportEntry, ReportOutline, ReportSource } from "./outline.js";

/** `line ([M/D](url)) inline notes`, then the story's other reports: the article's text inert (no raw HTML, no links of its own). */
function entryMarkdown(entry: ReportEntry): string {
  return `${inertMarkdown(entry.before)}([${entry.date}](${mdLinkTarget(entry.url)}))${inertMarkdown(entry.after)}${alsoMarkdown(entry.also)}`;
}

/** ` (also [Deadline](url), [THR](url))` for a story's other reports (docs/stories.md); empty when none. */
export function alsoMarkdown(also: readonly ReportSource[] | undefined): string {
  if (!also?.length) return "";
  return ` (also ${also.map((other) => `[${mdLinkText(other.source)}](${mdLinkTarget(other.url)})`).join(", ")})`;
}

/** Link text: inert, and brackets (which would end it early) escaped. */
function mdLinkText(text: string): string {
  return mdInline(text).replace(/[[\]]/g, (c) => `\\${c}`);
}

function entryLines(entries: readonly ReportEntry[], indent: string): string[] {
  return entries.flatMap((entry) => [`${indent}- ${entryMarkdown(entry)}`, ...entry.notes.map((note) => `${indent}  - ${mdInline(note)}`)]);
}

/** The report as Markdown: same outline as the Word file, for diffing, mail and quick reading. */
export function renderReportMarkdown(outline: ReportOutline): string {
  const out: string[] = [
    `# ${outline.title}`,
    "",
    `*${outline.subtitle}* · ${outline.display}`,
    "",
    "## Contents",
    "",
    ...outline.sections.map((s) => `- ${s.heading}`),
    "",
  ];
  for (const section of outline.sections) {
    out.push(`## ${section.heading}`, "");
    for (const sub of section.subheadings) {
      if (sub.title) out.push(`### ${sub.title}`, "");
      const body: string[] = [];
      body.push(...entryLines(sub.entries, ""));
      for (const label of sub.labels) {
        if (body.length) body.push("");
        body.push(`**${label.title}**`, "");
        body.push(...entryLines(label.entries, ""));
        for (const sublabel of label.sublabels) {
          body.push(`- *${sublabel.title}*`);
          body.push(...entryLines(sublabel.entries, "  "));
        }
      }
      if (body.length) out.push(...body, "");
    }
  }
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}
