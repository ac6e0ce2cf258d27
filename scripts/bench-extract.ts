// linkedom vs jsdom under Readability, over the fixture pages: time per page and whether both give
// the same article. Usage: nice -n 10 npx tsx scripts/bench-extract.ts [rounds]
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { decodeHtml } from "../src/intake/decode-html.js";
import { extractPage, parseWithLinkedom, type ParseDocument, type PageExtraction } from "../src/intake/extract-page.js";

const DIR = path.resolve(import.meta.dirname, "..", "tests", "fixtures", "pages");
const rounds = Number(process.argv[2] ?? 20);
const pages = readdirSync(DIR)
  .filter((n) => /\.html?$/.test(n))
  .map((name) => ({ name, html: decodeHtml(readFileSync(path.join(DIR, name))) }));
// A bigger page: one fixture with its article text repeated 15 times (a long feature).
const long = pages.find((p) => p.name.startsWith("variety-loot"))!;
pages.push({
  name: "long-feature (x15)",
  html: long.html.replace(/(<div class="vy-cx-page-content">)([\s\S]*?)(<\/div>\s*<div class="newsletter)/, (_, a, b, c) => a + b.repeat(15) + c),
});

// jsdom ships no types (and @types/jsdom is not installed): loaded by a computed name.
const jsdomName = "jsdom";
const { JSDOM } = (await import(jsdomName)) as { JSDOM: new (html: string) => { window: { document: Document } } };

const parsers: Record<string, ParseDocument> = {
  linkedom: parseWithLinkedom,
  jsdom: (html) => new JSDOM(html).window.document,
};

function summary(r: PageExtraction): string {
  return r.ok ? JSON.stringify({ ...r.article, content: r.article.content }) : `fails: ${r.reason}`;
}

const totals: Record<string, number> = {};
let differing = 0;
for (const page of pages) {
  const results: Record<string, string> = {};
  const times: string[] = [];
  for (const [lib, parse] of Object.entries(parsers)) {
    results[lib] = summary(extractPage(page.html, { parse })); // warm-up, and the result
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) extractPage(page.html, { parse });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6 / rounds;
    totals[lib] = (totals[lib] ?? 0) + ms;
    times.push(`${lib} ${ms.toFixed(1)} ms`);
  }
  const same = results.linkedom === results.jsdom;
  if (!same) differing += 1;
  console.log(`${page.name.padEnd(42)} ${(page.html.length / 1024).toFixed(0).padStart(4)} KB  ${times.join("  ")}  ${same ? "same result" : "DIFFERENT"}`);
  if (!same) {
    const [a, b] = [results.linkedom!, results.jsdom!];
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    console.log(`   linkedom: ...${a.slice(Math.max(0, i - 60), i + 80)}\n   jsdom:    ...${b.slice(Math.max(0, i - 60), i + 80)}`);
  }
}
console.log(
  `\ntotal per pass over ${pages.length} pages: ${Object.entries(totals)
    .map(([k, v]) => `${k} ${v.toFixed(1)} ms`)
    .join(", ")}; ${differing} page(s) differ`,
);
