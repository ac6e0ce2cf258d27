/**
 * OpenAI engine benchmark against the fake Chat Completions server on 127.0.0.1 (no network, no
 * key): N articles through the real pipeline (processArticle) and the real engine factory
 * (createEngine with OPENAI_BASE_URL), every call answered after a fixed latency, a share of calls
 * answered 429 with retry-after-ms. Reports total time against the ideal
 * (calls x latency / concurrency cap) and exits non-zero when over the limit or any article fails.
 *
 *   npm run bench:openai -- [--articles 200] [--latency 200] [--rate-limited 0.1]
 *                           [--retry-after-ms 100] [--concurrency N] [--limit 1.2] [--json]
 *   npm run bench:openai -- --prompt-stats     token and cost estimate per article from the real prompts
 */
import { fork } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { validateConfig } from "../src/config/load.js";
import { createEngine } from "../src/engines/index.js";
import type { OpenAIEngine } from "../src/engines/openai/index.js";
import { zodResponseFormat } from "openai/helpers/zod";
import { findPrice } from "../src/engines/openai/cost.js";
import { classifyMessages, factsMessages } from "../src/engines/openai/prompts.js";
import { CategoryLabel, ClassificationAnswer, FactsAnswer } from "../src/engines/openai/schemas.js";
import { parseArticle } from "../src/pipeline/article.js";
import { createBuyerDirectory } from "../src/pipeline/buyer-directory.js";
import { createBuyerMatcher } from "../src/pipeline/buyers.js";
import { processArticle } from "../src/pipeline/process.js";
import { rateLimited, smartResponder, startFakeOpenAI } from "../tests/helpers/fake-openai-server.js";

const { values } = parseArgs({
  options: {
    articles: { type: "string", default: "200" },
    latency: { type: "string", default: "200" },
    "rate-limited": { type: "string", default: "0.1" },
    "retry-after-ms": { type: "string", default: "100" },
    concurrency: { type: "string" },
    limit: { type: "string", default: "1.2" },
    json: { type: "boolean", default: false },
    "prompt-stats": { type: "boolean", default: false },
    /** Internal: run only the fake server (the benchmark starts it in its own process). */
    serve: { type: "boolean", default: false },
  },
});

const ARTICLES = Number(values.articles);
const LATENCY_MS = Number(values.latency);
const RATE_LIMITED = Number(values["rate-limited"]);
const RETRY_AFTER_MS = Number(values["retry-after-ms"]);
const LIMIT = Number(values.limit);

const TEMPLATES = [
  {
    title: "Sony Pictures Television strikes overall deal with {name}",
    content:
      "Sony Pictures Television has signed a multi-year overall deal with {name}, the producer behind several long-running dramas. Under the pact, {name} will develop and produce scripted series for cable and streaming platforms. \u201CThis is a true homecoming,\u201D said Katherine Pope, President, Sony Pictures Television Studios.",
  },
  {
    title: "Netflix renews {name} for season 3",
    content:
      "Netflix has renewed the comedy {name} for a third season, the streamer said Tuesday. The series, which premiered in 2024, was among the most watched English-language titles on the service for four weeks. Production on the new season starts in the spring in Atlanta.",
  },
  {
    title: "Warner Bros. Discovery names {name} head of international streaming",
    content:
      "Warner Bros. Discovery has named {name} executive vice president and head of international streaming for HBO Max, according to an internal memo. {name} will report to JB Perrette, CEO and president of global streaming and games, and will oversee launches in 12 new markets next year.",
  },
  {
    title: "Disney+ sets premiere date for {name}",
    content:
      "Disney+ will premiere the limited series {name} on March 14, the streamer announced. The eight-episode drama from 20th Television stars an ensemble cast and is based on the bestselling novel. All episodes drop at once.",
  },
];
const NAMES = [
  "Ronald D. Moore",
  "Maril Davis",
  "Ben McGinnis",
  "Dara Resnik",
  "Soo Hugh",
  "Gina Girolamo",
  "Rayne Roberts",
  "Luke Peng",
  "Kim Godwin",
  "Liam Keelan",
];

