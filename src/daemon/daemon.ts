import { RetriedInputs, type Retried } from "./retried.js";
import { ModelNotice } from "./model-notice.js";
import { boundHeapGrowth } from "./memory.js";
import { promises as fs } from "node:fs";
import path from "node:path";
import { poolSize, resolveEngineName } from "../config/load.js";
import { resolvePaths, type Paths } from "../store/layout.js";
import type { Config } from "../config/schema.js";
import type { Logger } from "../log.js";
import type { ErrorCode, FieldError } from "../core/errors.js";
import { createBuyerDirectory } from "../pipeline/buyer-directory.js";
import { isTransientFsError } from "../store/fsutil.js";
import { Semaphore } from "../core/semaphore.js";
import { moveCompanion, prefetchFor } from "../intake/registry.js";
import { createStore } from "../store/open.js";
import type { Store } from "../store/store.js";
import type { ServerEvent } from "../sinks/events.js";
import { createSinks } from "../sinks/index.js";
import { VERSION } from "../version.js";
import { Batcher } from "./batcher.js";
import { Claims, type Claim } from "./claims.js";
import { HealthWriter, type Counters, type HealthSnapshot } from "./health.js";
import { InboxWatcher, isIgnoredFolder } from "./inbox.js";
import { storeFailure, type Disposition } from "../runtime/outcomes.js";
import type { InputTask } from "../runtime/processor.js";
import { retryDecision } from "../core/retry-policy.js";
import { createRunner } from "../runtime/runner.js";
import { ProcessingSession } from "../runtime/session.js";
import { claimDecision, type Sighting } from "./stability.js";
import { installedModelWarner } from "./status.js";
import { errorMessage } from "../core/errors.js";

type Work = InputTask & { claim: Claim };

interface DaemonHooks {
  /** Called once the daemon is ready (start-up scan done, watching). */
  onReady?: () => void;
  /** Extra start/stop work (digest schedule); returns a stop function. */
  extras?: (daemon: Daemon) => Promise<() => Promise<void>>;
  /** Outcomes of settled files and health snapshots, for the HTTP API (src/server/). */
  onEvent?: (event: ServerEvent) => void;
  /** The HTTP API's address, for the ready line and health.json (absent: not enabled). */
  server?: { url: string | null; error?: string };
}

/** Pages fetched at once for link files, across all files (politeness and memory). */
const MAX_CONCURRENT_FETCHES = 4;

const workerThreads = (n: number) => `${n} worker thread${n === 1 ? "" : "s"}`;

/**
 * Wiring of the long-running process: inbox events -> claims -> micro-batches -> runner ->
 * store (main thread, one lock per target file per batch) -> done/ or failed/ -> traces, health.
 */
export class Daemon {
  readonly paths: Paths;
  readonly store: Store;
  private readonly claims: Claims;
  private readonly modelNotice: ModelNotice;
  private readonly inbox: InboxWatcher;
  private readonly batcher: Batcher<Work>;
  private session!: ProcessingSession;
  private readonly engineName: "offline" | "openai";

  /** Names seen in the inbox and not claimed yet, with when they were first seen. */
  private readonly waiting = new Map<string, number>();
  /** Files put off because they may still be being written: their last look, and the timer. */
  private readonly sightings = new Map<string, Sighting>();
  private readonly rechecks = new Map<string, NodeJS.Timeout>();
  private readonly attempts = new Map<string, number>();
  /** Claims `retry` moved back, with the attempts they had before. */
  private readonly retried = new Map<string, Retried>();
  private readonly retriedInputs: RetriedInputs;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readonly fetchSlots = new Semaphore(MAX_CONCURRENT_FETCHES);
  private claimedNotFinished = 0;
  private batchesInFlight = 0;
  private pumping = false;
  private pumpAgain = false;
  private stopping = false;
  private quotaPaused = false;
  /** When a store commit first failed on a full disk (null once a commit succeeds again): status says so. */
  private diskFullSince: string | null = null;
  private stopExtras?: () => Promise<void>;
  private readonly health: HealthWriter;
  private readonly startedAt = Date.now();
  private lastSuccess: string | null = null;
  lastDigestDate: string | null = null;
  readonly counters: Counters = { done: 0, failed: 0, stored: 0, duplicates: 0, retries: 0 };
  /** Buyer name -> display name: the one name per buyer that logs, folders, digests and reports use. */
  private readonly displayName: (buyer: string) => string;

