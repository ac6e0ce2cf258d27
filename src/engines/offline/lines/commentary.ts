// Columns and interviews: `Commentary: <headline>` or `Interview: Name, Job title`, with up to two
// notes that carry the point.

import type { FactDraft } from "../../../core/engine.js";
import type { Category } from "../../../core/taxonomy.js";
import { normalizeText } from "../tokenize.js";
import { describeRole, personAndRole } from "./people.js";
import { isTitleCase } from "./headline.js";
import type { Platforms } from "./platforms.js";
import { rewriteLine } from "./rewrite.js";
import { cleanHeadline, wholeNote, type Text } from "./text.js";

const THESIS_RE =
  /\b(?:the (?:question|point|bottom line|lesson|problem|truth|answer|risk) (?:now )?is|what (?:matters|this means)|(?:I|we) think|the only\b|needs? to\b|must\b|should\b|will have to\b|looks like|means that\b|in other words|the real\b)/i;
const SCENE_RE = /^(?:In |As |When |While |After |Before |Once |If |Why |How |What |Back in |Years ago|Last (?:year|week|month))/;

/**
 * Notes of a column, analysis or interview: up to two whole sentences that carry the point — those
 * that share the headline's words or state a thesis — never a scene-setter, question or fragment.
 */
function pointNotes(text: Text, headline: string, limit = 2): string[] {
  const words = new Set(
    normalizeText(headline)
      .split(/[^a-z0-9+]+/)
      .filter((w) => w.length > 3)
      .map((w) => w.slice(0, 5)),
  );
  const scored = text.sentences
    .slice(0, 12)
    .map((s, i) => {
      const note = s.length >= 50 && !/\?$/.test(s.trim()) && !SCENE_RE.test(s) && !/^[“"]/.test(s) ? wholeNote(s, 240) : null;
      const own = normalizeText(s)
        .split(/[^a-z0-9+]+/)
        .filter((w) => w.length > 3)
        .map((w) => w.slice(0, 5));
      const overlap = new Set(own.filter((w) => words.has(w))).size;
      return { note, i, score: overlap + (THESIS_RE.test(s) ? 2 : 0) - i * 0.1 };
    })
    .filter((x): x is { note: string; i: number; score: number } => x.note !== null && x.score > 0);
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.note);
}

export function columnFact(text: Text, category: Category): FactDraft {
  const subject = cleanHeadline(text).replace(/\s*[:|–—-]\s*(?:Column|Commentary|Opinion|Analysis)$/i, "");
  // A headline that is only the column's first sentence (a scene, a question): the point is the line.
  if (!isTitleCase(subject) && (SCENE_RE.test(subject) || /\?$/.test(subject) || subject.length > 90)) {
    const points = pointNotes(text, subject, 3);
    const point = points.find((p) => !/^(?:Simply|Just|Only|Perhaps|Maybe|Because|Since|As|And|But|So|Or|Yet)\b/.test(p));
    if (point) return { category, line: `Commentary: ${rewriteLine(point)}`, notes: points.filter((p) => p !== point).slice(0, 2) };
  }
  return { category, line: `Commentary: ${subject}`, notes: pointNotes(text, subject) };
}

/** Spec §5: `Interview: <who, role>`; the headline when the lead names nobody with a job title. */
export function interviewFact(text: Text, category: Category, company: string, platforms: Platforms): FactDraft {
  const headline = cleanHeadline(text);
  const role = personAndRole(text, company, platforms);
  return { category, line: `Interview: ${role?.job ? describeRole(role) : headline}`, notes: pointNotes(text, headline) };
}