function article(n: number): Record<string, unknown> {
  const template = TEMPLATES[n % TEMPLATES.length]!;
  const name = `${NAMES[n % NAMES.length]!.split(" ")[0]} ${String.fromCharCode(65 + (n % 26))}${n}`;
  return {
    title: template.title.replaceAll("{name}", name),
    content: template.content.replaceAll("{name}", name),
    url: `https://variety.com/2025/tv/news/bench-article-${n}-1236${String(n).padStart(6, "0")}/`,
    published_at: "2025-11-20",
  };
}

/**
 * Token and cost estimate per article from the real prompts: the corpus article of median length
 * (../shared/corpus/articles-train.jsonl when present, else a bench article), ~4 characters per
 * token (English prose and JSON with the o200k tokenizer; no tokenizer is installed here, so this
 * is an estimate, good to about +-15%). Prompt caching: OpenAI caches prefixes of 1,024 tokens and
 * more in 128-token steps; the static prefix is the system message plus the response schema.
 */
function promptStats(): void {
  const raw = JSON.parse(readFileSync(new URL("../config/default.json", import.meta.url), "utf8")) as Record<string, unknown>;
  const config = validateConfig({ ...raw, home: process.cwd(), engine: "openai" });
  const matcher = createBuyerMatcher(config.buyers);
  const corpus = new URL("../../shared/corpus/articles-train.jsonl", import.meta.url);
  let source = article(0);
  let origin = "bench article 0";
  if (existsSync(corpus)) {
    const rows = readFileSync(corpus, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; text: string });
    const sorted = [...rows].sort((a, b) => a.text.length - b.text.length);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const title = median.text.split(/(?<=[.!?])\s/)[0]!.slice(0, 120);
    source = { title, content: median.text, url: `https://deadline.com/2025/11/${median.id}/`, published_at: "2025-11-20" };
    origin = `corpus article ${median.id} (median length)`;
  }
  const parsed = parseArticle(source, createBuyerDirectory(config.buyers).resolveCompany);
  if (!parsed.ok) throw new Error("prompt-stats article is invalid");
  const a = parsed.article;
  const buyers = matcher.match({ title: a.title, content: a.content, url: a.url });
  const input = { article: a, buyers, company: buyers.primary, date: "2025-11-20" };
  const tok = (chars: number) => Math.ceil(chars / 4);
  const classifyFormat = zodResponseFormat(ClassificationAnswer, "classification", { schemaDefinitions: { category: CategoryLabel } });
  const factsFormat = zodResponseFormat(FactsAnswer, "facts");
  const classifyAnswer = JSON.stringify({
    category: "Content, Deals & Distribution -> Deals",
    confidence: 0.86,
    alternatives: [
      { category: "Org -> Exec Changes", confidence: 0.07 },
      { category: "Strategy & Miscellaneous News -> Strategy", confidence: 0.04 },
    ],
  });
  const factsAnswer = JSON.stringify({
    facts: [
      {
        category: "Content, Deals & Distribution -> Deals",
        line: "Ronald D. Moore: Tall Ship Productions, multi-year overall deal at Sony Pictures Television",
        notes: ["Moore left Sony in 2020 after a 10-year run"],
      },
    ],
  });
  const rows: Array<{ step: string; model: string; system: number; schema: number; user: number; output: number }> = [];
  for (const [step, model, messages, format, answer] of [
    ["classify", config.openai.fineTunedClassifier ?? config.openai.classifyModel, classifyMessages(input), classifyFormat, classifyAnswer],
    [
      "writeFacts",
      config.openai.factsModel,
      factsMessages(input, { category: "Content, Deals & Distribution -> Deals", confidence: 0.86, alternatives: [] }),
      factsFormat,
      factsAnswer,
    ],
  ] as const) {
    const system = String(messages[0]!.content).length;
    const user = String(messages[1]!.content).length;
    rows.push({ step, model, system: tok(system), schema: tok(JSON.stringify(format.json_schema).length), user: tok(user), output: tok(answer.length) + 5 });
  }
  console.log(`Prompt token estimate (${origin}, ${a.content.length} characters of text; ~4 characters a token)`);
  let cold = 0;
  let warm = 0;
  for (const r of rows) {
    const price = findPrice(config.openai.prices, r.model)!;
    const input = r.system + r.schema + r.user + 10;
    const prefix = r.system + r.schema;
    const cached = prefix >= 1024 ? Math.floor(prefix / 128) * 128 : 0;
    const c = (input * price.input + r.output * price.output) / 1e6;
    const w = ((input - cached) * price.input + cached * price.cachedInput + r.output * price.output) / 1e6;
    cold += c;
    warm += w;
    console.log(
      `  ${r.step.padEnd(10)} ${r.model}: system ${r.system} + schema ${r.schema} + article message ${r.user} = ~${input} input tokens (${cached} cacheable), ~${r.output} output; $${c.toFixed(5)} cold, $${w.toFixed(5)} with the prefix cached`,
    );
  }
  console.log(
    `  per article: $${cold.toFixed(5)} cold, $${warm.toFixed(5)} warm; per 1,000 articles: $${(cold * 1000).toFixed(2)} cold, $${(warm * 1000).toFixed(2)} warm`,
  );
  console.log("  with both steps on another model of openai.prices (same token counts):");
  for (const [model, price] of Object.entries(config.openai.prices)) {
    let c = 0;
    let w = 0;
    for (const r of rows) {
      const input = r.system + r.schema + r.user + 10;
      const prefix = r.system + r.schema;
      const cached = prefix >= 1024 ? Math.floor(prefix / 128) * 128 : 0;
      c += (input * price.input + r.output * price.output) / 1e6;
      w += ((input - cached) * price.input + cached * price.cachedInput + r.output * price.output) / 1e6;
    }
    console.log(`    ${model.padEnd(14)} $${c.toFixed(5)} cold, $${w.toFixed(5)} warm per article; $${(w * 1000).toFixed(2)} per 1,000 warm`);
  }
}

