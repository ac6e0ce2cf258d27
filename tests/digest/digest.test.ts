import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, appendFileSync } from "node:fs";
import path from "node:path";
import cron from "node-cron";
import { afterEach, describe, expect, it } from "vitest";
import { resolvePaths } from "../../src/store/layout.js";
import type { Config } from "../../src/config/schema.js";
import { catchUpDigests, createDigestJob, scheduleDigests, writeDigest } from "../../src/digest/digest.js";
import { readDigestState } from "../../src/digest/state.js";
import { localDate, zonedParts } from "../../src/digest/time.js";
import type { Category } from "../../src/core/taxonomy.js";
import type { TraceLine } from "../../src/store/trace.js";
import { makeRecord, seedStore, tempConfig } from "../report/helpers.js";

const NY = "America/New_York";

function nyConfig(digest: Partial<Config["digest"]> = {}): Config {
  return tempConfig({ digest: { timezone: NY, ...digest } });
}

function trace(partial: Partial<TraceLine> & Pick<TraceLine, "time" | "file" | "outcome">): TraceLine {
  return { attempts: 1, duration_ms: 12, steps: [], ...partial };
}

function writeTraces(config: Config, lines: TraceLine[]): void {
  const dir = resolvePaths(config).traces;
  mkdirSync(dir, { recursive: true });
  for (const line of lines) appendFileSync(path.join(dir, `${line.time.slice(0, 10)}.jsonl`), `${JSON.stringify(line)}\n`);
}

const CATS: Category[] = [
  "Org -> Exec Changes",
  "Content, Deals & Distribution -> TV -> Greenlights",
  "Content, Deals & Distribution -> Film -> Development",
  "Strategy & Miscellaneous News -> Misc.",
  "Content, Deals & Distribution -> Deals",
];
const COMPANIES: Array<[string, string]> = [
  ["Sony", "Sony"],
  ["Netflix", "Netflix"],
  ["WBD", "Warner Bros Discovery"],
  ["Comcast/NBCU", "Comcast"],
  ["Disney", "Disney"],
];

/** 2025-11-05 in New York: 50 stored, 3 duplicates, 2 failed, 1 retried then stored. */
function busyDay(config: Config) {
  const records = Array.from({ length: 50 }, (_, i) => {
    const [name, display] = COMPANIES[Math.floor(i / 10)]!;
    // spread over the New York day, including hours that are already 11-06 in UTC
    const processed = new Date(Date.parse("2025-11-05T05:30:00Z") + i * 27 * 60_000).toISOString();
    return {
      display,
      record: makeRecord({
        url: `https://variety.com/2025/11/story-${i}/`,
        company: name,
        buyers: { strong: [name], weak: [] },
        published_at: `2025-11-0${1 + (i % 5)}`,
        processed_at: processed,
        title: `Story ${i}`,
        review: i % 10 === 0 ? [`low confidence 0.3${i % 10}`] : [],
        facts: [
          {
            category: CATS[i % CATS.length]!,
            line: i % CATS.length === 0 ? `Hiring: Person ${i}, EVP at ${display}` : `Line number ${i} about ${display}`,
            notes: i % CATS.length === 0 ? [`Person ${i} reports to the CEO`] : i % 7 === 0 ? [`Note for ${i}`] : [],
          },
        ],
      }),
    };
  });
  for (const { display, record } of records) seedStore(config, display, "2025 Q4", [record]);
  // records of other days must not show up
  seedStore(config, "Sony", "2025 Q4", [
    makeRecord({
      url: "https://variety.com/2025/11/yesterday/",
      processed_at: "2025-11-05T03:00:00Z",
      facts: [{ category: "Org -> Org", line: "Processed the day before" }],
    }),
    makeRecord({
      url: "https://variety.com/2025/11/tomorrow/",
      processed_at: "2025-11-06T05:30:00Z",
      facts: [{ category: "Org -> Org", line: "Processed the day after" }],
    }),
  ]);
  const traces: TraceLine[] = records.map(({ record }, i) =>
    trace({
      time: record.processed_at,
      file: `story-${i}.json`,
      outcome: "stored",
      record_id: record.id,
      company: record.company,
      provider: "offline",
      model: "offline-nb-1",
      attempts: i === 7 ? 2 : 1,
    }),
  );
  traces.push(trace({ time: "2025-11-05T08:00:00Z", file: "story-7.json", outcome: "retry", reason: "lock timeout on data/ingest/Sony/2025 Q4.jsonl" }));
  for (let d = 0; d < 3; d++) {
    traces.push(
      trace({
        time: `2025-11-05T1${d}:00:00Z`,
        file: `again-${d}.json`,
        outcome: "duplicate",
        title: `Story ${d}`,
        url: `https://variety.com/2025/11/story-${d}/`,
      }),
    );
  }
  traces.push(trace({ time: "2025-11-05T15:00:00Z", file: "broken.json", outcome: "failed", reason: "not valid JSON: Unexpected token } at position 12" }));
  traces.push(
    trace({
      time: "2025-11-06T02:00:00Z",
      file: "nourl.json",
      outcome: "failed",
      reason: 'url: must be an absolute http(s) URL, got "variety.com/x"',
      attempts: 1,
    }),
  );
  // other days' lines
  traces.push(trace({ time: "2025-11-05T03:00:00Z", file: "early.json", outcome: "failed", reason: "the day before in New York" }));
  traces.push(trace({ time: "2025-11-06T06:00:00Z", file: "late.json", outcome: "failed", reason: "the day after in New York" }));
  writeTraces(config, traces);
  return records.map((r) => r.record);
}

