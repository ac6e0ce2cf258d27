import OpenAI from "openai";

interface ClientSettings {
  apiKey: string;
  /** Only when given; otherwise the SDK reads OPENAI_BASE_URL itself (and defaults to api.openai.com). */
  baseURL?: string;
  /** Upper bound the SDK applies to reaching the response headers; our own deadline covers the body too. */
  timeoutMs: number;
}

/**
 * The SDK client, with its own retries off (`maxRetries: 0`): the engine retries itself so the
 * per-call deadline, backoff, retry-after and quota handling are in one place and testable.
 * Creating a client makes no request.
 */
export function createOpenAIClient(settings: ClientSettings): OpenAI {
  return new OpenAI({
    apiKey: settings.apiKey,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    maxRetries: 0,
    timeout: settings.timeoutMs,
  });
}

const KEY_PATTERN = /\bsk-[A-Za-z0-9_*-]{6,}/g;

/** Removes the API key (and anything that looks like one, e.g. OpenAI's "Incorrect API key provided: sk-pr***") from a message. */
export function redactKey(text: string, apiKey: string | undefined): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join("***");
  return out.replace(KEY_PATTERN, "sk-***");
}