  constructor(
    private readonly config: Config,
    private readonly log: Logger,
    private readonly hooks: DaemonHooks = {},
  ) {
    this.paths = resolvePaths(config);
    this.health = new HealthWriter(
      this.paths,
      (state) => this.snapshot(state),
      (snapshot) => this.hooks.onEvent?.({ type: "health", snapshot: { ...snapshot }, at: snapshot.updated_at }),
      (message) => this.log.warn(message),
    );
    const buyers = createBuyerDirectory(config.buyers);
    this.displayName = (name) => buyers.displayName(name);
    this.store = createStore(config, this.paths, buyers);
    this.claims = new Claims(this.paths, config.locks.staleMs, (m) => this.log.warn(m));
    this.engineName = resolveEngineName(config);
    this.batcher = new Batcher<Work>(config.batch, (batch) => this.runBatch(batch));
    this.retriedInputs = new RetriedInputs(this.paths.state);
    this.modelNotice = new ModelNotice(this.paths.installedModel, (m) => this.log.info(m));
    this.inbox = new InboxWatcher({
      dir: this.paths.inbox,
      watch: config.watch,
      onCandidate: (name) => this.noticed(name),
      onError: (err) => this.log.warn(`watcher: ${err.message}`),
      onReplaced: async () => {
        this.log.warn(
          `the inbox folder ${this.paths.inbox} was removed or replaced while running: made it again (with .processing/, done/, failed/) and watching it`,
        );
        this.waiting.clear();
        await this.claims.reopen();
      },
    });
  }

  async start(): Promise<void> {
    boundHeapGrowth();
    const { paths } = this;
    for (const dir of [paths.data, paths.digests, paths.reports]) await fs.mkdir(dir, { recursive: true });
    const repaired = await this.store.open();
    const runner = await createRunner(this.config, this.engineName, (id) => this.store.isKnown(id));
    const sinks = createSinks({
      config: this.config,
      paths,
      lockOptions: this.config.locks,
      displayName: this.displayName,
      log: this.log,
      onEvent: this.hooks.onEvent,
    });
    this.session = new ProcessingSession({
      runner,
      store: this.store,
      sinks,
      displayName: this.displayName,
      onSinkError: (sink, err) => this.log.warn(`could not write ${sink.name}: ${err.message}`),
    });
    repaired.push(...(await this.session.open()));
    for (const file of repaired) this.log.warn(`repaired ${file}`);
    await this.claims.open();
    const checkModel = installedModelWarner(paths.installedModel, (message) => this.log.warn(message));
    checkModel();
    this.health.every(this.config.health.intervalMs, checkModel);

    const orphans = await this.claims.adoptOrphans((message) => this.log.warn(message));
    if (orphans.length > 0) this.log.info(`re-running ${orphans.length} file(s) left in .processing/ by a stopped run`);
    for (const claim of orphans) this.enqueue(claim);

    await this.inbox.start();
    if (this.hooks.extras) this.stopExtras = await this.hooks.extras(this);
    await this.writeHealth("running");
    this.log.info(
      `news-coverage ${VERSION} ready: engine ${this.engineName}${this.engineName === "offline" ? ` (${workerThreads(poolSize(this.config))})` : ""}, watching ${paths.inbox} (${this.config.watch.polling ? "polling" : "events"}), ` +
        `${this.store.dedupe.size} stored records, ${this.waiting.size} waiting` +
        (this.hooks.server?.url ? `; HTTP API at ${this.hooks.server.url}` : ""),
    );
    this.hooks.onReady?.();
  }

  private noticed(name: string): void {
    if (this.stopping) return;
    if (!this.waiting.has(name)) this.waiting.set(name, Date.now());
    this.pump();
  }

  /** Looks at a file that may still be being written again later (see claimDecision). */
  private putOff(name: string, seenAt: number, sighting: Sighting, inMs: number): void {
    this.sightings.set(name, sighting);
    if (this.rechecks.has(name)) return;
    const timer = setTimeout(() => {
      this.rechecks.delete(name);
      if (this.stopping) return;
      if (!this.waiting.has(name)) this.waiting.set(name, seenAt);
      this.pump();
    }, inMs);
    timer.unref();
    this.rechecks.set(name, timer);
  }

  private hasCapacity(): boolean {
    return !this.stopping && !this.quotaPaused && this.claimedNotFinished < this.config.pool.maxInFlight && this.batchesInFlight < this.session.runner.capacity;
  }

