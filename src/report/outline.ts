import type { BuyerConfig } from "../config/schema.js";
import { recordConcernsBuyer, storyIdOf, type StoredRecord } from "../core/record.js";
import { isExecChange } from "../pipeline/markdown.js";
import { assertQuarter, quarterParts, shortDate } from "../core/quarter.js";

/**
 * The report outline: a pure function of the stored records. Renderers (docx, Markdown) only lay
 * out what is built here, so both show the same entries in the same order.
 */

/** Numbered top-level sections in report order; `key` is the taxonomy's first path element. */
const REPORT_SECTIONS = [
  { number: 0, key: "Highlights", title: "Highlights From The Quarter" },
  { number: 1, key: "Org", title: "Org" },
  { number: 2, key: "Content, Deals & Distribution", title: "Content, Deals & Distribution" },
  { number: 3, key: "Strategy & Miscellaneous News", title: "Strategy & Miscellaneous News" },
  { number: 4, key: "Investor Relations", title: "Investor Relations" },
  { number: 5, key: "M&A", title: "M&A" },
] as const;

/**
 * Sub-headings (Heading 2) per section, in the reference reports' order. Only those with entries are
 * printed, as in the reference reports; the numbered section headings always are.
 */
const SUBHEADINGS: Readonly<Record<string, readonly string[]>> = {
  Highlights: [],
  Org: ["Exec Changes", "Org"],
  "Content, Deals & Distribution": ["Film", "TV", "Specials", "International", "Sports", "News", "Podcasts", "Deals"],
  "Strategy & Miscellaneous News": ["Strategy", "Misc."],
  "Investor Relations": ["Quarterly Earnings", "IR Conferences", "Analyst Perspective", "Misc."],
  "M&A": ["General News & Strategy"],
};

/** Labels under a sub-heading (the bold "Development", "Greenlights", ... lines), in reference order. */
const LABEL_ORDER: readonly string[] = [
  "General News & Strategy",
  "Development",
  "Greenlights",
  "Pickups",
  "Dating",
  "Renewals",
  "Cancellations",
  "Company Materials",
  "News Coverage",
];

/** Second-level labels (International -> Pickups -> Film / TV). */
const SUBLABEL_ORDER: readonly string[] = ["Film", "TV"];

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2025 Q4" -> { title: "Q4 2025 News & Updates", subtitle: "October – December 2025" } */
export function quarterTitles(quarter: string): { title: string; subtitle: string; year: number; q: number } {
  const { year, q } = quarterParts(assertQuarter(quarter))!;
  const first = MONTHS[(q - 1) * 3]!;
  const last = MONTHS[(q - 1) * 3 + 2]!;
  return { title: `Q${q} ${year} News & Updates`, subtitle: `${first} – ${last} ${year}`, year, q };
}

/** One report line: `before (date) after`, the date linking to the article. */
export interface ReportEntry {
  /** Text before the parenthesised date, ending with a space when the date follows the line. */
  before: string;
  /** M/D as displayed. */
  date: string;
  /** Text after the closing parenthesis (exec-change notes, or the rest of a line holding its own date). */
  after: string;
  url: string;
  /** Sub-bullets (not used for exec changes, whose notes are inline in `after`). */
  notes: string[];
  /** YYYY-MM-DD, for ordering. */
  published_at: string;
  record_id: string;
  fact_id: string;
  category: string;
  title: string;
  /** The story's other reports (docs/stories.md), one per outlet: the entry stands for them all ("also Deadline, THR"). */
  also?: ReportSource[];
}

/** Another outlet's report of an entry's story. */
export interface ReportSource {
  source: string;
  url: string;
}

interface ReportSublabel {
  title: string;
  entries: ReportEntry[];
}

interface ReportLabel {
  title: string;
  entries: ReportEntry[];
  sublabels: ReportSublabel[];
}

