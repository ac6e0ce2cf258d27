// The offline line writer (spec §5): extractive and rule-aided, no model. Every name, number and title
// in a line is copied from the article's title or text; only fixed labels ("Exit:", "Interview:"),
// genre words, season markers ("S2" from "second season") and country tags ("[UK]" from "British")
// are added. This entry picks the writer for the category's kind; a rule that finds nothing falls
// back to the headline sentence with a review reason.

import type { Classification, EngineInput, FactDraft } from "../../../core/engine.js";
import { COUNTRIES, kindOfCategory } from "../lexicon.js";
import { normalizeText } from "../tokenize.js";
import { columnFact, interviewFact } from "./commentary.js";
import { earningsFact } from "./earnings.js";
import { execFact } from "./exec.js";
import { headlineFact } from "./headline.js";
import type { Platforms } from "./platforms.js";
import { prepareText, wholeWords, type Text } from "./text.js";
import { LIST_KINDS, titleEventKind, titleListFacts } from "./title-list.js";

/** Kinds whose stories are about companies or money, never a title event. */
const OTHER_KINDS: ReadonlySet<string> = new Set(["exec", "earnings", "merger", "ir", "analyst", "conference", "org"]);

export function writeLines(input: EngineInput, classification: Classification, platforms: Platforms): { facts: FactDraft[]; review: string[] } {
  const text = prepareText(input);
  const { facts, review } = writeFacts(input, text, classification, platforms);
  // Whatever the rule, a line never ends in a cut word.
  return { facts: facts.map((f) => ({ ...f, line: wholeWords(f.line, text.body) })), review };
}

function writeFacts(input: EngineInput, text: Text, classification: Classification, platforms: Platforms): { facts: FactDraft[]; review: string[] } {
  const category = classification.category;
  const kind = kindOfCategory(category);
  const review: string[] = [];
  const url = input.article.url.toLowerCase();
  const scope = normalizeText(`${text.title} ${text.headSentences[0] ?? ""}`);
  const isColumn = /\/(?:columns?|opinion|commentary)\//.test(url) || /\b(?:column|commentary|opinion)\b/.test(normalizeText(text.title));
  const isInterview = /\binterview\b|\bq&a\b/.test(scope) || /\/interviews?\//.test(url);

  if (kind === "exec") {
    const fact = execFact(text, category, input.company, platforms);
    if (fact) return { facts: [fact], review };
    review.push("exec change: no person name found; the headline stands in");
  } else if (LIST_KINDS.has(kind)) {
    const facts = titleListFacts(text, category, input.company, platforms);
    if (facts.length > 0) return { facts, review };
    review.push("title list: no title found; the headline stands in");
  }
  if (isColumn) return { facts: [columnFact(text, category)], review };
  if (isInterview) return { facts: [interviewFact(text, category, input.company, platforms)], review };
  // A title event told under another category ("Netflix has renewed Virgin River") keeps the house form.
  const event = OTHER_KINDS.has(kind) ? null : titleEventKind(text);
  const eventFacts = event ? titleListFacts(text, category, input.company, platforms, event) : [];
  if (eventFacts.length > 0) return { facts: eventFacts, review };
  const earnings = kind === "earnings" ? earningsFact(text, category) : null;
  return { facts: [earnings ?? headlineFact(text, category, platforms)], review };
}

/** Country names the writer may add as `[Country]` tags (for faithfulness checks). */
export const COUNTRY_TAGS: readonly string[] = COUNTRIES.map((c) => c.name);
