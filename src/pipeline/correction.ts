import { z } from "zod";
import type { BuyerDirectory } from "../core/buyers.js";
import { AppError, type FieldError } from "../core/errors.js";
import { UNKNOWN_COMPANY } from "./buyers.js";
import { LIMITS } from "./limits.js";
import { contentSections, mdInline, mdUrlText, pyList, renderMarkdown } from "./markdown.js";
import { matchedBuyers } from "./process.js";
import { DATE_HINT, isCalendarDate, isQuarter, QUARTER_HINT, quarterOf } from "../core/quarter.js";
import { storyIdOf, type StoredFact, type StoredRecord } from "../core/record.js";
import { CATEGORIES, sectionOf, subheadingOf } from "../core/taxonomy.js";

/**
 * One line of data/corrections.jsonl: what an analyst changed on a record in the review desk
 * (or a record stored with a `category` override). The review desk writes it; the classifier
 * (`news-coverage train`) and the buyer matcher learn from it. Fields absent from `changes`
 * were not changed; "accept" is a correction with empty `changes` and `accepted: true`.
 */
export const CorrectionSchema = z.strictObject({
  at: z.string().describe("ISO-8601 time of the correction"),
  by: z.string().optional().describe('who made it: the analyst\'s desk login, or "API token" (absent for overrides and older lines)'),
  id: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe("record id (sha256 of the canonical URL)"),
  url: z.string(),
  source: z.string().describe("publication, as stored on the record"),
  origin: z.enum(["desk", "override"]).describe("review desk, or a category override in an input file"),
  accepted: z.boolean().describe("the analyst cleared the review flags"),
  /** What the classifier needs to learn without the store: the text it saw. */
  text: z.strictObject({ title: z.string(), lead: z.string().describe("first ~1,500 characters of the body") }),
  changes: z.strictObject({
    category: z.strictObject({ from: z.enum(CATEGORIES), to: z.enum(CATEGORIES) }).optional(),
    buyers: z
      .strictObject({
        from: z.strictObject({ strong: z.array(z.string()), weak: z.array(z.string()) }),
        to: z.strictObject({ strong: z.array(z.string()), weak: z.array(z.string()) }),
      })
      .optional(),
    company: z.strictObject({ from: z.string(), to: z.string() }).optional(),
    quarter: z.strictObject({ from: z.string(), to: z.string() }).optional(),
    published_at: z.strictObject({ from: z.string(), to: z.string() }).optional(),
    facts: z.strictObject({ from: z.array(z.unknown()), to: z.array(z.unknown()) }).optional(),
    excluded: z.strictObject({ from: z.boolean(), to: z.boolean() }).optional(),
    highlight: z.strictObject({ from: z.boolean(), to: z.boolean() }).optional(),
    deleted: z.strictObject({ from: z.boolean(), to: z.boolean() }).optional(),
    story_id: z
      .strictObject({ from: z.string(), to: z.string() })
      .optional()
      .describe("the story the record reports: to its own id when split out of a story, to another story's id when joined to it (docs/stories.md)"),
  }),
  undo: z.string().optional().describe("set on an undo: the time (`at`) of the correction it took back; `changes` go back to the version before it"),
  review: z.array(z.string()).optional().describe("the review reasons the record had before the correction (absent for overrides)"),
});

export type Correction = z.infer<typeof CorrectionSchema>;

/**
 * What an analyst asks to change on a record (review desk). Absent fields stay as they are;
 * `buyers` is the whole new list, `company` the primary buyer, `facts` the edited lines and notes
 * by `fact_id`. `base` is the version the analyst looked at (`versionStamp`): if the record has
 * changed since, the correction is refused rather than silently undoing the other change.
 */
const chars = (limit: number, what: string) => z.string().max(limit, `${what} is at most ${limit} characters`);
const buyerList = z.array(chars(LIMITS.buyerNameChars, "a buyer name")).max(LIMITS.buyersPerList, `at most ${LIMITS.buyersPerList} buyers`);

