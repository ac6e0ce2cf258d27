import cron from "node-cron";
import { z } from "zod";

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

export const BuyerSchema = z.strictObject({
  name: z.string().min(1),
  display: z.string().min(1),
  // A blank alias would match every article, so it is rejected.
  aliases: z.array(z.string().regex(/\S/, "must not be blank")).min(1),
});
export type BuyerConfig = z.infer<typeof BuyerSchema>;

/**
 * When a common-word alias ("sky", "universal", "max") names its buyer. Keyed by the alias as listed
 * in `buyers[].aliases`. Words are compared without case; `forms` are exact spellings.
 */
export const AliasRuleSchema = z.strictObject({
  forms: z.array(z.string().min(1)).min(1).optional().describe("exact spellings that count (case-sensitive); absent: any case"),
  rejectBefore: z.array(z.string().min(1)).optional().describe('a preceding word that means another thing ("Big" Sky)'),
  rejectAfter: z.array(z.string().min(1)).optional().describe('a following word that means another thing (Universal "Music")'),
  confirmBefore: z.array(z.string().min(1)).optional().describe('a preceding word that settles it ("on" Max)'),
  confirmAfter: z.array(z.string().min(1)).optional().describe('a following word that settles it (Universal "Pictures")'),
  context: z.array(z.string().min(1)).min(1).optional().describe("otherwise one of these must be near (streaming, series...)"),
  nameLike: z
    .boolean()
    .optional()
    .describe('also a first name: in running text, a next word like "Ferreira" (capital, then lower case; not in confirmAfter) is a surname'),
  rejectContext: z.array(z.string().min(1)).optional().describe('none of these may be near ("iview" for Australia\'s ABC)'),
});
export type AliasRule = z.infer<typeof AliasRuleSchema>;

export const BuyerRulesSchema = z.strictObject({
  aliases: z.record(z.string().regex(/\S/, "must not be blank"), AliasRuleSchema),
  /** Characters either side of a body mention searched for `context` words. */
  contextChars: positiveInt,
  learning: z.strictObject({
    enabled: z.boolean(),
    /** Analyst removals of a buyer's strong match needed before its alias turns weak-only... */
    minRemovals: positiveInt,
    /** ...and the share of removals among the corrections of records it made strong. */
    minShare: z.number().gt(0).max(1),
  }),
});
export type BuyerRules = z.infer<typeof BuyerRulesSchema>;

function isCronExpression(value: string): boolean {
  try {
    return cron.validate(value);
  } catch {
    return false;
  }
}

/** A time zone is valid when Intl knows it (the digest formats its days with Intl). */
function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

// Checked here, not only when the digest job starts: by then the daemon has claimed inbox files.
const CronSchema = z.string().superRefine((value, ctx) => {
  if (!isCronExpression(value)) ctx.addIssue({ code: "custom", message: `not a valid cron expression, got ${JSON.stringify(value)} (e.g. "55 23 * * *")` });
});
const TimeZoneSchema = z.string().superRefine((value, ctx) => {
  if (!isTimeZone(value)) ctx.addIssue({ code: "custom", message: `unknown IANA time zone ${JSON.stringify(value)} (e.g. "America/New_York")` });
});

const PriceSchema = z.strictObject({
  input: z.number().nonnegative(),
  cachedInput: z.number().nonnegative(),
  output: z.number().nonnegative(),
});

/** One webhook of `sinks.webhooks` (docs/webhooks.md). */
export const WebhookSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }),
  /** Only records of these categories (absent: every category). */
  categories: z.array(z.string().min(1)).min(1).optional(),
  /** Only records naming one of these buyers, by name or display name (absent: every buyer). */
  buyers: z.array(z.string().min(1)).min(1).optional(),
  /** Signs each body: X-News-Coverage-Signature: sha256=<HMAC-SHA256 hex of the raw body>. */
  secret: z.string().min(1).optional(),
  format: z.enum(["json", "slack"]).default("json"),
  timeoutMs: positiveInt.default(10_000),
});
export type WebhookConfig = z.infer<typeof WebhookSchema>;

const SinksSchema = z.strictObject({
  webhooks: z.array(WebhookSchema).refine((hooks) => new Set(hooks.map((h) => h.url)).size === hooks.length, {
    error: "each webhook URL may appear only once",
  }),
  /** Backoff between attempts of one delivery; a delivery is tried until the receiver takes it. */
  webhookRetry: z.strictObject({ baseDelayMs: positiveInt, maxDelayMs: positiveInt }),
});