interface ReportSubheading {
  title: string;
  /** Entries placed directly under the heading (Exec Changes, Deals, Strategy, ...). */
  entries: ReportEntry[];
  /** Labelled groups (Film -> Development, International -> Pickups -> Film, ...). */
  labels: ReportLabel[];
}

export interface ReportSection {
  number: number;
  key: string;
  /** "1. Org" */
  heading: string;
  subheadings: ReportSubheading[];
}

export interface ReportOutline {
  quarter: string;
  buyer: string;
  display: string;
  title: string;
  subtitle: string;
  sections: ReportSection[];
  /** Number of distinct records reported (each story's other reports included). */
  recordCount: number;
  /** Number of stories: records reporting one news event count once (docs/stories.md). */
  storyCount: number;
  entryCount: number;
}

const PLAIN_DATE = /\((\d{1,2}\/\d{1,2})\)/;

/** Splits a fact into the parts around its linked date, as `datedLine` does for Markdown. */
function entryParts(
  fact: { category: string; line: string; notes: readonly string[] },
  date: string,
): {
  before: string;
  date: string;
  after: string;
  notes: string[];
} {
  const line = fact.line.trim();
  const exec = isExecChange(fact.category);
  const inline = exec && fact.notes.length > 0 ? ` ${fact.notes.map((n) => n.trim()).join(" ")}` : "";
  const notes = exec ? [] : fact.notes.map((n) => n.trim()).filter(Boolean);
  const own = PLAIN_DATE.exec(line);
  if (own) {
    return { before: line.slice(0, own.index), date: own[1]!, after: line.slice(own.index + own[0].length) + inline, notes };
  }
  return { before: `${line} `, date: shortDate(date), after: inline, notes };
}

/** Same order as `localeCompare` without arguments, without its per-call set-up (the desk builds outlines per request). */
const collator = new Intl.Collator();

/** Newest first; ties by publisher time, then the line, so the order is stable. */
function compareEntries(a: ReportEntry & { datetime: string }, b: ReportEntry & { datetime: string }): number {
  if (a.published_at !== b.published_at) return a.published_at < b.published_at ? 1 : -1;
  if (a.datetime !== b.datetime) return a.datetime < b.datetime ? 1 : -1;
  const text = (e: ReportEntry) => `${e.before}${e.after}`;
  return collator.compare(text(a), text(b)) || collator.compare(a.fact_id, b.fact_id);
}

function orderIndex(order: readonly string[], value: string): number {
  const i = order.indexOf(value);
  return i < 0 ? order.length : i;
}

function sortByOrder<T extends { title: string }>(items: T[], order: readonly string[]): T[] {
  return items.sort((a, b) => orderIndex(order, a.title) - orderIndex(order, b.title) || a.title.localeCompare(b.title));
}

/** First published first; on a tie the story's first stored record; then input order. */
function compareReports(a: StoredRecord, b: StoredRecord): number {
  if (a.published_at !== b.published_at) return a.published_at < b.published_at ? -1 : 1;
  const at = a.published_datetime ?? "";
  const bt = b.published_datetime ?? "";
  if (at !== bt) return at < bt ? -1 : 1;
  return Number(b.id === storyIdOf(b)) - Number(a.id === storyIdOf(a));
}

/**
 * One entry per story: the records (one version each) that report it as each story's first report,
 * which the report prints, with the other outlets' reports it stands for.
 */
export function storyLeads(records: readonly StoredRecord[]): Array<{ record: StoredRecord; also: ReportSource[] }> {
  const byStory = new Map<string, StoredRecord[]>();
  const seen = new Set<string>();
  for (const record of records) {
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    const story = storyIdOf(record);
    const members = byStory.get(story);
    if (members) members.push(record);
    else byStory.set(story, [record]);
  }
  return [...byStory.values()].map((members) => {
    const [lead, ...others] = [...members].sort(compareReports);
    const sources = new Set([lead!.source]);
    const also: ReportSource[] = [];
    for (const other of others) {
      if (sources.has(other.source)) continue;
      sources.add(other.source);
      also.push({ source: other.source, url: other.url });
    }
    return { record: lead!, also };
  });
}

