// The sinks: what happens after a commit or a correction. A new output is one file and one line here.
import type { Sink } from "../core/sink.js";
import type { SinkContext } from "./context.js";
import { ArchiveSink } from "./archive.js";
import { CorrectionsLogSink } from "./corrections.js";
import { EventsSink } from "./events.js";
import { FinalOutputSink } from "./final-output.js";
import { TracesSink } from "./traces.js";
import { WebhooksSink } from "./webhooks.js";

/** In opening order (repairs are logged in this order); a factory returns null when not configured. */
const SINKS: ReadonlyArray<(context: SinkContext) => Sink | null> = [
  (context) => new TracesSink(context),
  (context) => new FinalOutputSink(context),
  (context) => new ArchiveSink(context),
  (context) => new CorrectionsLogSink(context),
  (context) => (context.onEvent ? new EventsSink(context.onEvent) : null),
  (context) => (context.config.sinks.webhooks.length > 0 ? new WebhooksSink(context) : null),
];

export function createSinks(context: SinkContext): Sink[] {
  return SINKS.map((make) => make(context)).filter((sink): sink is Sink => sink !== null);
}

/** The sinks that follow a review-desk correction (`Store.sendCorrectionsTo`), in registry order; not opened. */
export function createCorrectionSinks(context: Omit<SinkContext, "desk" | "oneShot">): Sink[] {
  return createSinks({ ...context, desk: true }).filter((sink) => sink.corrected);
}
