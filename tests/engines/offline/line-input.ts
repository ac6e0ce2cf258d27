// Engine inputs for the line-writer tests: an article as the daemon would parse it, with its buyers.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Classification, EngineInput } from "../../../src/core/engine.js";
import { writeLines as writeLinesWith } from "../../../src/engines/offline/lines/index.js";
import { Platforms } from "../../../src/engines/offline/lines/platforms.js";
import { parseArticle } from "../../../src/pipeline/article.js";
import { createBuyerDirectory } from "../../../src/pipeline/buyer-directory.js";
import { createBuyerMatcher } from "../../../src/pipeline/buyers.js";
import type { Category } from "../../../src/core/taxonomy.js";

const root = path.resolve(__dirname, "..", "..", "..");
const config = JSON.parse(readFileSync(path.join(root, "config", "default.json"), "utf8")) as { buyers: Parameters<typeof createBuyerMatcher>[0] };
const matcher = createBuyerMatcher(config.buyers);
const directory = createBuyerDirectory(config.buyers);
export const platforms = Platforms.fromBuyers(config.buyers);

export function inputFrom(raw: Record<string, unknown>): EngineInput {
  const parsed = parseArticle(raw, directory.resolveCompany);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const buyers = matcher.match({ title: parsed.article.title, content: parsed.article.content, url: parsed.article.url });
  return { article: parsed.article, buyers, company: buyers.primary, date: parsed.article.published_at ?? "2025-01-01" };
}

/** An article whose title is its first sentence, as many feeds give it (or `title` when given). */
export function firstSentenceArticle(content: string, title?: string): EngineInput {
  const first = title ?? content.split(/(?<=[.!?][”"’]?)\s+(?=[“"‘]?[A-Z])/)[0]!;
  return inputFrom({ title: first, content, url: "https://example.com/2025/tv/news/story-1236600000/", published_at: "2025-03-04" });
}

export const cls = (category: Category): Classification => ({ category, confidence: 0.9, alternatives: [] });
export const writeLines = (input: EngineInput, category: Category) => writeLinesWith(input, cls(category), platforms);
export const linesOf = (input: EngineInput, category: Category) => writeLines(input, category).facts.map((f) => f.line);