function section(md: string, heading: string): string {
  const start = md.indexOf(`\n## ${heading}`);
  if (start < 0) return "";
  const next = md.indexOf("\n## ", start + 1);
  return md.slice(start, next < 0 ? undefined : next);
}

describe("writeDigest", () => {
  it("shows a busy day's totals, lines by buyer and category, review items, failures and duplicates", async () => {
    const config = nyConfig();
    const records = busyDay(config);
    const now = Date.parse("2025-11-06T04:55:00Z"); // 23:55 in New York
    const file = await writeDigest({ config, date: "2025-11-05", now });
    expect(file).toBe(path.join(resolvePaths(config).digests, "2025-11-05.md"));
    const md = readFileSync(file, "utf8");

    expect(md).toMatch(/^# news-coverage digest: 2025-11-05\n/);
    expect(md).toContain("| Processed (stored) | 50 |");
    expect(md).toContain("| Duplicates | 3 |");
    expect(md).toContain("| Failed | 2 |");
    expect(md).toContain("| Retried | 1 |");
    expect(md).toContain("| Inputs handled | 55 |");

    // every stored line, with its linked date, under its buyer
    const coverage = section(md, "Coverage");
    for (const record of records) {
      const fact = record.facts[0]!;
      const date = `${Number(record.published_at.slice(5, 7))}/${Number(record.published_at.slice(8, 10))}`;
      expect(coverage).toContain(`- ${fact.line} ([${date}](${record.url}))`);
    }
    expect(coverage).toContain("([11/1](https://variety.com/2025/11/story-0/)) Person 0 reports to the CEO"); // exec note inline
    expect(coverage).toContain("  - Note for 14"); // other notes as sub-bullets
    expect(coverage).not.toContain("Processed the day before");
    expect(coverage).not.toContain("Processed the day after");
    const buyers = [...coverage.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    expect(buyers).toEqual(["Comcast", "Disney", "Netflix", "Sony", "Warner Bros Discovery"]); // config priority order
    const sony = coverage.slice(coverage.indexOf("### Sony"), coverage.indexOf("### Warner"));
    const cats = [...sony.matchAll(/^\*\*(.+)\*\*$/gm)].map((m) => m[1]);
    expect(cats).toEqual([
      "Org -> Exec Changes",
      "Content, Deals & Distribution -> Film -> Development",
      "Content, Deals & Distribution -> TV -> Greenlights",
      "Content, Deals & Distribution -> Deals",
      "Strategy & Miscellaneous News -> Misc.",
    ]); // taxonomy order

    const review = section(md, "Needs review (5)");
    expect(review.match(/^- /gm)).toHaveLength(5);
    expect(review).toContain("[Story 10](https://variety.com/2025/11/story-10/) (Netflix, 2025 Q4): low confidence 0.30");

    const failed = section(md, "Failed (2)");
    expect(failed).toContain("- `broken.json`: not valid JSON: Unexpected token } at position 12");
    expect(failed).toContain('- `nourl.json`: url: must be an absolute http(s) URL, got "variety.com/x"');
    expect(failed).not.toContain("early.json");
    expect(failed).not.toContain("late.json");

    expect(section(md, "Duplicates (3)").match(/^- /gm)).toHaveLength(3);
    expect(section(md, "Retried (1)")).toContain("- `story-7.json`: stored after 2 attempts");
    expect(md).not.toContain("## Tokens and cost"); // offline engine only
    expect(readdirSync(path.dirname(file))).toEqual(["2025-11-05.md"]); // no temp file left
  });

  it("adds tokens and cost when the OpenAI engine ran", async () => {
    const config = tempConfig();
    const a = makeRecord({ processed_at: "2025-11-05T10:00:00Z", provider: "openai", model: "gpt-4.1-mini" });
    const b = makeRecord({ processed_at: "2025-11-05T11:00:00Z", provider: "openai", model: "gpt-4.1-mini" });
    seedStore(config, "Sony", "2025 Q4", [a, b]);
    const usage = { input_tokens: 1200, cached_tokens: 1000, output_tokens: 150, cost_usd: 0.00123, calls: 2 };
    writeTraces(config, [
      trace({ time: a.processed_at, file: "a.json", outcome: "stored", record_id: a.id, provider: "openai", model: "gpt-4.1-mini", usage }),
      trace({ time: b.processed_at, file: "b.json", outcome: "stored", record_id: b.id, provider: "openai", model: "gpt-4.1-mini", usage }),
    ]);
    const md = readFileSync(await writeDigest({ config, date: "2025-11-05", now: Date.parse("2025-11-05T23:55:00Z") }), "utf8");
    expect(md).toContain("## Tokens and cost");
    expect(md).toContain("| gpt-4.1-mini | 4 | 2400 | 2000 | 300 | 0.0025 |");
    expect(md).toContain("| **total** | 4 | 2400 | 2000 | 300 | 0.0025 |");
  });

  it("writes an empty day, skips torn trace lines, and overwrites atomically", async () => {
    const config = tempConfig();
    const dir = resolvePaths(config).traces;
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, "2025-11-05.jsonl"),
      `${JSON.stringify(trace({ time: "2025-11-05T10:00:00Z", file: "x.json", outcome: "failed", reason: "bad" }))}\n{"time": "2025-11`,
    );
    const warnings: string[] = [];
    const file = await writeDigest({ config, date: "2025-11-05", now: Date.parse("2025-11-06T00:00:00Z"), logger: { warn: (m) => warnings.push(m) } });
    const md = readFileSync(file, "utf8");
    expect(md).toContain("| Processed (stored) | 0 |");
    expect(md).toContain("| Failed | 1 |");
    expect(md).toContain("Nothing was stored this day.");
    expect(warnings.some((w) => /2025-11-05\.jsonl:2: not valid JSON/.test(w))).toBe(true);
    await writeDigest({ config, date: "2025-11-05", now: Date.parse("2025-11-06T00:00:00Z") });
    expect(readdirSync(path.dirname(file))).toEqual(["2025-11-05.md"]);
  });

  it("rejects a bad date or time zone", async () => {
    await expect(writeDigest({ config: tempConfig(), date: "2025-02-30" })).rejects.toThrow(/date/);
    // Config validation refuses such a zone first (tests/config); writeDigest still checks on its own.
    const valid = tempConfig();
    const badZone = { ...valid, digest: { ...valid.digest, timezone: "Mars/Base" } };
    await expect(writeDigest({ config: badZone, date: "2025-02-01" })).rejects.toThrow(/time zone/);
  });

  it("remembers the last complete digest; an on-demand digest of today so far does not count", async () => {
    const config = nyConfig();
    const state = resolvePaths(config).state;
    await writeDigest({ config, date: "2025-11-05", now: Date.parse("2025-11-05T15:00:00Z") }); // 10:00 in New York
    expect(await readDigestState(state)).toBeNull();
    await writeDigest({ config, date: "2025-11-05", now: Date.parse("2025-11-06T04:56:00Z") }); // 23:56
    expect((await readDigestState(state))?.last_date).toBe("2025-11-05");
    await writeDigest({ config, date: "2025-11-01", now: Date.parse("2025-11-06T04:57:00Z") }); // an older day: never backwards
    expect((await readDigestState(state))?.last_date).toBe("2025-11-05");
  });
});