  /** Claims waiting files while the runner has room; unclaimed files simply wait in the inbox. */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void (async () => {
      try {
        do {
          this.pumpAgain = false;
          for (const [name, seenAt] of this.waiting) {
            if (!this.hasCapacity()) break;
            this.waiting.delete(name);
            if (isIgnoredFolder(path.join(this.paths.inbox, name))) continue;
            // A writer still appending by name would lose its next write to the claim's rename; one
            // holding the file open keeps writing into the claim, whose young parse error is retried.
            const decision = claimDecision(
              path.join(this.paths.inbox, name),
              this.config.watch.stabilityMs,
              this.sightings.get(name),
              Date.now(),
              this.config.input.emptyFileMs,
            );
            if (!decision.take) {
              this.putOff(name, seenAt, decision.sighting, decision.recheckInMs);
              continue;
            }
            this.sightings.delete(name);
            const claim = await this.claims.claim(name, seenAt);
            if (claim) await this.noteRetried(claim);
            if (claim) this.enqueue(claim);
          }
        } while (this.pumpAgain && this.hasCapacity());
      } catch (err) {
        this.log.error(`claiming: ${errorMessage(err)}`);
      } finally {
        this.pumping = false;
      }
    })();
  }

  /** An input `retry` moved back: its earlier attempts count on, and it counts as a retry. */
  private async noteRetried(claim: Claim): Promise<void> {
    const retried = await this.retriedInputs.lookup(claim.path).catch(() => null);
    if (!retried) return;
    this.retried.set(claim.path, retried);
    this.counters.retries += 1;
    this.log.info(`${claim.name}: moved back by retry after ${retried.attempts} attempt(s); trying again`);
  }

  private enqueue(claim: Claim): void {
    this.claimedNotFinished += 1;
    const attempt = (this.attempts.get(claim.path) ?? 0) + 1;
    this.batcher.add({ path: claim.path, name: claim.name, arrivalMs: claim.arrivalMs, attempt, recovered: claim.recovered, claim });
  }

  private runBatch(batch: Work[]): void {
    // Link files wait on the network: their pages are fetched here, on the main thread's event loop,
    // before the batch goes to a worker, so a slow site never holds a worker thread (or the other
    // files of the batch). Claims stay bounded by pool.maxInFlight, fetches by MAX_CONCURRENT_FETCHES.
    const toFetch = batch.filter((w) => w.prefetched === undefined && prefetchFor(w.name, this.config.intake));
    if (toFetch.length > 0) {
      const rest = batch.filter((w) => !toFetch.includes(w));
      if (rest.length > 0) this.runBatch(rest);
      const job = Promise.all(toFetch.map((w) => this.prefetch(w)))
        .then((fetched) => {
          // Shutting down: the claims stay in .processing/ and run again at the next start.
          if (!this.stopping) this.runBatch(fetched);
        })
        .catch((err: unknown) => void this.log.error(`fetching the links of ${toFetch.length} file(s) failed unexpectedly: ${errorMessage(err)}`))
        .finally(() => this.running.delete(job));
      this.running.add(job);
      return;
    }
    this.batchesInFlight += 1;
    const job = this.processBatch(batch)
      .catch(async (err: unknown) => {
        this.log.error(`batch of ${batch.length} failed unexpectedly: ${(err instanceof Error && err.stack) || errorMessage(err)}`);
        for (const w of batch) {
          // Only claims still in place run again: one already moved to done/ or failed/ is finished.
          const stillClaimed = await fs.lstat(w.claim.path).then(
            () => true,
            () => false,
          );
          if (stillClaimed)
            await this.retry(w.claim, w.attempt, `internal error: ${errorMessage(err)}`).catch((retryErr: unknown) =>
              this.log.warn(`could not schedule ${w.claim.name} again (it runs at the next start): ${errorMessage(retryErr)}`),
            );
        }
      })
      .finally(() => {
        this.batchesInFlight -= 1;
        this.running.delete(job);
        this.pump();
      });
    this.running.add(job);
  }

  /** The format's main-thread work (a link file's pages); a file that cannot be read gets none, and its worker says why. */
  private async prefetch(work: Work): Promise<Work> {
    const limits = { maxBytes: this.config.input.maxFileBytes, youngMs: this.config.input.youngFileMs, nowMs: Date.now() };
    const context = { limits, intake: this.config.intake, slot: <T>(request: () => Promise<T>) => this.fetchSlots.run(request) };
    return { ...work, prefetched: await prefetchFor(work.name, this.config.intake)!(work, context) };
  }

  private async processBatch(batch: Work[]): Promise<void> {
    if (this.engineName === "offline" || this.config.openai.fallback === "offline")
      await this.modelNotice.check().catch((err: unknown) => this.log.warn(`model: ${errorMessage(err)}`));
    const claimsByPath = new Map(batch.map((w) => [w.path, w.claim]));
    const tasks: InputTask[] = batch.map(({ claim: _claim, ...task }) => task);
    const outcome = await this.session.runBatch(tasks, () => {
      const now = Date.now();
      return { nowIso: new Date(now).toISOString(), durationMs: (task) => now - task.arrivalMs };
    });
    if (!outcome.committed) {
      // Every file of the batch runs again (the dedupe makes that safe). A file whose record did
      // reach the store while its final_output block did not is never given up on: it waits,
      // without using up attempts, until the block can be written.
      const failure = storeFailure(outcome.error);
      if (failure.diskFull) this.diskFullSince ??= new Date().toISOString();
      this.log.warn(`${failure.reason}; ${batch.length} file(s) will be retried`);
      for (const w of batch) await this.retry(w.claim, w.attempt, failure.reason, undefined, false, failure.countsAsAttempt(outcome.owing.has(w.path)));
      return;
    }
    this.diskFullSince = null;
    // Records, final_output.md and traces are durable, events sent: only the moves are left.
    const { settled } = outcome;
    for (const disposition of settled.dispositions) {
      const claim = claimsByPath.get(disposition.task.path)!;
      await this.finish(claim, disposition);
    }
    await this.claims.syncDone().catch((err: unknown) => this.log.warn(`could not fsync done/: ${errorMessage(err)}`));
    for (const summary of settled.summaries) {
      if (summary.text.startsWith("failed")) this.log.warn(summary.text);
      else this.log.info(summary.text);
    }
  }

  private async finish(claim: Claim, disposition: Disposition): Promise<void> {
    const attempt = disposition.task.attempt;
    switch (disposition.action) {
      case "done":
        return this.completeMove(claim, "move to done/", async () => {
          await this.withCompanion(claim, this.claims.finishDone(claim));
          this.counters.done += 1;
          this.counters.stored += disposition.stored;
          this.counters.duplicates += disposition.duplicates;
          this.lastSuccess = new Date().toISOString();
        });
      case "failed":
        this.counters.stored += disposition.stored;
        this.counters.duplicates += disposition.duplicates;
        return this.completeMove(claim, "move to failed/", () => this.fail(claim, disposition.reason, disposition.code, disposition.fieldErrors, attempt));
      case "retry":
        return this.retry(claim, attempt, disposition.reason, disposition.retryAfterMs, disposition.incomplete);
      case "quota":
        if (!this.quotaPaused) {
          this.log.error(`OpenAI quota exhausted: no more model calls this run; files wait in the inbox (${disposition.reason})`);
        }
        this.quotaPaused = true;
        return this.completeMove(claim, "give back to the inbox", () => this.claims.release(claim));
    }
  }

  /**
   * The last step of a claim: a move whose outputs are already durable. If the disk is full (or
   * another transient condition) only the move is tried again later; nothing is re-processed.
   */
  private async completeMove(claim: Claim, what: string, move: () => Promise<void>): Promise<void> {
    try {
      await move();
    } catch (err) {
      const message = errorMessage(err);
      if (isTransientFsError(err) && !this.stopping) {
        const delay = this.config.retry.maxDelayMs;
        this.log.warn(`could not ${what} ${claim.name}: ${message}; trying again in ${delay} ms`);
        const timer = setTimeout(() => {
          this.retryTimers.delete(timer);
          if (!this.stopping) void this.completeMove(claim, what, move);
        }, delay);
        this.retryTimers.add(timer);
        return;
      }
      this.log.error(`could not ${what} ${claim.name}: ${message}; it stays claimed and runs again at the next start`);
    }
    this.attempts.delete(claim.path);
    const retried = this.retried.get(claim.path);
    if (retried) {
      this.retried.delete(claim.path);
      await this.retriedInputs.forget(retried);
    }
    this.claimedNotFinished -= 1;
  }

  /** A saved page's "<name>_files" folder (a complete save) follows the page; it never fails it. */
  private async withCompanion(claim: Claim, moved: Promise<string>): Promise<string> {
    const target = await moved;
    await moveCompanion(this.paths.inbox, claim.name, target).catch((err: unknown) =>
      this.log.warn(`left the folder of the saved page ${claim.name} in the inbox: ${errorMessage(err)}`),
    );
    return target;
  }

  private async fail(claim: Claim, reason: string, code: ErrorCode, fieldErrors: FieldError[], attempt: number): Promise<void> {
    await this.withCompanion(
      claim,
      this.claims.finishFailed(claim, { reason, code, fieldErrors, attempts: attempt + (this.retried.get(claim.path)?.attempts ?? 0), version: VERSION }),
    );
    this.counters.failed += 1;
  }

  /** Transient trouble: the claim stays put and runs again after a backoff, up to retry.maxAttempts. */
  private async retry(claim: Claim, attempt: number, reason: string, retryAfterMs?: number, incomplete = false, countsAsAttempt = !incomplete): Promise<void> {
    // A file still being written is not a failed attempt: it is read again until it is complete
    // or old enough (input.youngFileMs) for a parse error to be final.
    const decision = retryDecision({
      ...this.config.retry,
      attempt,
      retryAfterMs,
      incomplete,
      incompleteDelayMs: this.config.watch.stabilityMs,
      countsAsAttempt,
    });
    if (decision.giveUp) {
      const attempts = decision.attempts;
      this.log.warn(`failed ${claim.name} after ${attempts} attempts: ${reason}`);
      const failure = `gave up after ${attempts} attempts: ${reason}`;
      return this.completeMove(claim, "move to failed/", async () => {
        await this.fail(claim, failure, "retries_exhausted", [], attempts);
        const time = new Date().toISOString();
        const trace = { time, file: claim.name, outcome: "failed" as const, reason: failure, attempts, duration_ms: Date.now() - claim.arrivalMs, steps: [] };
        const event = { type: "outcome" as const, file: claim.name, outcome: "failed" as const, reason: failure, records: [], at: time };
        await this.session.deliver({ committed: [], traces: [trace], events: [event] });
      });
    }
    if (!incomplete) this.counters.retries += 1;
    const delay = decision.delayMs;
    if (!incomplete) this.log.warn(`retrying ${claim.name} in ${delay} ms (attempt ${decision.attempt} of ${this.config.retry.maxAttempts}): ${reason}`);
    this.attempts.set(claim.path, decision.attempt);
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      if (this.stopping) return;
      this.claimedNotFinished -= 1;
      this.enqueue(claim);
    }, delay);
    this.retryTimers.add(timer);
  }

  snapshot(state: HealthSnapshot["state"]): HealthSnapshot {
    let oldest: number | null = null;
    for (const seen of this.waiting.values()) oldest = oldest === null ? seen : Math.min(oldest, seen);
    const now = Date.now();
    return {
      pid: process.pid,
      version: VERSION,
      engine: this.engineName,
      started_at: new Date(this.startedAt).toISOString(),
      updated_at: new Date(now).toISOString(),
      uptime_s: Math.round((now - this.startedAt) / 1000),
      watch_mode: this.config.watch.polling ? "polling" : "events",
      inbox_depth: this.waiting.size,
      oldest_waiting_age_s: oldest === null ? null : Math.round((now - oldest) / 1000),
      in_flight: this.claimedNotFinished,
      counters: { ...this.counters },
      last_success: this.lastSuccess,
      pool_utilisation: Math.round((this.session?.runner.utilisation() ?? 0) * 100) / 100,
      last_digest_date: this.lastDigestDate,
      quota_paused: this.quotaPaused,
      disk_full_since: this.diskFullSince,
      state,
      ...(this.hooks.server ? { server: this.hooks.server } : {}),
    };
  }

  private writeHealth(state: HealthSnapshot["state"]): Promise<void> {
    return this.health.write(state);
  }

  /**
   * Stops claiming, lets in-flight batches finish (up to shutdown.graceMs), closes the pool. Work
   * not finished stays in .processing/ and is re-run at the next start.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.inbox.stop().catch((err: unknown) => this.log.warn(`stopping the inbox watcher: ${errorMessage(err)}`));
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    const abandoned = this.batcher.drain();
    this.health.stopTicking();
    await this.writeHealth("stopping");
    const grace = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), this.config.shutdown.graceMs).unref());
    const drained = await Promise.race([Promise.all([...this.running]).then(() => "drained" as const), grace]);
    if (drained === "timeout") this.log.warn("in-flight work did not finish in time; it stays claimed and runs again at the next start");
    await this.stopExtras?.().catch((err: unknown) => this.log.warn(`stopping the schedules: ${errorMessage(err)}`));
    await Promise.race([this.session?.close(), grace]).catch((err: unknown) => this.log.warn(`closing the worker pool: ${errorMessage(err)}`));
    await this.writeHealth("stopped");
    await this.claims.close();
    const left = abandoned.length + this.retryTimers.size;
    this.log.info(`stopped: ${this.counters.done} done, ${this.counters.failed} failed${left ? `, ${left} left claimed for the next start` : ""}`);
  }
}