/** Section 0's one untitled group of entries: the stories an analyst marked as highlights. */
function highlightsOf(sections: ReportSection[]): ReportSubheading {
  const section = sections[0]!;
  let group = section.subheadings.find((s) => s.title === "");
  if (!group) {
    group = { title: "", entries: [], labels: [] };
    section.subheadings.push(group);
  }
  return group;
}

export function buildOutline(input: { records: readonly StoredRecord[]; buyer: Pick<BuyerConfig, "name" | "display">; quarter: string }): ReportOutline {
  const { title, subtitle } = quarterTitles(input.quarter);
  const sections: ReportSection[] = REPORT_SECTIONS.map((s) => ({
    number: s.number,
    key: s.key,
    heading: `${s.number}. ${s.title}`,
    subheadings: (SUBHEADINGS[s.key] ?? []).map((t) => ({ title: t, entries: [], labels: [] })),
  }));
  const bySection = new Map(sections.map((s) => [s.key, s]));

  let entryCount = 0;
  type Sortable = ReportEntry & { datetime: string };
  const records = input.records.filter((r) => r.quarter === input.quarter && recordConcernsBuyer(r, input.buyer));
  // One version per article (the store reader already folded), one entry per story.
  const leads = storyLeads(records);
  const recordCount = new Set(records.map((r) => r.id)).size;
  for (const { record, also } of leads) {
    for (const fact of record.facts) {
      const [sectionKey = "", sub = "", label, sublabel] = fact.category.split(" -> ");
      const section = bySection.get(sectionKey);
      if (!section) continue; // unreachable: categories are validated against the taxonomy
      let subheading = section.subheadings.find((s) => s.title === sub);
      if (!subheading) {
        subheading = { title: sub, entries: [], labels: [] };
        section.subheadings.push(subheading);
      }
      const entry: Sortable = {
        ...entryParts(fact, record.published_at),
        url: record.url,
        published_at: record.published_at,
        datetime: record.published_datetime ?? "",
        record_id: record.id,
        fact_id: fact.fact_id,
        category: fact.category,
        title: record.title,
        ...(also.length > 0 ? { also } : {}),
      };
      entryCount += 1;
      // A highlight is listed in section 0 as well (untitled: the section is its own heading), and stays in its own section.
      if (record.highlight) highlightsOf(sections).entries.push({ ...entry });
      if (!label) {
        subheading.entries.push(entry);
        continue;
      }
      let group = subheading.labels.find((l) => l.title === label);
      if (!group) {
        group = { title: label, entries: [], sublabels: [] };
        subheading.labels.push(group);
      }
      if (!sublabel) {
        group.entries.push(entry);
        continue;
      }
      let sub2 = group.sublabels.find((l) => l.title === sublabel);
      if (!sub2) {
        sub2 = { title: sublabel, entries: [] };
        group.sublabels.push(sub2);
      }
      sub2.entries.push(entry);
    }
  }

  const strip = (entries: ReportEntry[]): ReportEntry[] => (entries as Sortable[]).sort(compareEntries).map(({ datetime: _datetime, ...entry }) => entry);
  for (const section of sections) {
    section.subheadings = section.subheadings.filter((s) => s.entries.length > 0 || s.labels.length > 0);
    for (const subheading of section.subheadings) {
      subheading.entries = strip(subheading.entries);
      sortByOrder(subheading.labels, LABEL_ORDER);
      for (const label of subheading.labels) {
        label.entries = strip(label.entries);
        sortByOrder(label.sublabels, SUBLABEL_ORDER);
        for (const sub of label.sublabels) sub.entries = strip(sub.entries);
      }
    }
  }
  return {
    quarter: input.quarter,
    buyer: input.buyer.name,
    display: input.buyer.display,
    title,
    subtitle,
    sections,
    recordCount,
    storyCount: leads.length,
    entryCount,
  };
}