describe("catchUpDigests", () => {
  it("a daemon started after missing two nights writes both digests, once", async () => {
    const config = nyConfig();
    busyDay(config);
    const paths = resolvePaths(config);
    // last written: the night of 11-03; the daemon was down on the nights of 11-04 and 11-05
    await writeDigest({ config, date: "2025-11-03", now: Date.parse("2025-11-04T04:55:00Z") });
    const now = Date.parse("2025-11-06T14:00:00Z"); // 09:00 on 11-06 in New York: tonight's is not due yet
    const written = await catchUpDigests({ config, now });
    expect(written).toEqual([path.join(paths.digests, "2025-11-04.md"), path.join(paths.digests, "2025-11-05.md")]);
    expect(readFileSync(written[1]!, "utf8")).toContain("| Processed (stored) | 50 |");
    expect((await readDigestState(paths.state))?.last_date).toBe("2025-11-05");
    expect(await catchUpDigests({ config, now })).toEqual([]);
    // after 23:55 the same day, tonight's is due
    expect(await catchUpDigests({ config, now: Date.parse("2025-11-07T04:56:00Z") })).toEqual([path.join(paths.digests, "2025-11-06.md")]);
  });

  it("writes at most catchUpDays digests", async () => {
    const config = tempConfig({ digest: { catchUpDays: 7 } });
    const paths = resolvePaths(config);
    await writeDigest({ config, date: "2025-10-01", now: Date.parse("2025-10-01T23:56:00Z") });
    const written = await catchUpDigests({ config, now: Date.parse("2025-11-06T12:00:00Z") });
    expect(written.map((f) => path.basename(f))).toEqual([
      "2025-10-30.md",
      "2025-10-31.md",
      "2025-11-01.md",
      "2025-11-02.md",
      "2025-11-03.md",
      "2025-11-04.md",
      "2025-11-05.md",
    ]);
    expect((await readDigestState(paths.state))?.last_date).toBe("2025-11-05");
  });

  it("without any state or digest, writes nothing and starts from the newest due day", async () => {
    const config = tempConfig();
    const paths = resolvePaths(config);
    expect(await catchUpDigests({ config, now: Date.parse("2025-11-06T12:00:00Z") })).toEqual([]);
    expect((await readDigestState(paths.state))?.last_date).toBe("2025-11-05");
    expect(existsSync(paths.digests)).toBe(false);
  });

  it("with the state lost, the newest digest file on disk stands in for it", async () => {
    const config = tempConfig();
    const paths = resolvePaths(config);
    mkdirSync(paths.digests, { recursive: true });
    writeFileSync(path.join(paths.digests, "2025-11-03.md"), "old\n");
    const written = await catchUpDigests({ config, now: Date.parse("2025-11-06T12:00:00Z") });
    expect(written.map((f) => path.basename(f))).toEqual(["2025-11-04.md", "2025-11-05.md"]);
  });

  it("does nothing when the digest is disabled", async () => {
    const config = tempConfig({ digest: { enabled: false } });
    expect(await catchUpDigests({ config, now: Date.parse("2025-11-06T12:00:00Z") })).toEqual([]);
  });
});

