import type { ReportEntry, ReportOutline } from "./outline.js";

/** Markdown link target: spaces and parentheses would end the link early. */
export function mdUrl(url: string): string {
  return url.replace(/ /g, "%20").replace(/\(/g, "%28").replace(/\)/g, "%29");
}

/** `line ([M/D](url)) inline notes` */
function entryMarkdown(entry: ReportEntry): string {
  return `${entry.before}([${entry.date}](${mdUrl(entry.url)}))${entry.after}`;
}

function entryLines(entries: readonly ReportEntry[], indent: string): string[] {
  return entries.flatMap((entry) => [`${indent}- ${entryMarkdown(entry)}`, ...entry.notes.map((note) => `${indent}  - ${note}`)]);
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
