// Writes the corpus articles (../shared/corpus/articles-train.jsonl, with the first sentence as the
// headline and dates spread over 2025 Q4), the four samples and tests/fixtures/issue13 as article
// files, for a store built by the real pipeline (docs/report.md, "Rendered pages"):
//
//   npx tsx scripts/corpus-store.ts --home /tmp/corpus-store
//   NEWS_COVERAGE_HOME=/tmp/corpus-store node dist/cli/index.js process /tmp/corpus-store/articles
//   NEWS_COVERAGE_HOME=/tmp/corpus-store node dist/cli/index.js report --quarter "2025 Q4" --buyer Sony
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { corpusDir, loadArticles } from "../src/engines/offline/corpus.js";
import { splitTitleFromText } from "../src/engines/offline/features.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { home: { type: "string", default: "/tmp/news-coverage-corpus-store" } } });
const home = path.resolve(values.home!);
const out = path.join(home, "articles");
rmSync(home, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const dir = corpusDir(root);
loadArticles(dir).forEach((a, i) => {
  const { title } = splitTitleFromText(a.text);
  const date = new Date(Date.UTC(2025, 9, 1) + ((i * 5) % 91) * 86_400_000).toISOString().slice(0, 10);
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 60)
    .replace(/^-|-$/g, "");
  const article = {
    title: title.replace(/^EXCLUSIVE:\s*/, "").slice(0, 240),
    url: `https://variety.com/2025/tv/news/${slug}-${1236000000 + i}/`,
    published_at: date,
    content: a.text,
  };
  writeFileSync(path.join(out, `${a.id}.json`), JSON.stringify(article));
});
for (const f of readdirSync(path.join(dir, "samples"))) writeFileSync(path.join(out, `sample-${f}`), readFileSync(path.join(dir, "samples", f)));
const fixtures = JSON.parse(readFileSync(path.join(root, "tests", "fixtures", "issue13", "articles.json"), "utf8")) as Record<string, object>;
for (const [name, a] of Object.entries(fixtures)) {
  writeFileSync(path.join(out, `issue13-${name}.json`), JSON.stringify(Object.fromEntries(Object.entries(a).filter(([, v]) => v !== null))));
}
console.log(`${readdirSync(out).length} article files in ${out}`);