describe("scheduled digest", () => {
  afterEach(async () => {
    for (const task of cron.getTasks().values()) await task.destroy();
  });

  it("a run writes the digest of the day it is about, never two at once", async () => {
    const config = nyConfig();
    busyDay(config);
    let clock = Date.parse("2025-11-06T04:55:00Z"); // 23:55 on 11-05 in New York
    const job = createDigestJob({ config, now: () => clock });
    const [first, second] = await Promise.all([job.run(), job.run()]);
    expect(first).toBe(path.join(resolvePaths(config).digests, "2025-11-05.md"));
    expect(second).toBeNull(); // overlapping run skipped
    expect(job.running).toBe(false);
    clock = Date.parse("2025-11-06T05:05:00Z"); // 00:05 on 11-06: a just-after-midnight schedule digests yesterday
    expect(await job.run()).toBe(first);
    expect((await readDigestState(resolvePaths(config).state))?.last_date).toBe("2025-11-05");
  });

  it("schedules one node-cron task at 23:55 in the configured zone, with no overlap, and stops it", async () => {
    const config = tempConfig({ digest: { timezone: "Asia/Tokyo" } });
    const stop = scheduleDigests({ config });
    const tasks = [...cron.getTasks().values()].filter((t) => t.name === "news-coverage-digest");
    expect(tasks).toHaveLength(1);
    const next = tasks[0]!.getNextRun()!;
    const local = zonedParts(next.getTime(), "Asia/Tokyo");
    expect([local.hour, local.minute]).toEqual([23, 55]);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(localDate(next.getTime(), "Asia/Tokyo") >= localDate(Date.now(), "Asia/Tokyo")).toBe(true);
    await stop();
    expect([...cron.getTasks().values()].filter((t) => t.name === "news-coverage-digest")).toHaveLength(0);
  });

  it("schedules nothing when disabled and refuses a bad cron expression", async () => {
    const stop = scheduleDigests({ config: tempConfig({ digest: { enabled: false } }) });
    expect([...cron.getTasks().values()].filter((t) => t.name === "news-coverage-digest")).toHaveLength(0);
    await stop();
    expect(() => scheduleDigests({ config: tempConfig({ digest: { cron: "61 25 * * *" } }) })).toThrow(/digest.cron/);
  });
});