export const CorrectionRequestSchema = z.strictObject({
  base: chars(LIMITS.idChars, "base").optional(),
  category: z.enum(CATEGORIES, { error: "not a category of the taxonomy" }).optional(),
  buyers: z.strictObject({ strong: buyerList, weak: buyerList }).optional(),
  company: chars(LIMITS.buyerNameChars, "a buyer name").min(1).optional(),
  quarter: z.string().refine(isQuarter, QUARTER_HINT).optional(),
  published_at: z.string().refine(isCalendarDate, DATE_HINT).optional(),
  facts: z
    .array(
      z.strictObject({
        fact_id: chars(LIMITS.idChars, "a fact_id").min(1),
        line: z.string().trim().min(1, "a line must not be empty").max(LIMITS.lineChars, `a line is at most ${LIMITS.lineChars} characters`),
        notes: z.array(chars(LIMITS.noteChars, "a note")).max(LIMITS.notesPerLine, `at most ${LIMITS.notesPerLine} notes to a line`),
      }),
    )
    .max(LIMITS.factsPerCorrection, `at most ${LIMITS.factsPerCorrection} lines in one correction`)
    .optional(),
  excluded: z.boolean().optional(),
  highlight: z.boolean().optional(),
  deleted: z.boolean().optional(),
  /** The record's own id: "Not the same story" (it starts its own); another record's id: "Same story as…" (it joins that record's story). */
  story_id: chars(LIMITS.idChars, "story_id").min(1).optional(),
  accept: z.boolean().optional(),
  /** Take back the correction that made the current version: a new version restoring the one before it (nothing else may be asked with it). */
  undo: z.literal(true).optional(),
});
export type CorrectionRequest = z.infer<typeof CorrectionRequestSchema>;

/** A correction that cannot be applied as asked: the fields and what is wrong with each. */
function correctionInputError(fields: FieldError[]): AppError {
  return new AppError("input_unprocessable", fields.map((f) => `${f.field}: ${f.message}`).join("; "), { fields });
}

/** The record changed after the analyst opened it; `context` is the current version. */
export function correctionConflict(current: StoredRecord): AppError<StoredRecord> {
  return new AppError("conflict", "the record was changed after you opened it (another correction or a re-run); reload it and correct again", {
    fields: [{ field: "base", message: "not the current version" }],
    context: current,
  });
}

/** Identifies a version of a record for `CorrectionRequest.base`. */
export function versionStamp(record: Pick<StoredRecord, "processed_at" | "reviewed">): string {
  return record.reviewed?.at ?? record.processed_at;
}

