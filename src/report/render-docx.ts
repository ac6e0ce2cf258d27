import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  TableOfContents,
  TextRun,
  UnderlineType,
  type ILevelsOptions,
  type ParagraphChild,
} from "docx";
import { isExecChange } from "../pipeline/markdown.js";
import type { ReportEntry, ReportOutline } from "./outline.js";

/**
 * Word rendering of a report outline, laid out like the hand-made reports in
 * ../shared/corpus/reference-reports/: letter paper with half-inch margins, the firm's "Reader"
 * font at 12 pt, dark-red underlined "Heading 1" sections, italic indented "Heading 2"
 * sub-headings, "List Paragraph" bullets under plain headings, bold "No Spacing" labels with
 * "No Spacing" bullets under the Content headings. Style names are Word's own so analysts can keep
 * editing the document with Word's style gallery and the table of contents stays updatable.
 */

const REPORT_FONT = "Reader";
const SIZE = 24; // half-points: 12 pt
const SECTION_RED = "C00000";
const LINK_BLUE = "0000FF";
const AFTER = 120; // twips after each paragraph, as the reference sets directly

/** Bulleted list definitions: ● o ▪ under plain headings, ● at every level under labels (as in the reference). */
const LIST_PLAIN = "report-list";
const LIST_LABELLED = "report-labelled";

function bulletLevels(glyphs: Array<{ text: string; font: string }>): ILevelsOptions[] {
  return glyphs.map((glyph, level) => ({
    level,
    format: LevelFormat.BULLET,
    text: glyph.text,
    alignment: AlignmentType.LEFT,
    style: {
      run: { font: glyph.font },
      paragraph: { indent: { left: 1440 + 720 * level, hanging: 360 } },
    },
  }));
}

const DOT = { text: "\uF0B7", font: "Symbol" };
const CIRCLE = { text: "o", font: "Courier New" };
const SQUARE = { text: "\uF0A7", font: "Wingdings" };

/** Removes characters XML 1.0 cannot hold (a stray control character would make the file unreadable). */
function xmlSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "").replace(/[\r\n\t]+/g, " ");
}

function run(text: string, options: { bold?: boolean; italics?: boolean } = {}): TextRun {
  return new TextRun({ text: xmlSafe(text), ...options });
}

const EXEC_KIND = /^(Exit|Promotion|Hiring|New Role):\s+/;

/**
 * `line (` + linked `M/D` + `) notes`: only the date is the link, as in the reference. Exec changes
 * are set as the analysts set them: the kind in italics, name and title in bold, then the note.
 */
function entryChildren(entry: ReportEntry): ParagraphChild[] {
  const children: ParagraphChild[] = [];
  const kind = isExecChange(entry.category) ? EXEC_KIND.exec(entry.before) : null;
  const bold = Boolean(kind);
  if (kind) {
    children.push(run(`${kind[1]}:`, { italics: true }), run(" "));
    children.push(run(`${entry.before.slice(kind[0].length)}(`, { bold }));
  } else {
    children.push(run(`${entry.before}(`));
  }
  children.push(new ExternalHyperlink({ link: entry.url, children: [new TextRun({ text: xmlSafe(entry.date), style: "Hyperlink", bold })] }));
  if (bold) children.push(run(")", { bold }), run(entry.after));
  else children.push(run(`)${entry.after}`));
  children.push(...alsoChildren(entry));
  return children;
}

/** ` (also Deadline, THR)`, each outlet linked to its report (docs/stories.md). */
function alsoChildren(entry: ReportEntry): ParagraphChild[] {
  const also = entry.also ?? [];
  if (also.length === 0) return [];
  const children: ParagraphChild[] = [run(" (also ")];
  also.forEach((other, i) => {
    if (i > 0) children.push(run(", "));
    children.push(new ExternalHyperlink({ link: other.url, children: [new TextRun({ text: xmlSafe(other.source), style: "Hyperlink" })] }));
  });
  children.push(run(")"));
  return children;
}

interface ListPlace {
  style: "ListParagraph" | "NoSpacing";
  reference: string;
  level: number;
}

function entryParagraphs(entries: readonly ReportEntry[], place: ListPlace): Paragraph[] {
  return entries.flatMap((entry) => [
    new Paragraph({
      style: place.style,
      numbering: { reference: place.reference, level: place.level },
      spacing: { after: AFTER },
      children: entryChildren(entry),
    }),
    ...entry.notes.map(
      (note) =>
        new Paragraph({
          style: place.style,
          numbering: { reference: place.reference, level: place.level + 1 },
          spacing: { after: AFTER },
          children: [run(note)],
        }),
    ),
  ]);
}

function labelParagraph(text: string, level: number, bold: boolean): Paragraph {
  return new Paragraph({
    style: "NoSpacing",
    numbering: { reference: LIST_LABELLED, level },
    spacing: { after: AFTER },
    children: [run(text, { bold })],
  });
}

function rule(): Paragraph {
  return new Paragraph({
    spacing: { after: AFTER },
    border: { bottom: { style: BorderStyle.SINGLE, size: 12, space: 1, color: "000000" } },
    children: [],
  });
}

