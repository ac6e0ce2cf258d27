import winston from "winston";
import { oneLine } from "./core/text.js";

export type Logger = winston.Logger;

const SECRET_PATTERN = /sk-[A-Za-z0-9_-]{10,}/g;

/**
 * Never let an API key reach a log line, whatever a library put into an error message; and one
 * message is one line without control characters, whatever a file name or article text held.
 */
const redact = winston.format((info) => {
  const key = process.env.OPENAI_API_KEY;
  const scrub = (text: string) => {
    let out = text.replace(SECRET_PATTERN, "sk-***");
    if (key && key.length >= 8) out = out.split(key).join("***");
    return out;
  };
  if (typeof info.message === "string") info.message = oneLine(scrub(info.message));
  if (typeof info.stack === "string") info.stack = scrub(info.stack);
  return info;
});

/** Console logger: info/debug on stdout, warn/error on stderr (so `pm2 logs --err` shows them). */
export function createLogger(options: { level?: string; format?: "text" | "json"; silent?: boolean } = {}): Logger {
  const format =
    options.format === "json"
      ? winston.format.combine(redact(), winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json())
      : winston.format.combine(
          redact(),
          winston.format.timestamp(),
          winston.format.errors({ stack: false }),
          winston.format.printf(({ timestamp, level, message }) => `${String(timestamp)} ${level}: ${String(message)}`),
        );
  return winston.createLogger({
    level: options.level ?? "info",
    format,
    silent: options.silent ?? false,
    transports: [new winston.transports.Console({ stderrLevels: ["error", "warn"] })],
  });
}

/** Waits until the console transport has written everything (before process exit). */
export async function flushLogger(logger: Logger): Promise<void> {
  await new Promise<void>((resolve) => {
    logger.on("finish", () => resolve());
    logger.end();
    setTimeout(resolve, 500).unref();
  });
}
