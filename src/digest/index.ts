export { writeDigest, catchUpDigests, scheduleDigests, createDigestJob, readDayTraces, readDayRecords, digestDayAt } from "./digest.js";
export type { WriteDigestOptions, DigestJob, DigestLogger } from "./digest.js";
export { buildDigest, digestTotals, type DigestInput, type DigestTotals } from "./build.js";
export { readDigestState, recordDigestWritten, digestStateFile, type DigestState } from "./state.js";
export { cronMatcher, dueDays } from "./schedule.js";
