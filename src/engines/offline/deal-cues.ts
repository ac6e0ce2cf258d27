// Corporate M&A cues (issue 21): a story about a merger or acquisition of a company, including
// commentary on one, a guild's or a regulator's response to one, and bids, goes to M&A. The linear
// model has three M&A articles to learn from and reads "WGA" or "column" louder than "merger"; these
// named cues, read in the headline, settle it. A film or series bought at
// a festival is a content deal (Film/TV Pickups), not corporate M&A: the negative cues keep it there.

import { firstSentence, normalizeText } from "./tokenize.js";
import type { FeatureDoc } from "./features.js";
import { KIND_CUES } from "./lexicon.js";

export const MNA_CATEGORY = "M&A -> General News & Strategy";

/** Companies and company words a corporate deal names as its object ("buying Warner Bros.", "acquire the studio"). */
const COMPANY =
  "(?:warner|wbd|paramount|skydance|lionsgate|starz|a24|mgm|fox|disney|comcast|nbcu(?:niversal)?|universal|sony|netflix|amazon|apple|discovery|cbs|viacom|hbo|hulu|espn|fubo|roku|national amusements|versant|(?:an? |the )?(?:indie |independent |rival |smaller )?(?:company|studio|studios|network|networks|streamer|business|group|conglomerate|media giant|rival|producer|distributor)\\b|its (?:rival|parent|studios?|networks?|streaming business|cable networks)|(?:a |the )?(?:stake|controlling stake|majority stake) in)";

/** The cues, by name: each names a corporate M&A story in the head of an article. */
export const DEAL_CUES: ReadonlyArray<readonly [string, RegExp]> = [
  ["merger", new RegExp(`\\bmergers?\\b|\\bmerg(?:e|es|ed|ing) with ${COMPANY}|\\b(?:to|will) merge\\b`)],
  [
    "acquisition of a company",
    new RegExp(`\\b(?:acquir(?:e|es|ed|ing)|acquisition of|buy(?:s|ing|out of)?|bought|purchas(?:e|es|ed|ing)|takes? over|taking over) ${COMPANY}`),
  ],
  [
    "takeover or bid",
    /\btakeover\b|\bhostile (?:bid|offer)\b|\btender offer\b|\b(?:bid|offer|bids|offers) (?:for|to (?:buy|acquire))\b|\bbidding war for (?:warner|wbd|paramount|the company|the studio)\b|\bbuyout\b/,
  ],
  ["deal talks", /\b(?:merger|acquisition|sale|takeover|deal) talks\b|\bagree(?:s|d)? to (?:buy|acquire|sell|merge)\b|\bdeal to (?:buy|acquire|combine)\b/],
  [
    "regulator or antitrust review",
    /\bantitrust (?:review|approval|scrutiny|concerns?|clearance|grounds)\b|\bantitrust\b.{0,60}\b(?:deal|merger|acquisition|takeover)\b|\bregulators?\b.{0,60}\b(?:deal|merger|acquisition|takeover)\b|\b(?:ftc|doj|justice department|department of justice|fcc|european commission|cma)\b.{0,60}\b(?:deal|merger|acquisition|takeover|review)\b|\bblock(?:ed|ing)? the (?:deal|merger|acquisition)\b/,
  ],
  [
    "sale of a company",
    /\bsale of (?:warner|wbd|paramount|lionsgate|starz|the company|the studio|its (?:studio|networks?|cable))\b|\bput (?:itself|the company) up for sale\b|\bstrategic alternatives\b|\bbreakup fee\b/,
  ],
  ["billion-dollar deal", /\$ ?\d+(?:\.\d+)? ?(?:billion|bn)\b.{0,40}\b(?:deal|acquisition|merger|offer|bid|takeover)\b/],
];

/** Content deals that look like acquisitions: a title's rights, a festival sale, a package. */
export const CONTENT_DEAL_CUES: ReadonlyArray<readonly [string, RegExp]> = [
  [
    "rights",
    /\b(?:worldwide|global|international|north american|u\.s\.|domestic|theatrical|streaming|distribution|remake|film|tv|series) rights\b|\brights to\b/,
  ],
  ["festival sale", /\bfestival\b|\bsundance\b|\bcannes\b|\btiff\b|\bberlinale\b|\bvenice\b|\bafm\b|\bfirst (?:major )?sale\b/],
  [
    "a title bought",
    /\b(?:acquir(?:e|es|ed)|bought|buys|picks? up|picked up|lands?|landed|nabs?|nabbed|scoops? up|scooped up) (?:the )?(?:film|movie|feature|documentary|doc|series|drama|comedy|thriller|package|spec|script|book|novel)\b(?! (?:and (?:tv|television) )?(?:business|studio|unit|division|library|company|assets))/,
  ],
];

/** Kinds of story that mention a deal as background: layoffs "ahead of the merger", earnings, an exec's exit. */
const OTHER_KINDS = new Set(["exec", "org", "earnings", "conference", "analyst"]);

/** A deal as the background of another story: "names a new head after the merger". */
const BACKGROUND_DEAL =
  /\bnames\b.{0,40}\b(?:head|chief|president|ceo|officer|chair)|\b(?:after|following|since) (?:closing |completing )?(?:the |its )?(?:[\p{L}-]+ )?merger\b/u;

/**
 * What the head of a story says about a corporate deal: the M&A cues its headline has (for a text
 * without one, its first sentence: see headlineAndBody), whether its headline or first sentence reads as
 * a content deal, and whether the headline names another kind of story (an exec change, layoffs,
 * earnings) for which a deal is background.
 */
export function dealCues(doc: FeatureDoc): { cues: string[]; contentDeal: boolean; otherKind: boolean } {
  const title = normalizeText(doc.title);
  const first = normalizeText(firstSentence(doc.body) ?? "");
  const cues = DEAL_CUES.filter(([, re]) => re.test(title)).map(([name]) => name);
  const head = `${title}\n${first}`;
  const contentDeal = CONTENT_DEAL_CUES.some(([, re]) => re.test(head));
  const otherKind = KIND_CUES.some(([kind, re]) => OTHER_KINDS.has(kind) && re.test(title)) || BACKGROUND_DEAL.test(title);
  return { cues, contentDeal, otherKind };
}

/** How far above the best other category a cued M&A story is put, in score units before the temperature. */
export const DEAL_CUE_MARGIN = 0.5;

/**
 * The M&A house rule on a model's leaf scores (in place): with an M&A cue in the head and no content
 * deal cue, M&A is put `DEAL_CUE_MARGIN` above the best other leaf (if it is not already there).
 */
export function applyDealCues(classes: readonly string[], doc: FeatureDoc, scores: Float64Array): Float64Array {
  const at = classes.indexOf(MNA_CATEGORY);
  if (at < 0) return scores;
  const { cues, contentDeal, otherKind } = dealCues(doc);
  if (cues.length === 0 || contentDeal || otherKind) return scores;
  let best = -Infinity;
  for (let i = 0; i < scores.length; i++) if (i !== at && scores[i]! > best) best = scores[i]!;
  scores[at] = Math.max(scores[at]!, best + DEAL_CUE_MARGIN);
  return scores;
}
