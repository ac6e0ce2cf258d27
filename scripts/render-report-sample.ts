/**
 * Builds a throw-away store from the hand-made entries of one reference report
 * (../shared/corpus/report-entries.jsonl) and renders it with `writeReports`, so the generated
 * document can be compared with the reference by eye:
 *
 *   npx tsx scripts/render-report-sample.ts [--buyer Sony] [--quarter "2025 Q2"] [--home /tmp/sample]
 *   soffice --headless --convert-to pdf --outdir /tmp/sample "/tmp/sample/data/reports/2025 Q2/2025 Q2 Sony News Coverage.docx"
 *   pdftoppm -png -r 60 -f 1 -l 1 <pdf> docs/report-page1
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config/load.js";
import { resolvePaths } from "../src/store/layout.js";
import { folderSafeName } from "../src/pipeline/buyer-directory.js";
import { SCHEMA_VERSION, type StoredRecord } from "../src/core/record.js";
import { sectionOf, subheadingOf, toCategory } from "../src/core/taxonomy.js";
import { writeReports } from "../src/report/write.js";

const { values } = parseArgs({
  options: {
    buyer: { type: "string", default: "Sony" },
    quarter: { type: "string", default: "2025 Q2" },
    home: { type: "string", default: "/tmp/news-coverage-sample" },
    corpus: { type: "string", default: path.resolve("..", "shared", "corpus", "report-entries.jsonl") },
  },
});
const quarter = values.quarter!;
const year = quarter.slice(0, 4);
const home = path.resolve(values.home!);
rmSync(home, { recursive: true, force: true });
const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home } });
const buyer = config.buyers.find((b) => b.name === values.buyer || b.display === values.buyer)!;
const paths = resolvePaths(config);

interface Entry {
  text: string;
  notes: string[];
  category: string;
  buyer: string;
  quarter: string;
}
const entries = readFileSync(values.corpus!, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Entry)
  .filter((e) => e.buyer === buyer.name && e.quarter === quarter);

const lines: string[] = [];
entries.forEach((entry, i) => {
  const category = toCategory(entry.category);
  if (!category) return;
  const m = /\((\d{1,2})\/(\d{1,2})\)/.exec(entry.text);
  const month = m ? m[1]!.padStart(2, "0") : "01";
  const day = m ? m[2]!.padStart(2, "0") : "01";
  const before = m ? entry.text.slice(0, m.index).trim() : entry.text;
  const after = m ? entry.text.slice(m.index + m[0].length).trim() : "";
  const url = `https://example.com/${year}/${month}/${i}-${before
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 50)}/`;
  const notes = [...(after ? [after] : []), ...entry.notes];
  const record: StoredRecord = {
    id: createHash("sha256").update(url).digest("hex"),
    company: buyer.name,
    quarter,
    quarter_source: "published_at",
    title: before,
    source: "Example",
    url,
    published_at: `${year}-${month}-${day}`,
    published_datetime: null,
    buyers: { strong: [buyer.name], weak: [] },
    category,
    confidence: 0.9,
    alternatives: [],
    facts: [{ fact_id: "f1", category, section: sectionOf(category), subheading: subheadingOf(category), line: before, notes }],
    markdown: "",
    provider: "offline",
    model: "sample",
    usage: null,
    review: [],
    supersedes: false,
    extra: {},
    input_file: `sample-${i}.json`,
    processed_at: new Date().toISOString(),
    schema_version: SCHEMA_VERSION,
  };
  lines.push(JSON.stringify(record));
});
const dir = path.join(paths.ingest, folderSafeName(buyer.display));
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, `${quarter}.jsonl`), `${lines.join("\n")}\n`);
const written = await writeReports({ config, quarter, buyer: buyer.name, format: "both" });
console.log(`${lines.length} records from ${entries.length} reference entries`);
for (const file of written) console.log(file);
