// Prints before/after examples of the offline line writer as a Markdown table (docs/line-writer.md).
// Usage: npx tsx scripts/line-writer-examples.ts
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { corpusDir, loadArticles } from "../src/engines/offline/corpus.js";
import { splitTitleFromText } from "../src/engines/offline/features.js";
import { createOfflineEngine } from "../src/engines/offline/index.js";
import { parseArticle } from "../src/pipeline/article.js";
import { createBuyerDirectory } from "../src/pipeline/buyer-directory.js";
import { createBuyerMatcher } from "../src/pipeline/buyers.js";
import type { EngineInput } from "../src/core/engine.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const config = JSON.parse(readFileSync(path.join(root, "config", "default.json"), "utf8"));
const matcher = createBuyerMatcher(config.buyers);
const directory = createBuyerDirectory(config.buyers);
const engine = createOfflineEngine(config.buyers);

function input(raw: Record<string, unknown>): EngineInput {
  const parsed = parseArticle(raw, directory.resolveCompany);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const buyers = matcher.match({ title: parsed.article.title, content: parsed.article.content, url: parsed.article.url });
  return { article: parsed.article, buyers, company: buyers.primary, date: "2025-01-01" };
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const rows: string[] = [];
const dir = corpusDir(root);
const samples = readdirSync(path.join(dir, "samples")).sort();
for (const f of samples) {
  const raw = JSON.parse(readFileSync(path.join(dir, "samples", f), "utf8"));
  const inp = input(raw);
  const c = (await engine.classify(inp)).value;
  const facts = (await engine.writeFacts(inp, c)).value;
  rows.push(
    `| sample ${f} | ${cell(raw.title)} | ${cell(c.category)} (${c.confidence}) | ${facts.map((x) => cell(x.line) + (x.notes.length ? ` — note: ${cell(x.notes[0]!.slice(0, 120))}` : "")).join("<br>")} |`,
  );
}
const wanted = (process.argv[2] ?? "a006,a018,a020,a025,a030,a034,a042,a063,a067,a079,a092,a099,a102,a104,a124,a142,a162,a222").split(",");
const articles = loadArticles(dir).filter((a) => wanted.includes(a.id));
for (const a of articles) {
  const { title } = splitTitleFromText(a.text);
  const inp = input({ title, content: a.text, url: "https://example.com/article" });
  // The gold category, so the line kind is the one an analyst chose.
  const facts = (await engine.writeFacts(inp, { category: a.category, confidence: 1, alternatives: [] })).value;
  rows.push(
    `| corpus ${a.id} | ${cell(title.slice(0, 200))} | ${cell(a.category)} (gold) | ${facts.map((x) => cell(x.line) + (x.notes.length ? ` — note: ${cell(x.notes[0]!.slice(0, 120))}` : "")).join("<br>")} |`,
  );
}
console.log("| input | before: headline (or first sentence) | category | after: line(s) |\n|---|---|---|---|");
console.log(rows.join("\n"));

// Coverage over every corpus article with its gold category: how often the rule for the kind applied.
const { kindOfCategory } = await import("../src/engines/offline/lexicon.js");
const all = loadArticles(dir);
const stats = new Map<string, { n: number; rule: number; lines: number; chars: number }>();
const t0 = process.hrtime.bigint();
for (const a of all) {
  const { title } = splitTitleFromText(a.text);
  const inp = input({ title, content: a.text, url: "https://example.com/article" });
  const step = await engine.writeFacts(inp, { category: a.category, confidence: 1, alternatives: [] });
  const kind = kindOfCategory(a.category);
  const group =
    kind === "exec"
      ? "exec change"
      : ["development", "greenlights", "pickups", "dating", "renewals", "cancellations"].includes(kind)
        ? "title list"
        : "headline sentence";
  const s = stats.get(group) ?? { n: 0, rule: 0, lines: 0, chars: 0 };
  s.n++;
  if (!(step.review ?? []).length) s.rule++;
  s.lines += step.value.length;
  for (const f of step.value) s.chars += f.line.length;
  stats.set(group, s);
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6 / all.length;
console.log("\n| kind (gold) | articles | rule applied (no headline fallback) | facts per article | mean line length |\n|---|---|---|---|---|");
for (const [g, s] of stats)
  console.log(
    `| ${g} | ${s.n} | ${s.rule} (${((100 * s.rule) / s.n).toFixed(0)}%) | ${(s.lines / s.n).toFixed(2)} | ${(s.chars / s.lines).toFixed(0)} chars |`,
  );
console.log(`\nline writer time: ${ms.toFixed(2)} ms per article`);
