import { addUsage, type Classification, type Engine, type EngineInput, type FactDraft } from "../core/engine.js";
import type { Article } from "../core/article.js";
import { UNKNOWN_COMPANY, type BuyerMatcher } from "./buyers.js";
import { renderFinalOutputBlock, renderMarkdown } from "./markdown.js";
import { inferQuarter } from "../core/quarter.js";
import { SCHEMA_VERSION, type StoredFact, type StoredRecord } from "../core/record.js";
import { sectionOf, subheadingOf, toCategory } from "../core/taxonomy.js";
import { oneLine } from "../core/text.js";
import { articleId } from "./url.js";

export interface ProcessContext {
  matcher: BuyerMatcher;
  confidenceFloor: number;
  /** When the file arrived (ms since epoch): the last resort for the quarter. */
  arrivalMs: number;
  /** ISO timestamp written into the record. */
  processedAt: string;
  inputFile: string;
  /** --force: store a new version even if the id is known. */
  force?: boolean;
}

/** The parts of the record that need no engine: identity, buyers, company, quarter, date. */
export function prepare(article: Article, ctx: Pick<ProcessContext, "matcher" | "arrivalMs">) {
  const id = articleId(article.canonical_url);
  const buyers = ctx.matcher.match({ title: article.title, content: article.content, url: article.url, source: article.source, id });
  const company = article.overrides.company ?? buyers.primary;
  const dated = inferQuarter({
    override: article.overrides.quarter,
    publishedAt: article.published_at,
    url: article.url,
    arrivalMs: ctx.arrivalMs,
  });
  return { id, buyers, company, ...dated };
}

function normaliseFacts(drafts: readonly FactDraft[], fallback: Classification, title: string, review: string[]): FactDraft[] {
  const facts: FactDraft[] = [];
  for (const draft of drafts) {
    // An engine's text (a model's answer, a line cut from the article) becomes one clean line.
    const line = typeof draft.line === "string" ? oneLine(draft.line) : "";
    if (!line) continue;
    let category = toCategory(String(draft.category));
    if (!category) {
      review.push(`fact category "${draft.category}" is not in the taxonomy; placed under ${fallback.category}`);
      category = fallback.category;
    }
    const notes = (draft.notes ?? []).map((n) => oneLine(String(n))).filter(Boolean);
    facts.push({ category, line, notes });
  }
  if (facts.length === 0) {
    review.push("no coverage line could be written; the headline stands in");
    facts.push({ category: fallback.category, line: title, notes: [] });
  }
  return facts;
}

