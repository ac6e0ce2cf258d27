// What a webhook receives: pure functions of the record and the webhook's settings.
import { createHash, createHmac } from "node:crypto";
import type { WebhookConfig } from "../config/schema.js";
import type { StoredRecord } from "../core/record.js";
import type { CommittedCorrection } from "../core/sink.js";
import type { Correction } from "../pipeline/correction.js";

export const SIGNATURE_HEADER = "X-News-Coverage-Signature";
export const DELIVERY_HEADER = "X-News-Coverage-Delivery";

/** The record is one the webhook asked for (its categories and buyers filters; absent: all). */
export function wantsRecord(hook: Pick<WebhookConfig, "categories" | "buyers">, record: StoredRecord, displayName: (buyer: string) => string): boolean {
  const lower = (s: string) => s.toLowerCase();
  if (hook.categories && !hook.categories.map(lower).includes(lower(record.category))) return false;
  if (!hook.buyers) return true;
  const wanted = new Set(hook.buyers.map(lower));
  const named = [record.company, ...record.buyers.strong, ...record.buyers.weak];
  return named.some((buyer) => wanted.has(lower(buyer)) || wanted.has(lower(displayName(buyer))));
}

/**
 * One id per webhook and record version, the same however often the record is committed (a re-run
 * after a crash finds it already stored): the outbox sends it once, a receiver drops a repeat.
 */
export function deliveryId(url: string, record: Pick<StoredRecord, "id" | "supersedes" | "processed_at" | "reviewed">): string {
  // A desk version keeps the article's processed_at: its own time is reviewed.at.
  const version = record.supersedes ? (record.reviewed?.at ?? record.processed_at) : "first";
  return createHash("sha256").update(`${url}\n${record.id}\n${version}`).digest("hex").slice(0, 32);
}

/** The raw body: the record as JSON, or Slack's `{ text }` (incoming webhooks, mrkdwn). */
export function webhookBody(format: WebhookConfig["format"], deliveryIdValue: string, record: StoredRecord, displayName: (buyer: string) => string): string {
  if (format === "slack") return JSON.stringify({ text: slackText(record, displayName) });
  return JSON.stringify({ event: "record.stored", delivery_id: deliveryIdValue, record });
}

/**
 * The raw body of a correction's delivery: `event: "record.corrected"`, the new version, what
 * changed (names) and `changes` ({from, to} per field, as in data/corrections.jsonl); Slack's
 * text says "corrected" and what.
 */
export function correctionBody(correction: Pick<CommittedCorrection<Correction>, "changed" | "correction">) {
  const { changed } = correction;
  return (format: WebhookConfig["format"], deliveryIdValue: string, record: StoredRecord, displayName: (buyer: string) => string): string => {
    if (format === "slack") {
      const what = changed.length > 0 ? changed.join(", ") : "accepted as it stands";
      return JSON.stringify({ text: slackText(record, displayName, `corrected (${what})`) });
    }
    return JSON.stringify({ event: "record.corrected", delivery_id: deliveryIdValue, changed, changes: correction.correction.changes, record });
  };
}

/** Slack mrkdwn needs &, < and > escaped. */
function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function slackText(record: StoredRecord, displayName: (buyer: string) => string, note?: string): string {
  const what = note ? ` ${note}` : "";
  const head = `*${slackEscape(displayName(record.company))}* ${record.quarter} [${slackEscape(record.category)}]${what}: <${record.url}|${slackEscape(record.title)}>`;
  return [head, ...record.facts.map((fact) => `• ${slackEscape(fact.line)}`)].join("\n");
}

/** `sha256=<hex>`: HMAC-SHA256 of the raw body with the webhook's secret. */
function signature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** The request headers of one delivery. */
export function deliveryHeaders(id: string, body: string, secret: string | undefined, userAgent: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": userAgent,
    [DELIVERY_HEADER]: id,
    ...(secret ? { [SIGNATURE_HEADER]: signature(secret, body) } : {}),
  };
}