export interface CorrectionResult {
  /** The new superseding version. */
  record: StoredRecord;
  /** The line for data/corrections.jsonl. */
  correction: Correction;
  /** What changed ("category", "buyers", ...); empty for an accept. */
  changed: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The yes/no marks an analyst sets on a record (absent means false). */
const FLAGS = ["excluded", "highlight", "deleted"] as const;

/**
 * Applies an analyst's correction to the current version of a record (pure). The new version
 * supersedes the old one, has its review flags cleared (it leaves the review queue) and says what
 * changed in `reviewed`. A new article category moves the facts filed under the old one (or the
 * first fact, when none was); the confidence becomes 1, as for an override. A new date moves the
 * quarter with it unless a quarter is given.
 */
export function correctRecord(
  current: StoredRecord,
  request: CorrectionRequest,
  ctx: { at: string; buyers: BuyerDirectory; by?: string; story?: Pick<StoredRecord, "story_id" | "story_reason"> },
): CorrectionResult {
  const errors: FieldError[] = [];
  const changes: Correction["changes"] = {};
  const changed: string[] = [];
  const next: StoredRecord = structuredClone(current);

  if (request.category && request.category !== current.category) {
    const to = request.category;
    const moves = current.facts.some((f) => f.category === current.category)
      ? (f: StoredFact) => f.category === current.category
      : (_f: StoredFact, i: number) => i === 0;
    next.facts = next.facts.map((f, i) => (moves(f, i) ? { ...f, category: to, section: sectionOf(to), subheading: subheadingOf(to) } : f));
    next.category = to;
    next.confidence = 1;
    changes.category = { from: current.category, to };
    changed.push("category");
  }

  request.facts?.forEach((edit, i) => {
    const fact = next.facts.find((f) => f.fact_id === edit.fact_id);
    if (!fact) return errors.push({ field: `facts[${i}].fact_id`, message: `no fact ${JSON.stringify(edit.fact_id)} in this record` });
    fact.line = edit.line.trim();
    fact.notes = edit.notes.map((n) => n.trim()).filter(Boolean);
  });
  if (!same(next.facts, current.facts)) {
    changes.facts = { from: current.facts, to: next.facts };
    changed.push("facts");
  }

  if (request.buyers || request.company) {
    const resolve = (names: readonly string[], field: string) =>
      names.flatMap((name, i) => {
        const found = ctx.buyers.resolveCompany(name);
        if (found && found !== UNKNOWN_COMPANY) return [found];
        errors.push({
          field: `${field}[${i}]`,
          message: `unknown buyer ${JSON.stringify(name)}; expected one of: ${ctx.buyers.all.map((b) => b.name).join(", ")}`,
        });
        return [];
      });
    const strong = [...new Set(request.buyers ? resolve(request.buyers.strong, "buyers.strong") : current.buyers.strong)];
    const weak = [...new Set(request.buyers ? resolve(request.buyers.weak, "buyers.weak") : current.buyers.weak)].filter((n) => !strong.includes(n));
    let company = current.company;
    if (request.company) {
      const found = ctx.buyers.resolveCompany(request.company);
      if (!found)
        errors.push({
          field: "company",
          message: `unknown buyer ${JSON.stringify(request.company)}; expected "Unknown" or one of: ${ctx.buyers.all.map((b) => b.name).join(", ")}`,
        });
      else company = found;
    } else if (!strong.includes(company)) {
      company = strong[0] ?? UNKNOWN_COMPANY;
    }
    if (company !== UNKNOWN_COMPANY && !strong.includes(company)) strong.unshift(company);
    // The primary buyer leads the list, as the matcher orders it.
    if (company !== UNKNOWN_COMPANY) strong.splice(0, strong.length, company, ...strong.filter((n) => n !== company));
    next.buyers = { strong, weak };
    next.company = company;
    if (!same(next.buyers, current.buyers)) {
      changes.buyers = { from: current.buyers, to: next.buyers };
      changed.push("buyers");
    }
    if (company !== current.company) {
      changes.company = { from: current.company, to: company };
      changed.push("company");
    }
  }

  if (request.published_at && request.published_at !== current.published_at) {
    next.published_at = request.published_at;
    next.published_datetime = null;
    changes.published_at = { from: current.published_at, to: request.published_at };
    changed.push("published_at");
    if (!request.quarter) {
      next.quarter = quarterOf(request.published_at);
      next.quarter_source = "published_at";
    }
  }
  if (request.quarter && request.quarter !== next.quarter) {
    next.quarter = request.quarter;
    next.quarter_source = "override";
  }
  if (next.quarter !== current.quarter) {
    changes.quarter = { from: current.quarter, to: next.quarter };
    changed.push("quarter");
  }

  for (const flag of FLAGS) {
    const was = current[flag] ?? false;
    const wanted = request[flag];
    if (wanted === undefined || wanted === was) continue;
    next[flag] = wanted;
    changes[flag] = { from: was, to: wanted };
    changed.push(flag);
  }

  if (request.story_id !== undefined) {
    // The store resolves the story asked for (its id and the reason: Corrector, src/store/stories.ts `analystStory`).
    if (!ctx.story?.story_id) errors.push({ field: "story_id", message: "the story to split from or join could not be resolved" });
    else if (ctx.story.story_id !== storyIdOf(current)) {
      changes.story_id = { from: storyIdOf(current), to: ctx.story.story_id };
      next.story_id = ctx.story.story_id;
      if (ctx.story.story_reason) next.story_reason = ctx.story.story_reason;
      else delete next.story_reason;
      changed.push("story_id");
    }
  }

  if (errors.length > 0) throw correctionInputError(errors);
  if (changed.length === 0 && !request.accept) {
    throw correctionInputError([{ field: "(body)", message: "nothing to change: give a new value, or accept: true to clear the review flags" }]);
  }

  next.markdown = renderMarkdown({ title: next.title, date: next.published_at, url: next.url, facts: next.facts });
  next.review = [];
  return stamped(current, next, ctx, { changes, changed, accepted: request.accept === true });
}

/** Stamps the new version (`reviewed`, supersedes) and makes its corrections.jsonl line. */
function stamped(
  current: StoredRecord,
  next: StoredRecord,
  ctx: { at: string; by?: string },
  what: { changes: Correction["changes"]; changed: string[]; accepted: boolean; undo?: string },
): CorrectionResult {
  const by = ctx.by ? { by: ctx.by } : {};
  next.reviewed = { at: ctx.at, changes: what.undo ? ["undo", ...what.changed] : what.changed, ...by };
  next.supersedes = true;
  const correction: Correction = {
    at: ctx.at,
    ...by,
    id: current.id,
    url: current.url,
    source: current.source,
    origin: "desk",
    accepted: what.accepted,
    text: { title: current.title, lead: current.lead ?? "" },
    changes: what.changes,
    review: current.review,
    ...(what.undo ? { undo: what.undo } : {}),
  };
  return { record: next, correction, changed: what.changed };
}

/** Fields an undo compares between the current version and the one it restores. */
const UNDO_FIELDS = ["category", "buyers", "company", "quarter", "published_at", "facts", ...FLAGS, "story_id"] as const;

/**
 * Takes back the correction that made `current` (pure): the new version is `previous` (the version
 * that was current before it) again, under a new `reviewed` stamp, so the history keeps both and
 * nothing is erased. Its review flags come back with it (an undone accept returns to the queue).
 */
export function undoCorrection(current: StoredRecord, previous: StoredRecord | undefined, ctx: { at: string; by?: string }): CorrectionResult {
  if (!current.reviewed || !previous) {
    throw correctionInputError([{ field: "undo", message: "nothing to undo: this is the article as it was processed, not a correction" }]);
  }
  const next: StoredRecord = structuredClone(previous);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const changed: string[] = [];
  const isFlag = (field: string) => (FLAGS as readonly string[]).includes(field);
  const value = (record: StoredRecord, field: (typeof UNDO_FIELDS)[number]) =>
    field === "story_id" ? storyIdOf(record) : isFlag(field) ? (record[field] ?? false) : record[field];
  for (const field of UNDO_FIELDS) {
    const from = value(current, field);
    const to = value(previous, field);
    if (same(from, to)) continue;
    changes[field] = { from, to };
    changed.push(field);
  }
  return stamped(current, next, ctx, { changes: changes as Correction["changes"], changed, accepted: false, undo: current.reviewed.at });
}

/**
 * What a correction adds to data/final_output.md: a short "Correction:" block with only the
 * changed parts in their new form (the delivery log keeps its one full block per article, and a
 * reader of the log sees what an analyst changed after delivery). An accept changes nothing
 * delivered and adds nothing (null).
 */
export function correctionBlock(result: Pick<CorrectionResult, "record" | "changed">): string | null {
  const { record, changed } = result;
  if (changed.length === 0) return null;
  const has = (...fields: string[]) => fields.some((f) => changed.includes(f));
  const out = [`Correction: ${mdInline(record.title)}`, "", `Reviewed: ${record.reviewed?.at ?? ""} (${changed.join(", ")})`, ""];
  if (has("buyers", "company")) out.push(`Buyers now: ${pyList(matchedBuyers(record))}`, "");
  if (has("category", "facts", "published_at")) {
    out.push(...contentSections(record.facts, record.published_at, record.url), "");
  }
  if (has("quarter")) out.push(`Quarter: ${record.quarter}`, "");
  if (has("excluded")) out.push(record.excluded ? "Excluded from reports" : "Included in reports again", "");
  if (has("highlight")) out.push(record.highlight ? "Marked as a highlight of the quarter" : "No longer a highlight", "");
  if (has("deleted")) out.push(record.deleted ? "Deleted (left out of every report)" : "Restored (no longer deleted)", "");
  if (has("story_id")) out.push(storyIdOf(record) === record.id ? "Story: its own (not the same story as before)" : `Story: joins ${storyIdOf(record)}`, "");
  // Not "URL:": that line marks an article's own block (a re-run adds a missing one by it).
  out.push(`Link: ${mdUrlText(record.url)}`, "");
  return out.join("\n");
}