interface ServerStats {
  requests: number;
  maxConcurrent: number;
  rateLimited: number;
}

/** Child process: the fake server alone, so its work does not share the engine's event loop. */
async function serve(): Promise<void> {
  const server = await startFakeOpenAI();
  const smart = smartResponder({ latencyMs: LATENCY_MS, simulateCache: true });
  const every = RATE_LIMITED > 0 ? Math.round(1 / RATE_LIMITED) : 0;
  let rateLimitedCount = 0;
  server.setDefault((request) => {
    // Every k-th request (k = 1 / share) is answered 429 at once with a retry-after-ms hint.
    if (every > 0 && request.index % every === every - 1) {
      rateLimitedCount++;
      return rateLimited({ retryAfterMs: RETRY_AFTER_MS });
    }
    return smart(request);
  });
  process.send!({ baseURL: server.baseURL });
  process.on("message", (message) => {
    if (message === "stats") {
      const stats: ServerStats = { requests: server.count, maxConcurrent: server.maxConcurrent, rateLimited: rateLimitedCount };
      process.send!({ stats });
    } else if (message === "close") {
      void server.close().then(() => process.exit(0));
    }
  });
}

async function startServerProcess() {
  const child = fork(
    fileURLToPath(import.meta.url),
    ["--serve", "--latency", String(LATENCY_MS), "--rate-limited", String(RATE_LIMITED), "--retry-after-ms", String(RETRY_AFTER_MS)],
    { stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const next = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (key in message) {
          child.off("message", onMessage);
          resolve(message[key] as T);
        }
      };
      child.on("message", onMessage);
      child.once("exit", (code) => reject(new Error(`fake server exited with ${code}`)));
    });
  const baseURL = await next<string>("baseURL");
  return {
    baseURL,
    async stats(): Promise<ServerStats> {
      const pending = next<ServerStats>("stats");
      child.send("stats");
      return pending;
    },
    async close(): Promise<void> {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send("close");
      await exited;
    },
  };
}