/** The document body, in reading order. */
function reportParagraphs(outline: ReportOutline): Array<Paragraph | TableOfContents> {
  const body: Array<Paragraph | TableOfContents> = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: AFTER },
      children: [new TextRun({ text: xmlSafe(outline.display), bold: true, size: 36, color: SECTION_RED })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 0 },
      children: [run(outline.title, { bold: true })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: AFTER },
      children: [run(outline.subtitle, { italics: true })],
    }),
    new Paragraph({
      spacing: { after: AFTER },
      children: [new TextRun({ text: "Contents", bold: true, underline: { type: UnderlineType.SINGLE } })],
    }),
    new TableOfContents("Table of Contents", {
      hyperlink: true,
      headingStyleRange: "1-1",
      useAppliedParagraphOutlineLevel: true,
      hideTabAndPageNumbersInWebView: true,
    }),
  ];
  outline.sections.forEach((section, index) => {
    // A rule closes a section with entries; empty sections follow each other directly, as in the reference.
    if (index > 0 && outline.sections[index - 1]!.subheadings.length > 0) body.push(rule());
    body.push(new Paragraph({ style: "Heading1", children: [run(section.heading)] }));
    for (const sub of section.subheadings) {
      if (sub.title) body.push(new Paragraph({ style: "Heading2", children: [run(sub.title)] }));
      body.push(...entryParagraphs(sub.entries, { style: "ListParagraph", reference: LIST_PLAIN, level: 0 }));
      for (const label of sub.labels) {
        body.push(labelParagraph(label.title, 0, true));
        body.push(...entryParagraphs(label.entries, { style: "NoSpacing", reference: LIST_LABELLED, level: 1 }));
        for (const sublabel of label.sublabels) {
          body.push(labelParagraph(sublabel.title, 1, false));
          body.push(...entryParagraphs(sublabel.entries, { style: "NoSpacing", reference: LIST_LABELLED, level: 2 }));
        }
      }
    }
  });
  return body;
}

function buildReportDocument(outline: ReportOutline): Document {
  return new Document({
    creator: "news-coverage",
    title: `${outline.quarter} ${outline.display} News Coverage`,
    description: `${outline.title}, ${outline.subtitle}: ${outline.entryCount} entries from ${outline.recordCount} articles`,
    // The TOC is written with its entries (so every viewer shows them) and left for Word to number:
    // Word updates the fields when it opens the file. (docx's page-number estimator was tried: it
    // made a 200-entry report 8x slower, 0.9 s -> 6.9 s.)
    features: { updateFields: true },
    styles: {
      default: {
        document: {
          run: { font: REPORT_FONT, size: SIZE },
          paragraph: { spacing: { after: 160, line: 259 } },
        },
        heading1: {
          run: { font: REPORT_FONT, size: SIZE, bold: true, underline: { type: UnderlineType.SINGLE }, color: SECTION_RED },
          paragraph: { spacing: { before: 0, after: AFTER, line: 240 }, outlineLevel: 0 },
        },
        heading2: {
          run: { font: REPORT_FONT, size: SIZE, italics: true, color: "000000" },
          paragraph: { spacing: { before: 100, after: AFTER, line: 240 }, indent: { left: 720 }, keepNext: true, keepLines: true, outlineLevel: 1 },
        },
        listParagraph: {
          run: { font: REPORT_FONT, size: SIZE },
          paragraph: { indent: { left: 720 } },
        },
        hyperlink: {
          run: { color: LINK_BLUE, underline: { type: UnderlineType.SINGLE } },
        },
      },
      paragraphStyles: [
        {
          id: "NoSpacing",
          name: "No Spacing",
          quickFormat: true,
          run: { font: REPORT_FONT, size: SIZE },
          paragraph: { spacing: { before: 0, after: 0, line: 240 } },
        },
        {
          // Table of contents entries: 11 pt in the section red, as the reference's.
          id: "TOC1",
          name: "toc 1",
          basedOn: "Normal",
          next: "Normal",
          run: { font: REPORT_FONT, size: 22, color: SECTION_RED },
          paragraph: { spacing: { after: 100 } },
        },
      ],
    },
    numbering: {
      config: [
        { reference: LIST_PLAIN, levels: bulletLevels([DOT, CIRCLE, SQUARE, DOT]) },
        { reference: LIST_LABELLED, levels: bulletLevels([DOT, DOT, DOT, DOT]) },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: 12240, height: 15840 },
            margin: { top: 720, right: 720, bottom: 720, left: 720, header: 720, footer: 432 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({ text: `${outline.display}  ·  ${outline.subtitle}  |  `, size: 20 }),
                  new TextRun({ children: [PageNumber.CURRENT], size: 20 }),
                ],
              }),
            ],
          }),
        },
        children: reportParagraphs(outline),
      },
    ],
  });
}

/** The .docx file's bytes. */
export async function renderReportDocx(outline: ReportOutline): Promise<Buffer> {
  return Packer.toBuffer(buildReportDocument(outline));
}
