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

function isCronExpression(value: string): boolean {
  try {
    return cron.validate(value);
  } catch {
    return false;
  }
}

/** A time zone is valid when Intl knows it (the digest formats its days with Intl). */
export function isTimeZone(value: string): boolean {
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

export const ConfigSchema = z.strictObject({
  /** Absolute base folder; relative paths below are resolved against it. Set from NEWS_COVERAGE_HOME or cwd. */
  home: z.string().min(1),
  paths: z.strictObject({ inbox: z.string().min(1), data: z.string().min(1) }),
  engine: z.enum(["auto", "offline", "openai"]),
  buyers: z.array(BuyerSchema).min(1),
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
  log: z.strictObject({ level: z.enum(["error", "warn", "info", "debug"]), format: z.enum(["text", "json"]) }),
  health: z.strictObject({ intervalMs: positiveInt }),
  shutdown: z.strictObject({ graceMs: positiveInt }),
});

export type Config = z.infer<typeof ConfigSchema>;