/** Rounded to three places and kept in 0..1, so a misbehaving engine cannot make the record invalid. */
function score(confidence: number): number {
  if (!Number.isFinite(confidence)) return 0;
  return Math.round(Math.min(1, Math.max(0, confidence)) * 1000) / 1000;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A publication date more than a day after processing time is a typo or a placeholder, not news
 * from the future: flagged for review (the clock is the context's `processedAt`, so this stays pure).
 */
function futureDateReason(article: Pick<Article, "published_at" | "published_datetime">, processedAt: string): string | null {
  if (!article.published_at) return null;
  const published = Date.parse(article.published_datetime ?? `${article.published_at}T00:00:00Z`);
  const now = Date.parse(processedAt);
  if (Number.isNaN(published) || Number.isNaN(now) || published - now <= DAY_MS) return null;
  return `published_at ${article.published_at} is more than a day after processing time (${processedAt.slice(0, 10)}); check the date`;
}

/** Article -> stored record. Pure apart from the engine it is given. */
export async function processArticle(article: Article, engine: Engine, ctx: ProcessContext): Promise<StoredRecord> {
  const prepared = prepare(article, ctx);
  const input: EngineInput = { article, buyers: prepared.buyers, company: prepared.company, date: prepared.date };
  const review: string[] = [...(article.intake_notes ?? [])];
  const models: string[] = [];

  let classification: Classification;
  let usage = undefined as ReturnType<typeof addUsage>;
  if (article.overrides.category) {
    classification = { category: article.overrides.category, confidence: 1, alternatives: [] };
  } else {
    const step = await engine.classify(input);
    classification = step.value;
    usage = addUsage(usage, step.usage);
    models.push(step.model);
    review.push(...(step.review ?? []));
  }
  const written = await engine.writeFacts(input, classification);
  usage = addUsage(usage, written.usage);
  if (!models.includes(written.model)) models.push(written.model);
  review.push(...(written.review ?? []));
  const drafts = normaliseFacts(written.value, classification, article.title, review);

  const { buyers } = prepared;
  if (buyers.strong.length === 0 && buyers.weak.length > 0) review.push(`weak-only buyer match: ${buyers.weak.join(", ")}`);
  if (buyers.strong.length === 0 && buyers.weak.length === 0 && !article.overrides.company) review.push("no buyer matched");
  const unsure = `low confidence ${score(classification.confidence).toFixed(2)} for ${classification.category}`;
  // The offline engine may have said so already (below its model's review line).
  if (!(classification.confidence >= ctx.confidenceFloor) && !review.includes(unsure)) review.push(unsure);
  const future = futureDateReason(article, ctx.processedAt);
  if (future) review.push(future);
  if (prepared.quarter_source === "url") review.push("quarter inferred from the date in the URL");
  if (prepared.quarter_source === "arrival") review.push("quarter inferred from the file's arrival time");

  const prefix = prepared.id.slice(0, 12);
  const facts: StoredFact[] = drafts.map((fact, index) => ({
    fact_id: `${prefix}-${index + 1}`,
    category: fact.category,
    section: sectionOf(fact.category),
    subheading: subheadingOf(fact.category),
    line: fact.line,
    notes: fact.notes,
  }));

  return {
    id: prepared.id,
    company: prepared.company,
    quarter: prepared.quarter,
    quarter_source: prepared.quarter_source,
    title: article.title,
    lead: leadOf(article.content),
    source: article.source,
    url: article.url,
    published_at: prepared.date,
    published_datetime: article.published_datetime,
    buyers: { strong: buyers.strong, weak: buyers.weak },
    category: classification.category,
    confidence: score(classification.confidence),
    alternatives: classification.alternatives.map((a) => ({ category: a.category, confidence: score(a.confidence) })),
    facts,
    markdown: renderMarkdown({ title: article.title, date: prepared.date, url: article.url, facts }),
    provider: engine.provider,
    model: models.join("+"),
    usage: usage ?? null,
    review,
    supersedes: Boolean(ctx.force || article.reprocess),
    extra: article.extra,
    input_file: ctx.inputFile,
    processed_at: ctx.processedAt,
    schema_version: SCHEMA_VERSION,
  };
}

/** Matched buyers = strong matches plus the primary company, in priority order of first appearance. */
export function matchedBuyers(record: Pick<StoredRecord, "company" | "buyers">): string[] {
  const list = [...record.buyers.strong];
  if (record.company !== UNKNOWN_COMPANY && !list.includes(record.company)) list.push(record.company);
  return list;
}

/**
 * The record's final_output.md block; buyers and the filing company under their display names
 * (`displayName`, as the store folders and reports name them), plus the record's review flags.
 */
export function finalOutputBlock(record: StoredRecord, displayName: (buyer: string) => string = (b) => b): string {
  return renderFinalOutputBlock({
    matchedBuyers: matchedBuyers(record).map(displayName),
    company: displayName(record.company),
    review: record.review,
    title: record.title,
    category: record.category,
    facts: record.facts,
    date: record.published_at,
    datetime: record.published_datetime,
    url: record.url,
    ...(record.story_id !== undefined && record.story_id !== record.id ? { story: storyLine(record.story_id, record.story_reason) } : {}),
  });
}

/** `joins <story id> (matched <id>; similarity 0.52; shared titles: the residence; 0 days apart)`: the `Story:` line of a member's block. */
export function storyLine(storyId: string, reason: StoredRecord["story_reason"]): string {
  if (!reason) return `joins ${storyId}`;
  const parts = [
    ...(reason.analyst === "joined" ? ["joined by an analyst"] : reason.example ? [`like a pair an analyst joined (${reason.example})`] : []),
    ...(reason.matched !== storyId ? [`matched ${reason.matched}`] : []),
    `similarity ${reason.similarity}`,
    ...(reason.shared_titles.length ? [`shared titles: ${reason.shared_titles.join(", ")}`] : []),
    ...(reason.shared_people.length ? [`shared people: ${reason.shared_people.join(", ")}`] : []),
    ...(reason.shared_numbers.length ? [`shared figures: ${reason.shared_numbers.join(", ")}`] : []),
    `${reason.days_apart} day${reason.days_apart === 1 ? "" : "s"} apart`,
  ];
  return `joins ${storyId} (${parts.join("; ")})`;
}

/** The stored `lead`: how much of the body the desk shows and a correction keeps for the learners. */
const SHOWN_LEAD_CHARS = 600;

/** The opening of the body, cut at a word boundary: what the review desk shows and the learner reads. */
export function leadOf(content: string): string {
  if (content.length <= SHOWN_LEAD_CHARS) return content;
  const cut = content.lastIndexOf(" ", SHOWN_LEAD_CHARS);
  return content.slice(0, cut > SHOWN_LEAD_CHARS / 2 ? cut : SHOWN_LEAD_CHARS) + "…";
}