async function main(): Promise<void> {
  if (values["prompt-stats"]) return promptStats();
  if (values.serve) return serve();
  const server = await startServerProcess();

  const raw = JSON.parse(readFileSync(new URL("../config/default.json", import.meta.url), "utf8")) as Record<string, unknown>;
  const config = validateConfig({ ...raw, home: process.cwd(), engine: "openai" });
  if (values.concurrency) config.openai.concurrency = Number(values.concurrency);
  const engine = (await createEngine(config, { OPENAI_API_KEY: "sk-bench-not-a-real-key", OPENAI_BASE_URL: server.baseURL })) as OpenAIEngine;
  const matcher = createBuyerMatcher(config.buyers);

  const articles = Array.from({ length: ARTICLES }, (_, n) => {
    const parsed = parseArticle(article(n), createBuyerDirectory(config.buyers).resolveCompany);
    if (!parsed.ok) throw new Error(`bench article ${n} is invalid: ${JSON.stringify(parsed.errors)}`);
    return parsed.article;
  });

  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const results = await Promise.allSettled(
    articles.map((a, n) =>
      processArticle(a, engine, {
        matcher,
        confidenceFloor: config.review.confidenceFloor,
        arrivalMs: Date.now(),
        processedAt: new Date().toISOString(),
        inputFile: `bench-${n}.json`,
      }),
    ),
  );
  const totalMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  await engine.close();
  const served = await server.stats();
  await server.close();

  const records = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failures = results.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error)?.message ?? r.reason)] : []));
  const calls = engine.stats.completions;
  const cap = config.openai.concurrency;
  const idealMs = (calls * LATENCY_MS) / cap;
  const ratio = totalMs / idealMs;
  const sum = (key: "input_tokens" | "cached_tokens" | "output_tokens" | "cost_usd") => records.reduce((acc, r) => acc + (r.usage?.[key] ?? 0), 0);
  const summary = {
    articles: ARTICLES,
    concurrency: cap,
    latency_ms: LATENCY_MS,
    requests: served.requests,
    rate_limited_429: served.rateLimited,
    completions: calls,
    calls_per_article: calls / ARTICLES,
    retries: engine.stats.retries,
    max_concurrent_requests: served.maxConcurrent,
    failures: failures.length,
    engine_process_cpu_ms_per_request: 0,
    total_ms: Math.round(totalMs),
    ideal_ms: Math.round(idealMs),
    ratio: Math.round(ratio * 1000) / 1000,
    limit: LIMIT,
    load_average: loadavg().map((l) => Math.round(l * 10) / 10),
    simulated_tokens: { input: sum("input_tokens"), cached: sum("cached_tokens"), output: sum("output_tokens") },
    simulated_cost_usd: Math.round(sum("cost_usd") * 1e6) / 1e6,
  };
  summary.engine_process_cpu_ms_per_request = Math.round(((cpu.user + cpu.system) / 1000 / served.requests) * 100) / 100;
  const ok = failures.length === 0 && ratio <= LIMIT && served.maxConcurrent <= cap;

  if (values.json) {
    console.log(JSON.stringify({ ...summary, ok, first_failures: failures.slice(0, 3) }, null, 2));
  } else {
    console.log(
      `OpenAI engine benchmark (fake server on 127.0.0.1, ${LATENCY_MS} ms per call; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")})`,
    );
    console.log(`  articles            ${ARTICLES}`);
    console.log(`  concurrency cap     ${cap}  (max open requests seen by the server: ${served.maxConcurrent})`);
    console.log(
      `  requests            ${served.requests}  (${served.rateLimited} answered 429 with retry-after-ms ${RETRY_AFTER_MS}, ${engine.stats.retries} retries)`,
    );
    console.log(`  completions         ${calls}  (${summary.calls_per_article} per article)`);
    console.log(`  failures            ${failures.length}${failures.length ? `: ${failures.slice(0, 3).join(" | ")}` : ""}`);
    console.log(`  total               ${summary.total_ms} ms  (pipeline + engine CPU ${summary.engine_process_cpu_ms_per_request} ms per request)`);
    console.log(`  ideal               ${summary.ideal_ms} ms  (calls x latency / cap)`);
    console.log(`  ratio               ${summary.ratio.toFixed(3)}x  (limit ${LIMIT}x)`);
    console.log(
      `  tokens (simulated)  input ${summary.simulated_tokens.input}, cached ${summary.simulated_tokens.cached}, output ${summary.simulated_tokens.output}; cost $${summary.simulated_cost_usd.toFixed(4)} at ${config.openai.classifyModel} prices`,
    );
    console.log(ok ? "  result              PASS" : "  result              FAIL");
  }
  process.exitCode = ok ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
