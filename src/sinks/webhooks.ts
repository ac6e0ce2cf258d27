import { errorMessage, ignoreFailure } from "../core/errors.js";
import type { CommittedCorrection, Settlement, Sink } from "../core/sink.js";
import type { StoredRecord } from "../core/record.js";
import type { Correction } from "../pipeline/correction.js";
import type { WebhookConfig } from "../config/schema.js";
import { retryDecision } from "../core/retry-policy.js";
import { VERSION } from "../version.js";
import type { SinkContext } from "./context.js";
import { pidAlive } from "../store/locks.js";
import { Outbox, type OutboxLine, type PendingDelivery } from "./outbox.js";
import { correctionBody, deliveryHeaders, deliveryId, wantsRecord, webhookBody } from "./webhook-payload.js";

type BodyOf = typeof webhookBody;

type Answer = { kind: "delivered" | "rejected"; status: number } | { kind: "retry"; reason: string; retryAfterMs?: number };

/** Statuses worth asking again: the receiver is busy or broken for now. */
const isRetryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/** Retry-After in seconds (HTTP dates are rare from webhook receivers and are ignored). */
function retryAfterMs(header: string | null): number | undefined {
  const seconds = header ? Number(header) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * POSTs each stored record, and each review-desk correction's new version, to the configured
 * webhooks. Best effort for the store, durable for the receiver: each delivery is written to the
 * outbox before the input moves (before the desk answers), then sent in the background, one at a
 * time per URL in order, with exponential backoff until the receiver answers 2xx. A `process` run
 * tries what it queued once; what is left the daemon sends. The desk's instance (context.desk)
 * sends what it queued for as long as it runs; after that the next daemon start takes it over.
 */
export class WebhooksSink implements Sink<unknown, unknown, Correction> {
  readonly name = "webhook outbox";
  private readonly outbox: Outbox;
  private readonly hooks: Map<string, WebhookConfig>;
  private readonly queues = new Map<string, PendingDelivery[]>();
  private readonly attempts = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly sending = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private idleWaiters: Array<() => void> = [];
  private adoptTimer?: NodeJS.Timeout;
  private opened?: Promise<void>;
  private closing = false;

  constructor(private readonly context: SinkContext) {
    this.outbox = new Outbox(context.paths.state, context.lockOptions);
    this.hooks = new Map(context.config.sinks.webhooks.map((hook) => [hook.url, hook]));
  }

  async open(): Promise<string[]> {
    await this.openOutbox();
    // The desk shares its process (its pid) with the daemon, whose sink takes over the deliveries of processes gone.
    if (this.context.desk) return [];
    this.adopt({ ownPid: true });
    if (!this.context.oneShot) {
      // Deliveries a `process` run queued and could not send are taken over once it has exited.
      this.adoptTimer = setInterval(() => this.adopt({ ownPid: false }), this.context.config.sinks.webhookRetry.maxDelayMs);
      this.adoptTimer.unref();
    }
    return [];
  }

  private openOutbox(): Promise<void> {
    this.opened ??= this.outbox.open().catch((err: unknown) => {
      this.opened = undefined;
      throw err;
    });
    return this.opened;
  }

  /**
   * Queues the pending deliveries of processes no longer running and, at start (`ownPid`), those
   * of an earlier process that had this pid. Later, lines with this pid are this instance's (in
   * its queues already) or the desk's in this process's server thread: left to it.
   */
  private adopt({ ownPid }: { ownPid: boolean }): void {
    try {
      this.outbox.catchUp();
    } catch (err) {
      this.context.log.warn(`could not read the webhook outbox: ${errorMessage(err)}`);
      return;
    }
    const queued = new Set([...this.queues.values()].flat().map((d) => d.id));
    for (const delivery of this.outbox.pendingDeliveries()) {
      if (!queued.has(delivery.id) && ((ownPid && delivery.pid === process.pid) || !pidAlive(delivery.pid))) this.enqueue(delivery);
    }
  }

  private enqueue(delivery: PendingDelivery): void {
    if (!this.hooks.has(delivery.url)) return; // a webhook taken out of the configuration: its line stays
    const queue = this.queues.get(delivery.url) ?? [];
    queue.push(delivery);
    this.queues.set(delivery.url, queue);
    this.pump(delivery.url);
  }

  async settled({ committed }: Settlement<unknown, unknown>): Promise<void> {
    // Stored records, and records a re-run found stored (their delivery may not have been queued).
    const wanted = committed.filter(({ status, recovered }) => status === "stored" || recovered);
    await this.queue(this.deliveriesFor(wanted.map(({ record }) => ({ record, body: webhookBody }))));
  }

  /** A correction's new version goes to the webhooks whose filters it passes (its new category and buyers). */
  async corrected(corrections: readonly CommittedCorrection<Correction>[]): Promise<void> {
    if (this.hooks.size === 0) return;
    try {
      await this.openOutbox();
    } catch (err) {
      this.context.log.warn(`could not read the webhook outbox ${this.outbox.file}: ${errorMessage(err)}`);
    }
    await this.queue(this.deliveriesFor(corrections.map((correction) => ({ record: correction.record, body: correctionBody(correction) }))));
  }

  /** Writes the deliveries to the outbox, then sends them. Never fails the store or the correction. */
  private async queue(lines: readonly PendingDelivery[]): Promise<void> {
    if (lines.length === 0) return;
    try {
      await this.outbox.append(lines);
    } catch (err) {
      // The records are stored either way; these deliveries are sent from memory only.
      this.context.log.warn(`could not write the webhook outbox ${this.outbox.file}: ${errorMessage(err)}`);
    }
    for (const line of lines) if (line.state === "pending") this.enqueue(line);
  }

  private deliveriesFor(versions: ReadonlyArray<{ record: StoredRecord; body: BodyOf }>): PendingDelivery[] {
    const { displayName } = this.context;
    const at = new Date().toISOString();
    const lines: PendingDelivery[] = [];
    for (const { record, body } of versions) {
      for (const hook of this.hooks.values()) {
        if (!wantsRecord(hook, record, displayName)) continue;
        const id = deliveryId(hook.url, record);
        if (this.outbox.knows(id)) continue;
        lines.push({ state: "pending", id, url: hook.url, body: body(hook.format, id, record, displayName), pid: process.pid, at });
      }
    }
    return lines;
  }

  /** Sends the head of a URL's queue, then the next, until the queue is empty or a send must wait. */
  private pump(url: string): void {
    if (this.sending.has(url) || this.timers.has(url)) return;
    const run = (async () => {
      const queue = this.queues.get(url) ?? [];
      while (queue.length > 0 && (!this.closing || this.context.oneShot)) {
        const delivery = queue[0]!;
        if (this.outbox.isFinished(delivery.id)) {
          queue.shift();
          continue;
        }
        const answer = await this.send(delivery);
        if (answer.kind === "retry") {
          if (this.closing || this.context.oneShot) return;
          this.scheduleRetry(url, delivery, answer);
          return;
        }
        if (answer.kind === "rejected") {
          this.context.log.warn(`webhook ${url} refused delivery ${delivery.id} (HTTP ${answer.status}); it is not sent again`);
        }
        await this.finish(delivery, answer);
        queue.shift();
        this.attempts.delete(delivery.id);
      }
    })()
      .catch((err: Error) => void this.context.log.warn(`webhook ${url}: ${err.message}`))
      .finally(() => {
        this.sending.delete(url);
        this.noteIfIdle();
      });
    this.sending.set(url, run);
  }

  private isIdle(): boolean {
    return this.sending.size === 0 && this.timers.size === 0 && [...this.queues.values()].every((queue) => queue.length === 0);
  }

  private noteIfIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Resolves once every queued delivery was acknowledged or refused (and written down). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async finish(delivery: PendingDelivery, answer: { kind: "delivered" | "rejected"; status: number }): Promise<void> {
    const line: OutboxLine = { state: answer.kind, id: delivery.id, status: answer.status, at: new Date().toISOString() };
    await this.outbox.append([line]);
  }

  private scheduleRetry(url: string, delivery: PendingDelivery, answer: { reason: string; retryAfterMs?: number }): void {
    const attempt = (this.attempts.get(delivery.id) ?? 0) + 1;
    this.attempts.set(delivery.id, attempt);
    const { baseDelayMs, maxDelayMs } = this.context.config.sinks.webhookRetry;
    const decision = retryDecision({ attempt, maxAttempts: Infinity, baseDelayMs, maxDelayMs, retryAfterMs: answer.retryAfterMs });
    const delayMs = decision.giveUp ? maxDelayMs : decision.delayMs;
    if (attempt === 1) this.context.log.warn(`webhook ${url}: ${answer.reason}; trying again with backoff (delivery ${delivery.id})`);
    const timer = setTimeout(() => {
      this.timers.delete(url);
      if (!this.closing) this.pump(url);
    }, delayMs);
    timer.unref();
    this.timers.set(url, timer);
  }

  /** One POST. Redirects are not followed (a redirect is refused); the answer's body is not read. */
  private async send(delivery: PendingDelivery): Promise<Answer> {
    const hook = this.hooks.get(delivery.url)!;
    const headers = deliveryHeaders(delivery.id, delivery.body, hook.secret, `news-coverage/${VERSION}`);
    try {
      const signal = AbortSignal.any([AbortSignal.timeout(hook.timeoutMs), this.abort.signal]);
      const response = await fetch(delivery.url, { method: "POST", headers, body: delivery.body, redirect: "manual", signal });
      if (response.body) await ignoreFailure(response.body.cancel(), "the answer's body is not read; only its status counts");
      if (response.status >= 200 && response.status < 300) return { kind: "delivered", status: response.status };
      if (isRetryableStatus(response.status)) {
        return { kind: "retry", reason: `HTTP ${response.status}`, retryAfterMs: retryAfterMs(response.headers.get("retry-after")) };
      }
      return { kind: "rejected", status: response.status };
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      return { kind: "retry", reason: cause ? `${errorMessage(err)} (${cause})` : errorMessage(err) };
    }
  }

  /**
   * The daemon stops at once (a delivery under way is cut off and stays pending for the next start);
   * a `process` run waits for the sends it started, each bounded by the webhook's timeoutMs.
   */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.adoptTimer);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    if (!this.context.oneShot) this.abort.abort();
    await Promise.all(this.sending.values());
  }
}
