import v8 from "node:v8";

/**
 * How much V8 may grow a heap after a full collection, in percent of what survived it. Left to
 * itself V8 grows a busy heap by 1.5-4x (it weighs the allocation rate against the collector's
 * speed): in a burst the main thread allocates ~230 KB of short-lived objects per article
 * (worker results, records as JSON, story features, Markdown blocks) and its heap grew to ~240 MB
 * around ~70 MB of live objects; the desk's thread, rendering quarter pages, to ~190 MB. With 15 %
 * the same 10,000-file drop with the desk read in a loop peaked at 407 MB instead of 581 MB, at no
 * measurable cost in CPU (docs/benchmarks.md, session 9).
 */
export const HEAP_GROWING_PERCENT = 15;

/**
 * Bounds heap growth for every thread of the daemon (V8 flags are per process; this one is read
 * at each collection, so setting it at start covers the threads made before and after).
 */
export function boundHeapGrowth(percent: number = HEAP_GROWING_PERCENT): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
