/**
 * Stop signals for `start`, caught from the first moment: this module is the CLI's first import,
 * so SIGINT, SIGTERM, SIGHUP (terminal closed) and SIGUSR2 (nodemon and other restarters) never
 * kill the daemon by signal, not even while the config loads or the store opens. Until the start
 * command hands over its graceful stop (`onStopSignal`), a signal simply exits 0 with a log line:
 * nothing has been claimed yet.
 */
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGUSR2"] as const;

let stopper: ((signal: string) => void) | undefined;

/** Same layout as the text logger's lines (src/log.ts), for the moments before it exists. */
function earlyLogLine(level: "info" | "warn", message: string): void {
  const stream = level === "info" ? process.stdout : process.stderr;
  stream.write(`${new Date().toISOString()} ${level}: ${message}\n`);
}

/** Whoever read our output is gone (terminal closed, pm2 killed): EIO/EPIPE must not crash the shutdown. */
export function ignoreOutputErrors(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
}

function received(signal: string): void {
  if (signal === "SIGHUP") ignoreOutputErrors();
  if (stopper) return stopper(signal);
  earlyLogLine("info", `${signal} during start-up: exiting (nothing claimed yet)`);
  process.exit(0);
}

function installStopSignals(): void {
  for (const signal of STOP_SIGNALS) process.on(signal, () => received(signal));
}

/** From now on a stop signal runs `stop` (the daemon's graceful shutdown) instead of exiting. */
export function onStopSignal(stop: (signal: string) => void): void {
  stopper = stop;
}

if (process.argv[2] === "start") installStopSignals();
