// Median line length of the offline line writer against the analysts' own report entries, per
// category family (exec change, title list, headline sentence), as issue 13 asks: within ±30%.
// Usage: npx tsx scripts/eval-lines.ts        (exit 1 when a family is outside the band)
//
// Analysts: every entry of ../shared/corpus/report-entries.jsonl, the line without its "(M/D)" date
// and what follows it (exec notes). Engine: the 148 corpus articles under their gold category, the
// four samples and tests/fixtures/issue13 under their own category; every fact line counts.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EngineInput } from "../src/core/engine.js";
import { corpusDir, loadArticles } from "../src/engines/offline/corpus.js";
import { splitTitleFromText } from "../src/engines/offline/features.js";
import { kindOfCategory } from "../src/engines/offline/lexicon.js";
import { writeLines } from "../src/engines/offline/lines/index.js";
import { Platforms } from "../src/engines/offline/lines/platforms.js";
import { LIST_KINDS } from "../src/engines/offline/lines/title-list.js";
import { createOfflineEngine } from "../src/engines/offline/index.js";
import { parseArticle } from "../src/pipeline/article.js";
import { createBuyerDirectory } from "../src/pipeline/buyer-directory.js";
import { createBuyerMatcher } from "../src/pipeline/buyers.js";
import { toCategory, type Category } from "../src/core/taxonomy.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const config = JSON.parse(readFileSync(path.join(root, "config", "default.json"), "utf8"));
const matcher = createBuyerMatcher(config.buyers);
const platforms = Platforms.fromBuyers(config.buyers);
const directory = createBuyerDirectory(config.buyers);
const dir = corpusDir(root);

type Family = "exec change" | "title list" | "headline sentence";

export function familyOf(category: string): Family {
  const kind = kindOfCategory(category);
  return kind === "exec" ? "exec change" : LIST_KINDS.has(kind) ? "title list" : "headline sentence";
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function input(raw: Record<string, unknown>): EngineInput {
  const parsed = parseArticle(raw, directory.resolveCompany);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const buyers = matcher.match({ title: parsed.article.title, content: parsed.article.content, url: parsed.article.url });
  return { article: parsed.article, buyers, company: buyers.primary, date: parsed.article.published_at ?? "2025-01-01" };
}

const analysts = new Map<Family, number[]>();
for (const raw of readFileSync(path.join(dir, "report-entries.jsonl"), "utf8").split("\n").filter(Boolean)) {
  const entry = JSON.parse(raw) as { text: string; category: string };
  const category = toCategory(entry.category);
  if (!category) continue;
  const line = entry.text.replace(/\s*\(\d{1,2}\/\d{1,2}\).*$/s, "").trim();
  const f = familyOf(category);
  analysts.set(f, [...(analysts.get(f) ?? []), line.length]);
}

const engine = new Map<Family, number[]>();
const add = (category: Category, inp: EngineInput) => {
  for (const fact of writeLines(inp, { category, confidence: 1, alternatives: [] }, platforms).facts) {
    const f = familyOf(fact.category);
    engine.set(f, [...(engine.get(f) ?? []), fact.line.length]);
  }
};
const t0 = process.hrtime.bigint();
let articles = 0;
for (const a of loadArticles(dir)) {
  const { title } = splitTitleFromText(a.text);
  add(a.category, input({ title, content: a.text, url: "https://example.com/article" }));
  articles++;
}
const classifier = createOfflineEngine(config.buyers);
for (const f of readdirSync(path.join(dir, "samples")).sort()) {
  const inp = input(JSON.parse(readFileSync(path.join(dir, "samples", f), "utf8")));
  add((await classifier.classify(inp)).value.category, inp);
  articles++;
}
const ISSUE13: Record<string, Category> = JSON.parse(readFileSync(path.join(root, "tests", "fixtures", "issue13", "categories.json"), "utf8"));
const fixtures = JSON.parse(readFileSync(path.join(root, "tests", "fixtures", "issue13", "articles.json"), "utf8")) as Record<string, Record<string, unknown>>;
for (const [name, raw] of Object.entries(fixtures)) {
  add(ISSUE13[name]!, input(raw));
  articles++;
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6 / articles;

let outside = 0;
console.log("| family | analysts' entries | analysts' median | engine lines | engine median | ratio | within ±30% |");
console.log("|---|---|---|---|---|---|---|");
for (const family of ["exec change", "title list", "headline sentence"] as Family[]) {
  const a = analysts.get(family) ?? [];
  const e = engine.get(family) ?? [];
  const ratio = median(e) / median(a);
  const ok = ratio >= 0.7 && ratio <= 1.3;
  if (!ok) outside++;
  console.log(`| ${family} | ${a.length} | ${median(a)} | ${e.length} | ${median(e)} | ${ratio.toFixed(2)} | ${ok ? "yes" : "NO"} |`);
}
console.log(`\n${articles} articles, ${ms.toFixed(2)} ms per article (line writer plus parsing; cold start included)`);
process.exitCode = outside ? 1 : 0;
