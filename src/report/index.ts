export { writeReports, renderBuyerReport, reportBaseName, REPORT_FORMATS, type ReportFormat, type WriteReportsOptions } from "./write.js";
export { readQuarterRecords, readStoreVersions, applySupersedes, type WarnLogger } from "./read-store.js";
export { buildOutline, quarterTitles, type ReportOutline } from "./outline.js";
export { renderReportMarkdown } from "./render-md.js";
export { renderReportDocx, buildReportDocument } from "./render-docx.js";
export { renderNeedsReview } from "./needs-review.js";
export { pathInside } from "./fs-util.js";
