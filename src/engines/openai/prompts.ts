import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { CATEGORIES } from "../../core/taxonomy.js";
import type { Classification, EngineInput } from "../../core/engine.js";

/**
 * Prompts. Every request is laid out for OpenAI's prompt caching: a system message that is the
 * same byte for byte for every article (instructions, then the taxonomy), then one user message
 * with this article's data, article text last. Change the static text and you pay one uncached
 * prefix per model; never put anything article-specific into the system messages.
 */

/** Articles are cut here before they are sent: it bounds the cost of a runaway body (~3k tokens). */
const MAX_ARTICLE_CHARS = 12_000;

/** Output token bounds: a classification is ~60 tokens, a fact list rarely over 400. */
export const MAX_CLASSIFY_TOKENS = 400;
export const MAX_FACTS_TOKENS = 1500;

const TAXONOMY_LIST = CATEGORIES.map((c) => `- ${c}`).join("\n");

const KINDS = `Kinds under Film, TV, Specials, Sports, News and Podcasts (and International):
- Development: in the works, talent attached, a project being written or set up.
- Greenlights: ordered to series, film or special; production start.
- Pickups: acquired, licensed or picked up (incl. festival acquisitions, distribution rights to one title).
- Dating: a premiere or release date is set or moved.
- Renewals: another season ordered.
- Cancellations: cancelled or not renewed.
- General News & Strategy: anything else about that medium (slates, ratings, box office, launches).
Other branches:
- Org -> Exec Changes: a named person joins, leaves, is promoted or takes a new role. Org -> Org: restructuring, layoffs, contracts of the leadership, reporting lines.
- Content, Deals & Distribution -> Deals: overall and first-look deals, partnerships, carriage and distribution agreements between companies.
- International: content or markets outside the US (a non-US production, a launch in another country).
- Strategy & Miscellaneous News -> Strategy: the company's direction, interviews, columns and commentary. Misc.: lawsuits, awards, events, everything else.
- Investor Relations: Quarterly Earnings -> News Coverage (press reports of results), Company Materials (the company's own releases and calls), IR Conferences, Analyst Perspective (analysts, ratings agencies, investor commentary), Misc.
- M&A -> General News & Strategy: mergers, acquisitions, sales of companies or units, bids.`;

const CONTEXT = `You work for a media analyst who covers the studios and streamers ("buyers": Amazon, Apple, Comcast/NBCU, Disney, Netflix, Paramount, Sony, Warner Bros. Discovery, A24, Lionsgate). Each quarter the analyst keeps a "News & Updates" report per buyer: every relevant trade-press story, filed under a fixed taxonomy and boiled down to one line.`;

export const CLASSIFY_SYSTEM = `${CONTEXT}

Task: file one article under exactly one primary category, the one where the analyst would put the article's main news. Answer with the exact category path from the taxonomy below, a confidence (the probability in 0..1 that your category is the one the analyst would pick; use lower values when two categories fit), and up to 3 alternatives, best first, without the chosen one.

${KINDS}

Taxonomy (answer with one of these paths, exactly as written):
${TAXONOMY_LIST}`;

export const FACTS_SYSTEM = `${CONTEXT}

Task: write the report entries ("facts") for one article. Each fact has a category path from the taxonomy below (it may differ from the article's category: one story can hold a greenlight and an exec change), a line, and notes. The line is the report entry without its date; never add a date in parentheses, the report adds it. Notes are at most 3 short follow-on sentences, usually none.

Line formats, by kind:
1. Exec change (Org -> Exec Changes): "<Exit|Promotion|Hiring|New Role>: Name, Title at Company", one fact per person, plus at most one note (e.g. who they report to).
   Hiring: Jay Levine, EVP, Chief Strategy Officer at Sony Pictures Entertainment   (note: Jay reports to CEO Ravi Ahuja)
   Exit: David Leavy, Chief Corporate Affairs Officer at Warner Bros. Discovery
2. Title lists (Development, Greenlights, Pickups, Dating, Renewals, Cancellations): one fact per title, "Title: Platform or studio, genre". Seasons as "Title S3". Non-US titles start with the country in brackets. Untitled projects as "Unt. <key talent>". Dating lines may end with the date set, as the article gives it.
   The Miniature Wife: Peacock, relationship comedy
   [Brazil] The Pilgrimage: Netflix, drama
   House of the Dragon S2: HBO, fantasy, set for early summer 2024
3. Interview or column: "Interview: <who, role>" or "Commentary: <headline>", key points as notes.
   Interview: Katherine Pope, President of Sony Pictures Television
4. Everything else: one plain sentence in the present tense, like a headline, naming who did what.
   Sony strikes deal with AVOD streamer Tubi UK
   RedBird IMI closes $1.45B acquisition of All3Media from Warner Bros. Discovery and Liberty Global

Rules:
- Be faithful to the article: every name, title, number and date in a line or note must appear in the article's title or text. Do not guess a genre, platform, title or role the article does not give; leave it out instead.
- Spell names and titles exactly as the article does; use plain words, no marketing language.
- Order facts by importance; write a single fact when the article has one piece of news.

${KINDS}

Taxonomy (use these paths exactly as written):
${TAXONOMY_LIST}`;

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.9 ? cut.slice(0, space) : cut} [... text cut for length]`;
}

/** Per-article context: short metadata, then the article text as the very last thing. */
function articleBlock(input: EngineInput): string {
  const { article, buyers } = input;
  const lines = [
    `Title: ${article.title}`,
    `Source: ${article.source}`,
    `URL: ${article.url}`,
    `Published: ${input.date}`,
    `Primary company: ${input.company}`,
    `Buyers named near the top: ${buyers.strong.join(", ") || "none"}; further down only: ${buyers.weak.join(", ") || "none"}`,
    "",
    "Text:",
    truncate(article.content, MAX_ARTICLE_CHARS),
  ];
  return lines.join("\n");
}

export function classifyMessages(input: EngineInput): ChatCompletionMessageParam[] {
  return [
    { role: "system", content: CLASSIFY_SYSTEM },
    { role: "user", content: `Classify this article.\n\n${articleBlock(input)}` },
  ];
}

export function factsMessages(input: EngineInput, classification: Classification): ChatCompletionMessageParam[] {
  const category = `The article is filed under: ${classification.category}`;
  return [
    { role: "system", content: FACTS_SYSTEM },
    { role: "user", content: `Write the facts for this article. ${category}\n\n${articleBlock(input)}` },
  ];
}

/** The follow-up that asks for a corrected answer, appended after the rejected one (the prefix stays cached). */
export function retryMessages(messages: ChatCompletionMessageParam[], rejected: string | null, reason: string): ChatCompletionMessageParam[] {
  const shortReason = reason.length > 600 ? `${reason.slice(0, 597)}...` : reason;
  // An empty or refused answer is not repeated back: some servers refuse an empty assistant turn.
  const previous: ChatCompletionMessageParam[] = rejected && rejected.trim() ? [{ role: "assistant", content: rejected }] : [];
  return [
    ...messages,
    ...previous,
    {
      role: "user",
      content: `Your answer was rejected: ${shortReason}\nAnswer again in the required JSON format, fixing that. Use only names, titles and numbers that appear in the article.`,
    },
  ];
}
