import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { loadConfig } from "../../src/config/load.js";
import { resolvePaths } from "../../src/store/layout.js";
import type { Config } from "../../src/config/schema.js";
import { folderSafeName } from "../../src/pipeline/buyer-directory.js";
import { SCHEMA_VERSION, type StoredRecord } from "../../src/core/record.js";
import { sectionOf, subheadingOf, type Category } from "../../src/core/taxonomy.js";

export function tempConfig(overrides?: Record<string, unknown>): Config {
  const home = mkdtempSync(path.join(tmpdir(), "nc-report-"));
  return loadConfig({ env: { NEWS_COVERAGE_HOME: home }, overrides });
}

interface FactInput {
  category: Category;
  line: string;
  notes?: string[];
}

let counter = 0;

/** A valid stored record; override anything. `facts` may be given as short inputs. */
export function makeRecord(input: Partial<Omit<StoredRecord, "facts">> & { facts?: FactInput[]; url?: string } = {}): StoredRecord {
  counter += 1;
  const url = input.url ?? `https://variety.com/2025/tv/news/story-${counter}/`;
  const facts = (input.facts ?? [{ category: "Org -> Org" as Category, line: `Story number ${counter}` }]).map((f, i) => ({
    fact_id: `f${i + 1}`,
    category: f.category,
    section: sectionOf(f.category),
    subheading: subheadingOf(f.category),
    line: f.line,
    notes: f.notes ?? [],
  }));
  const { facts: _facts, ...rest } = input;
  return {
    id: createHash("sha256").update(url).digest("hex"),
    company: "Sony",
    quarter: "2025 Q4",
    quarter_source: "published_at",
    title: `Title ${counter}`,
    source: "Variety",
    url,
    published_at: "2025-11-05",
    published_datetime: null,
    buyers: { strong: ["Sony"], weak: [] },
    category: facts[0]!.category,
    confidence: 0.9,
    alternatives: [],
    markdown: "",
    provider: "offline",
    model: "offline-nb-1",
    usage: null,
    review: [],
    supersedes: false,
    extra: {},
    input_file: `story-${counter}.json`,
    processed_at: "2025-11-05T12:00:00.000Z",
    schema_version: SCHEMA_VERSION,
    ...rest,
    facts,
  };
}

/** Appends records (or raw lines) to data/ingest/<Company dir>/<quarter>.jsonl. */
export function seedStore(config: Config, companyDisplay: string, quarter: string, lines: Array<StoredRecord | string>): string {
  const dir = path.join(resolvePaths(config).ingest, folderSafeName(companyDisplay));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${quarter}.jsonl`);
  appendFileSync(file, lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l)) + "\n").join(""));
  return file;
}

/** Minimal zip reader (central directory + stored/deflate entries): enough to open a .docx. */
function unzip(buffer: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65557); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip file: no end of central directory");
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error("bad central directory entry");
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString("utf8", offset + 46, offset + 46 + nameLength);
    const localNameLength = buffer.readUInt16LE(localOffset + 26);
    const localExtraLength = buffer.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const data = buffer.subarray(start, start + compressedSize);
    files.set(name, method === 0 ? Buffer.from(data) : method === 8 ? inflateRawSync(data) : Buffer.alloc(0));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

interface DocParagraph {
  style: string;
  level: number | null;
  text: string;
  /** Text of each hyperlink run group, with its target. */
  links: Array<{ text: string; target: string }>;
  bold: boolean;
  xml: string;
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Body paragraphs of word/document.xml with their style, list level, text and hyperlinks. */
export function readDocx(buffer: Buffer): {
  files: Map<string, Buffer>;
  documentXml: string;
  stylesXml: string;
  paragraphs: DocParagraph[];
  styleNames: Map<string, string>;
} {
  const files = unzip(buffer);
  const documentXml = files.get("word/document.xml")?.toString("utf8") ?? "";
  const stylesXml = files.get("word/styles.xml")?.toString("utf8") ?? "";
  const rels = files.get("word/_rels/document.xml.rels")?.toString("utf8") ?? "";
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /Id="([^"]+)"/.exec(m[0])?.[1];
    const target = /Target="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, decode(target));
  }
  const styleNames = new Map<string, string>();
  for (const m of stylesXml.matchAll(/<w:style\b[^>]*w:styleId="([^"]+)"[^>]*>.*?<w:name w:val="([^"]+)"/gs)) {
    styleNames.set(m[1]!, m[2]!);
  }
  const body = documentXml.slice(documentXml.indexOf("<w:body>"));
  const paragraphs: DocParagraph[] = [];
  for (const m of body.matchAll(/<w:p\b[^>]*?(?:\/>|>(.*?)<\/w:p>)/gs)) {
    const xml = m[0];
    const styleId = /<w:pStyle w:val="([^"]+)"/.exec(xml)?.[1] ?? "Normal";
    const level = /<w:ilvl w:val="(\d+)"/.exec(xml)?.[1];
    const text = decode([...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(""));
    const links = [...xml.matchAll(/<w:hyperlink\b([^>]*)>(.*?)<\/w:hyperlink>/gs)].map((h) => ({
      text: decode([...h[2]!.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join("")),
      target: targets.get(/r:id="([^"]+)"/.exec(h[1]!)?.[1] ?? "") ?? `#${/w:anchor="([^"]+)"/.exec(h[1]!)?.[1] ?? ""}`,
    }));
    paragraphs.push({
      style: styleNames.get(styleId) ?? styleId,
      level: level === undefined ? null : Number(level),
      text,
      links: links.filter((l) => !l.target.startsWith("#")),
      bold: /<w:b\/>|<w:b w:val="(?:true|1)"\/>/.test(xml),
      xml,
    });
  }
  return { files, documentXml, stylesXml, paragraphs, styleNames };
}
