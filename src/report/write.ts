import type { Config } from "../config/schema.js";
import { NEEDS_REVIEW_FILE, resolvePaths } from "../store/layout.js";
import type { StoredRecord } from "../core/record.js";
import { pathInside } from "./fs-util.js";
import { writeFileAtomic } from "../store/fsutil.js";
import { createBuyerDirectory, folderSafeName } from "../pipeline/buyer-directory.js";
import type { Buyer, BuyerDirectory } from "../core/buyers.js";
import { renderNeedsReview } from "./needs-review.js";
import { reportRecords } from "../store/queries.js";
import { buildOutline } from "./outline.js";
import { readQuarterRecords, type WarnLogger } from "../store/versions.js";
import { assertQuarter } from "../core/quarter.js";
import { renderReportDocx } from "./render-docx.js";
import { renderReportMarkdown } from "./render-md.js";

export type ReportFormat = "docx" | "md" | "both";
const REPORT_FORMATS: readonly ReportFormat[] = ["docx", "md", "both"];

interface WriteReportsOptions {
  config: Config;
  /** "2025 Q4" */
  quarter: string;
  /** A buyer's name or display name ("Sony", "WBD", "Warner Bros Discovery"); all buyers when absent. */
  buyer?: string;
  /** Default "both". */
  format?: ReportFormat;
  logger?: WarnLogger & { info?(message: string): unknown };
}

/** "2025 Q4 Sony News Coverage" (no extension); the display name passes through `folderSafeName`. */
function reportBaseName(quarter: string, display: string): string {
  return `${quarter} ${folderSafeName(display)} News Coverage`;
}

function resolveBuyer(buyers: BuyerDirectory, wanted: string): Buyer {
  const found = buyers.resolve(wanted);
  if (!found) throw new Error(`unknown buyer "${wanted}"; expected one of: ${buyers.all.map((b) => b.display).join(", ")}`);
  return found;
}

/**
 * One buyer's report of a quarter as a file name and its bytes, from the current versions of the
 * store (excluded records left out). `writeReports` and the review desk's download both use it.
 */
export async function renderBuyerReport(input: {
  records: readonly StoredRecord[];
  buyer: Buyer;
  quarter: string;
  format: "docx" | "md";
}): Promise<{ name: string; data: Buffer; entries: number; articles: number }> {
  const mine = reportRecords(input.records, input.quarter, input.buyer);
  const outline = buildOutline({ records: mine, buyer: input.buyer, quarter: input.quarter });
  const name = `${reportBaseName(input.quarter, input.buyer.display)}.${input.format}`;
  const data = input.format === "docx" ? Buffer.from(await renderReportDocx(outline)) : Buffer.from(renderReportMarkdown(outline), "utf8");
  return { name, data, entries: outline.entryCount, articles: outline.recordCount };
}

/**
 * Writes the quarterly report(s) from the store alone (the pipeline is never re-run):
 * data/reports/<quarter>/<quarter> <Buyer> News Coverage.docx (and .md) per buyer, plus
 * needs_review.md for the whole quarter. Records an analyst excluded are left out. Without
 * `buyer`, buyers with no article in the quarter get no file; a named buyer always gets one (with
 * empty sections). Returns the paths written.
 */
export async function writeReports(options: WriteReportsOptions): Promise<string[]> {
  const { config, quarter } = options;
  const format = options.format ?? "both";
  if (!REPORT_FORMATS.includes(format)) throw new Error(`format must be one of docx, md, both; got "${String(format)}"`);
  assertQuarter(quarter);
  const paths = resolvePaths(config);
  const directory = createBuyerDirectory(config.buyers);
  const buyers = options.buyer ? [resolveBuyer(directory, options.buyer)] : directory.all;
  const records = (await readQuarterRecords({ ingestDir: paths.ingest, quarter, logger: options.logger })).records.filter((r) => !r.excluded);

  const outDir = pathInside(paths.reports, folderSafeName(quarter));
  const written: string[] = [];
  const formats: Array<"docx" | "md"> = format === "both" ? ["docx", "md"] : [format];
  for (const buyer of buyers) {
    if (!options.buyer && reportRecords(records, quarter, buyer).length === 0) continue;
    let summary = "";
    for (const one of formats) {
      const report = await renderBuyerReport({ records, buyer, quarter, format: one });
      const file = pathInside(outDir, report.name);
      await writeFileAtomic(file, report.data);
      written.push(file);
      summary = `${report.entries} entries from ${report.articles} articles`;
    }
    options.logger?.info?.(`report ${quarter} ${buyer.display}: ${summary}`);
  }
  const review = pathInside(outDir, NEEDS_REVIEW_FILE);
  await writeFileAtomic(review, renderNeedsReview({ quarter, records, buyers: directory }));
  written.push(review);
  return written;
}