export const ConfigSchema = z.strictObject({
  /** Absolute base folder; relative paths below are resolved against it. Set from NEWS_COVERAGE_HOME or cwd. */
  home: z.string().min(1),
  paths: z.strictObject({ inbox: z.string().min(1), data: z.string().min(1) }),
  engine: z.enum(["auto", "offline", "openai"]),
  buyers: z.array(BuyerSchema).min(1),
  buyerRules: BuyerRulesSchema,
  input: z.strictObject({ maxFileBytes: positiveInt, youngFileMs: nonNegativeInt, emptyFileMs: nonNegativeInt }),
  watch: z.strictObject({
    polling: z.boolean(),
    pollIntervalMs: positiveInt,
    stabilityMs: nonNegativeInt,
    rescanMs: positiveInt,
  }),
  batch: z.strictObject({ debounceMs: nonNegativeInt, maxBatch: positiveInt, maxWaitMs: nonNegativeInt }),
  pool: z.strictObject({
    workers: z.union([positiveInt, z.literal("auto")], { error: 'must be a whole number of at least 1, or "auto" (one less than the cores)' }),
    maxInFlight: positiveInt,
  }),
  retry: z.strictObject({ maxAttempts: positiveInt, baseDelayMs: nonNegativeInt, maxDelayMs: nonNegativeInt }),
  locks: z.strictObject({ staleMs: z.number().int().min(2000), retries: nonNegativeInt }),
  review: z.strictObject({ confidenceFloor: z.number().min(0).max(1) }),
  /** Story grouping (docs/stories.md): records of one buyer published at most `windowDays` apart may share a story. */
  stories: z.strictObject({ windowDays: z.number().int().min(0).max(31) }),
  digest: z.strictObject({
    enabled: z.boolean(),
    cron: CronSchema,
    timezone: TimeZoneSchema,
    catchUpDays: z.number().int().min(0).max(31),
  }),
  openai: z.strictObject({
    classifyModel: z.string().min(1),
    factsModel: z.string().min(1),
    fineTunedClassifier: z.string().min(1).nullable(),
    timeoutMs: positiveInt,
    maxRetries: nonNegativeInt,
    concurrency: positiveInt,
    fallback: z.enum(["wait", "offline"]),
    prices: z.record(z.string(), PriceSchema),
  }),
  learning: z.strictObject({
    /** Retrain after the nightly digest when there are new category corrections. */
    nightly: z.boolean(),
    /** Folds of the base corpus cross-validation the guard compares. */
    cvFolds: z.number().int().min(2).max(10),
    /** Largest accuracy loss (0.02 = 2 points) on that cross-validation a retrained model may have. */
    maxLoss: z.number().min(0).max(1),
    /** Another base corpus (models/base-corpus.jsonl.gz format), relative to home; null: the shipped one. */
    baseCorpus: z.string().min(1).nullable(),
  }),
  log: z.strictObject({ level: z.enum(["error", "warn", "info", "debug"]), format: z.enum(["text", "json"]) }),
  health: z.strictObject({ intervalMs: positiveInt }),
  shutdown: z.strictObject({ graceMs: positiveInt }),
  server: z.strictObject({
    enabled: z.boolean(),
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    /** Host names served besides 127.0.0.1, localhost, [::1], any IP address and server.host (docs: README, security). */
    allowedHosts: z.array(z.string().regex(/^[A-Za-z0-9.-]+$/, "a host name without port or scheme, such as desk.example.lan")),
    bodyLimitBytes: positiveInt,
    rateLimitPerMinute: positiveInt,
    requestTimeoutMs: z.number().int().min(100),
    /** "worker": own thread and event loop inside the daemon (docs/architecture.md); "main": beside the daemon's loop. */
    thread: z.enum(["worker", "main"]),
    /** A desk session unused for this many minutes ends (sign in again). */
    sessionIdleMinutes: positiveInt,
  }),
  /** Saved pages and link files (docs/intake.md). */
  intake: z.strictObject({
    fetch: z.boolean(),
    allowPrivateHosts: z.boolean(),
    fetchTimeoutMs: positiveInt,
    maxPageBytes: positiveInt,
    maxLinksPerFile: z.number().int().min(1).max(100),
  }),
  /** Feed subscriptions (docs/feeds.md). */
  feeds: z.strictObject({
    /** The daemon polls the feeds that are due. */
    enabled: z.boolean(),
    /** Default minutes between two polls of a feed (`feeds add --every` overrides it per feed). */
    everyMinutes: positiveInt,
    /** Failed polls in a row after which a feed is paused until `feeds poll --all` or a new `feeds add`. */
    maxFailures: positiveInt,
    /** Item keys remembered per feed (GUIDs or links); feeds carry far fewer at once. */
    maxSeenPerFeed: positiveInt,
    /** Hosts polled at the same time (one request at a time per host). */
    hostsAtOnce: positiveInt,
    /** How often the daemon looks for due feeds. */
    checkEveryMs: positiveInt,
  }),
  /** Outputs after a commit besides final_output.md and traces. */
  sinks: SinksSchema,
});

export type Config = z.infer<typeof ConfigSchema>;
