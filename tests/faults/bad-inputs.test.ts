import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dropAtomic, listFiles, makeArticle, makeHome, startDaemon, stopDaemon, storedRecords, waitFor, type RunningDaemon } from "../helpers/daemon.js";
import { reportRow, sleep } from "../helpers/faults.js";

const running: RunningDaemon[] = [];
afterEach(async () => {
  for (const d of running.splice(0)) {
    if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill("SIGKILL");
    await d.exited;
  }
});

type Expect = { to: "failed"; reason: RegExp } | { to: "done" } | { to: "ignored" };
interface Nasty {
  name: string;
  /** Content, or a function that creates the entry itself (symlink, FIFO, directory). */
  content: string | Buffer | ((file: string, outside: string) => Promise<void>);
  expect: Expect;
}

const good = (i: number, extra: Record<string, unknown> = {}) => JSON.stringify(makeArticle(i, extra));
const failed = (reason: RegExp): Expect => ({ to: "failed", reason });
const DONE: Expect = { to: "done" };

function nestedObject(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

const LONG_OK = `${"long-name-".repeat(24)}.json`; // 245 bytes: fits with the claim prefix and in done/

const CORPUS: Nasty[] = [
  { name: "not-json.json", content: "this is not json", expect: failed(/not valid JSON/) },
  {
    name: "truncated.json",
    content: '{"title": "Netflix renews", "url": "https://variety.com/a',
    expect: failed(/not valid JSON: the file looks cut off: it ends at line 1, column 57/),
  },
  { name: "empty.json", content: "", expect: failed(/empty/) },
  { name: "whitespace.json", content: "  \n\t \r\n", expect: failed(/only whitespace/) },
  { name: "binary.json", content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff]), expect: failed(/NUL bytes/) },
  { name: "latin1.json", content: Buffer.from(`{"title":"caf\xe9","url":"https://variety.com/x","content":"x"}`, "latin1"), expect: failed(/not valid UTF-8/) },
  { name: "utf16.json", content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good(40), "utf16le")]), expect: DONE },
  { name: "nul-bytes.json", content: good(41).replace("renewed", "re\u0000newed"), expect: failed(/NUL bytes/) },
  {
    name: "array-one-bad.json",
    content: JSON.stringify([makeArticle(3), { ...makeArticle(4), url: "variety.com/x" }]),
    expect: failed(/1 of 2 articles invalid: \[1\]\.url: must be an absolute http\(s\) URL/),
  },
  { name: "empty-array.json", content: "[]", expect: failed(/empty array/) },
  { name: "array-100k.json", content: JSON.stringify(Array.from({ length: 100_000 }, () => 1)), expect: failed(/100000 articles; at most 1000/) },
  { name: "missing-url.json", content: JSON.stringify({ title: "t", content: "c" }), expect: failed(/url: is required/) },
  { name: "relative-url.json", content: good(5, { url: "variety.com/x" }), expect: failed(/url: must be an absolute http\(s\) URL, got "variety\.com\/x"/) },
  { name: "javascript-url.json", content: good(6, { url: "javascript:alert(1)" }), expect: failed(/url: must be an absolute http\(s\) URL/) },
  { name: "missing-title.json", content: JSON.stringify({ url: "https://variety.com/t", content: "c" }), expect: failed(/title: is required/) },
  { name: "content-number.json", content: good(7, { content: 42 }), expect: failed(/content: must be a string, got 42/) },
  { name: "bad-date.json", content: good(8, { published_at: "yesterday" }), expect: failed(/published_at: must be YYYY-MM-DD/) },
  { name: "impossible-date.json", content: good(9, { published_at: "2025-02-30" }), expect: failed(/published_at: must be YYYY-MM-DD/) },
  { name: "bad-quarter.json", content: good(10, { quarter: "2025 Q5" }), expect: failed(/quarter: must look like "2025 Q4"/) },
  { name: "bad-category.json", content: good(11, { category: "Gossip" }), expect: failed(/category: must be a category path/) },
  { name: "company-escape.json", content: good(12, { company: "../../etc" }), expect: failed(/company: must be one of the configured buyers/) },
  { name: "number.json", content: "42", expect: failed(/must be a JSON object .* got number/) },
  { name: "string.json", content: '"hello"', expect: failed(/must be a JSON object .* got string/) },
  { name: "null.json", content: "null", expect: failed(/must be a JSON object .* got null/) },
  { name: "deep-array.json", content: `${"[".repeat(100_000)}${"]".repeat(100_000)}`, expect: failed(/must be a JSON object .* got an array/) },
  { name: "deep-object.json", content: nestedObject(100_000), expect: failed(/title: is required/) },
  {
    name: "huge-20mb.json",
    content: `{"title":"t","url":"https://variety.com/a","content":"${"x".repeat(20 * 1024 * 1024)}"}`,
    expect: failed(/over the 5000000-byte limit/),
  },
  {
    name: "link-outside.json",
    content: async (file, outside) => fs.symlink(outside, file),
    expect: failed(/symbolic link/),
  },
  { name: "dangling-link.json", content: async (file) => fs.symlink("/nonexistent/nowhere.json", file), expect: failed(/symbolic link/) },
  {
    name: "dir.json",
    content: async (file) => {
      // Built beside the inbox and renamed in whole: the daemon may claim it the moment it appears.
      const staging = `${path.dirname(path.dirname(file))}/.staging-dir.json`;
      await fs.mkdir(staging);
      await fs.writeFile(path.join(staging, "inner.json"), good(13));
      await fs.rename(staging, file);
    },
    expect: failed(/not a regular file/),
  },
  { name: "fifo.json", content: async (file) => void execFileSync("mkfifo", [file]), expect: failed(/not a regular file/) },
  // Valid articles in awkward clothes: processed, not failed.
  { name: "bom.json", content: `\ufeff${good(20)}`, expect: DONE },
  { name: "crlf.json", content: JSON.stringify(makeArticle(21), null, 2).replace(/\n/g, "\r\n"), expect: DONE },
  { name: "bom-crlf.json", content: `\ufeff${JSON.stringify(makeArticle(22), null, 2).replace(/\n/g, "\r\n")}\r\n`, expect: DONE },
  { name: `we"ird 'name' ünïcødé 🎬 (1).json`, content: good(23), expect: DONE },
  { name: "proto.json", content: `{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},${good(24).slice(1)}`, expect: DONE },
  { name: "deep-extra.json", content: `${good(25).slice(0, -1)},"meta":${nestedObject(50_000)}}`, expect: DONE },
  { name: "lone-surrogate.json", content: good(26, { title: "Netflix renews \\ud800 drama" }).replace("\\\\ud800", "\\ud800"), expect: DONE },
  { name: LONG_OK, content: good(27), expect: DONE },
  // Not candidates: left alone in the inbox.
  { name: ".hidden.json", content: good(30), expect: { to: "ignored" } },
  { name: "draft.json.tmp", content: good(31), expect: { to: "ignored" } },
  { name: "draft.json.part", content: good(32), expect: { to: "ignored" } },
  { name: "~$office.json", content: good(33), expect: { to: "ignored" } },
  { name: "Page.html.crdownload", content: "<html>", expect: { to: "ignored" } },
  // Files it will not take: failed/ with the supported formats (issue 9, item 9), never left silently.
  { name: "notes.txt", content: "not an article", expect: failed(/no link found/) },
  { name: "report.docx", content: "PK\u0003\u0004", expect: failed(/\.docx files are not taken: the inbox takes \.json/) },
  { name: "README", content: "notes", expect: failed(/without an extension is not taken: the inbox takes \.json/) },
];

// Issue 9: control characters and ANSI escapes in every field and in file names, lone surrogates,
// credentials, huge and script URLs, prototype keys, deep nesting. Each ends once in done/ or
// failed/, and every output stays well-formed (checked after the run).
const SECRET = "s3cr3t-pw-9";
const FORGED_URL = 'https://variety.com/a/\n\nMatched buyers: ["Disney"]\n\nTitle: FORGED\n\nURL: https://evil.example/';
const ANSI = "\u001b[31m\u001b[2J\u001b]0;pwned\u0007";
const deepArray = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const withField = (i: number, key: string, json: string) => `${good(i).slice(0, -1)},${JSON.stringify(key)}:${json}}`;
const URL_CONTROL = /url: must not contain spaces, line breaks or control characters/;

const CONTROL_CORPUS: Nasty[] = [
  { name: "title-forged-block.json", content: good(60, { title: "Netflix renews\n\nURL: https://evil.example/\n\nMatched buyers: ['X']" }), expect: DONE },
  { name: "title-ansi.json", content: good(61, { title: `${ANSI}Netflix renews the drama\u001b[0m` }), expect: DONE },
  { name: "title-only-controls.json", content: good(62, { title: `${ANSI}\u0000\u0007\r\n` }), expect: failed(/title: has no text left after clean-up/) },
  { name: "title-bidi.json", content: good(63, { title: "Netflix renews \u202eamard\u202c drama" }), expect: DONE },
  {
    name: "content-controls.json",
    content: good(64, { content: `Netflix renewed the drama.\r\n${ANSI}\u0000 The show\u0085returns\u2028in May.\u001b[0m` }),
    expect: DONE,
  },
  { name: "content-lone-surrogate.json", content: good(65).replace("renewed", "re\\udc00newed"), expect: DONE },
  { name: "source-controls.json", content: good(66, { source: `Vari${ANSI}ety\r\nTitle: FORGED` }), expect: DONE },
  { name: "source-only-controls.json", content: good(67, { source: "\u001b[0m\u0007" }).replace('"\\u001b', '"\\ud800\\u001b'), expect: DONE },
  { name: "url-forged-block.json", content: good(68, { url: FORGED_URL }), expect: failed(URL_CONTROL) },
  { name: "url-cr.json", content: good(69, { url: "https://variety.com/a/\rb" }), expect: failed(URL_CONTROL) },
  { name: "url-esc.json", content: good(70, { url: "https://variety.com/\u001b[31ma/" }), expect: failed(URL_CONTROL) },
  { name: "url-nul.json", content: good(71, { url: "https://variety.com/a\u0000b/" }), expect: failed(URL_CONTROL) },
  {
    name: "url-lone-surrogate.json",
    content: good(72, { url: "https://variety.com/a-SURROGATE/" }).replace("SURROGATE", "\\ud800"),
    expect: failed(URL_CONTROL),
  },
  { name: "url-credentials.json", content: good(73, { url: `https://editor:${SECRET}@variety.com/2025/tv/news/cred-${process.pid}/` }), expect: DONE },
  {
    name: "url-100kb.json",
    content: good(74, { url: `https://variety.com/${"a".repeat(100 * 1024)}` }),
    expect: failed(/url: is \d+ characters long, over the 4096-character limit/),
  },
  { name: "url-javascript-newline.json", content: good(75, { url: "javascript:alert(1)//\nhttps://variety.com/x" }), expect: failed(/url: must/) },
  { name: "published-at-ansi.json", content: good(76, { published_at: "2025-11-03\u001b[0m" }), expect: failed(/published_at: must be YYYY-MM-DD/) },
  { name: "category-ansi.json", content: good(77, { category: "Org\u001b[0m -> Exec Changes" }), expect: failed(/category: must be a category path/) },
  { name: "company-ansi.json", content: good(78, { company: "Sony\u001b[31m\n" }), expect: failed(/company: must be one of the configured buyers/) },
  { name: "quarter-bel.json", content: good(79, { quarter: "2025 Q4\u0007" }), expect: failed(/quarter: must look like/) },
  { name: "extra-controls.json", content: good(80, { [`\u001b[31mkey\n`]: `${ANSI}\r\nURL: x`, note: "\u0000" }), expect: DONE },
  { name: "date-alias-ansi.json", content: good(81, { published_at: undefined, date: `2025-11-03${ANSI}` }), expect: DONE },
  { name: "proto-only.json", content: `{"__proto__":${good(82)}}`, expect: failed(/title: is required/) },
  {
    name: "constructor-keys.json",
    content: withField(83, "constructor", '{"prototype":{"polluted":1}}').replace(/}$/, ',"toString":1,"hasOwnProperty":"x","valueOf":[]}'),
    expect: DONE,
  },
  { name: "proto-in-extra.json", content: withField(84, "meta", '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'), expect: DONE },
  { name: "deep-title.json", content: withField(85, "title", deepArray(100_000)), expect: failed(/title: must be a string, got a value nested too deeply/) },
  {
    name: "deep-url.json",
    content: withField(86, "url", nestedObject(100_000)),
    expect: failed(/url: must be an absolute http\(s\) URL, got a value nested too deeply/),
  },
  // File names: a newline, ESC and ANSI, CR, a tab, a leading dash, a backslash, NEL.
  { name: "new\nline\n\nURL: forged.json", content: good(87), expect: DONE },
  { name: "esc\u001b[31mred\u001b[0m.json", content: good(88), expect: DONE },
  { name: "cr\rname.json", content: good(89), expect: DONE },
  { name: "tab\tname.json", content: good(90), expect: DONE },
  { name: "-leading-dash.json", content: good(91), expect: DONE },
  { name: "--help.json", content: good(92), expect: DONE },
  { name: "back\\slash\\..\\x.json", content: good(93), expect: DONE },
  { name: "nel\u0085name.json", content: good(94), expect: DONE },
  { name: "bad\nname\u001b[2J.json", content: JSON.stringify({ title: "no url", content: "c" }), expect: failed(/url: is required/) },
];

const ALL: Nasty[] = [...CORPUS, ...CONTROL_CORPUS];

/** Entries of done/<day>/ and failed/<day>/ (a directory input stays one entry; error reports and temp files excluded). */
async function finishedEntries(inbox: string): Promise<{ done: string[]; failed: string[] }> {
  const level2 = async (root: string) => {
    const out: string[] = [];
    for (const day of await fs.readdir(root).catch(() => [] as string[])) {
      for (const name of await fs.readdir(path.join(root, day)).catch(() => [] as string[]))
        if (!name.endsWith(".error.json") && !name.startsWith(".")) out.push(name);
    }
    return out;
  };
  return { done: await level2(path.join(inbox, "done")), failed: await level2(path.join(inbox, "failed")) };
}

const CONTROL_CHAR =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BLOCK_LINE =
  /^(Matched buyers: \[.*\]|Title: .+|Category: .+|Content:|- .+| {2}- .+|Date: \(.+\)|Company: .+|Review: .+|Story: joins [0-9a-f]{64}( \(.+\))?|URL: https?:\/\/\S+|)$/;
const LOG_LINE = /^\d{4}-\d{2}-\d{2}T\S+ (info|warn|error): /;

/**
 * Whatever the inputs held: final_output.md is whole blocks (one per record, every line of the
 * expected kinds, no control character), traces and store lines parse, no log line was forged or
 * holds an escape, and the credential in a URL reached no output.
 */
async function malformedOutputs(home: string, records: number, logs: string): Promise<string[]> {
  const problems: string[] = [];
  const finalOutput = await fs.readFile(path.join(home, "data", "final_output.md"), "utf8");
  const blocks = finalOutput.split(/\n\n(?=Matched buyers: )/);
  if (blocks.length !== records) problems.push(`${blocks.length} final_output blocks for ${records} records`);
  if ((finalOutput.match(/^URL: /gm) ?? []).length !== records) problems.push("URL: lines do not match the records");
  if ((finalOutput.match(/^Title: /gm) ?? []).length !== records) problems.push("Title: lines do not match the records");
  const odd = finalOutput
    .slice(0, -1)
    .split("\n")
    .filter((line) => !BLOCK_LINE.test(line) || CONTROL_CHAR.test(line));
  if (odd.length) problems.push(`final_output lines out of shape: ${JSON.stringify(odd.slice(0, 3))}`);
  for (const file of await listFiles(path.join(home, "data"))) {
    const text = await fs.readFile(path.join(home, "data", file), "utf8").catch(() => "");
    if (text.includes(SECRET)) problems.push(`the URL's password reached data/${file}`);
    if (!file.endsWith(".jsonl")) continue;
    for (const line of text.split("\n").filter(Boolean)) {
      const value = JSON.parse(line) as Record<string, unknown>;
      for (const key of ["file", "title", "reason", "url", "source", "markdown"]) {
        if (typeof value[key] === "string" && CONTROL_CHAR.test(value[key].replace(/\n/g, ""))) problems.push(`${file}: ${key} holds a control character`);
      }
    }
  }
  const logLines = logs.split("\n").filter((line) => line !== "");
  const forged = logLines.filter((line) => !LOG_LINE.test(line) || CONTROL_CHAR.test(line));
  if (forged.length) problems.push(`log lines out of shape: ${JSON.stringify(forged.slice(0, 3))}`);
  if (logs.includes(SECRET)) problems.push("the URL's password reached a log line");
  return problems;
}

describe("bad-input corpus", () => {
  it(`each of ${ALL.length} nasty files ends where the spec says, with a clear reason; the daemon never stops`, async () => {
    const { parent, home } = await makeHome();
    const inbox = path.join(home, "inbox");
    const outside = path.join(parent, "outside.json");
    await fs.writeFile(outside, good(99));
    const daemon = await startDaemon(home);
    running.push(daemon);
    for (const n of ALL) {
      const file = path.join(inbox, n.name);
      if (typeof n.content === "function") await n.content(file, outside);
      else if (n.name.startsWith(".") || n.name.endsWith(".tmp") || n.name.endsWith(".part")) await fs.writeFile(file, n.content);
      else await dropAtomic(inbox, n.name, n.content);
    }
    // The daemon is still taking work after all of that.
    await dropAtomic(inbox, "good-after.json", good(50));
    const expected = ALL.filter((n) => n.expect.to !== "ignored").length + 1;
    let finished = { done: [] as string[], failed: [] as string[] };
    try {
      await waitFor(
        async () => {
          finished = await finishedEntries(inbox);
          return finished.done.length + finished.failed.length >= expected;
        },
        "every nasty file to finish",
        60_000,
      );
    } catch {
      // Report what ended where below.
    }
    await sleep(300);
    const failedFiles = await listFiles(path.join(inbox, "failed"));
    const problems: string[] = [];
    const rows: string[] = [];
    for (const n of ALL) {
      const inDone = finished.done.filter((f) => f === n.name).length;
      const inFailed = finished.failed.filter((f) => f === n.name).length;
      const stillInInbox = await fs.lstat(path.join(inbox, n.name)).then(
        () => true,
        () => false,
      );
      let got = inDone ? "done" : inFailed ? "failed" : stillInInbox ? "ignored" : "missing";
      if (inDone + inFailed > 1) got = "twice";
      let reason = "";
      if (got === "failed") {
        const report = failedFiles.find((f) => path.basename(f) === `${n.name}.error.json`);
        if (!report) problems.push(`${n.name}: no .error.json`);
        else reason = (JSON.parse(await fs.readFile(path.join(inbox, "failed", report), "utf8")) as { reason: string }).reason;
      }
      rows.push(`${JSON.stringify(n.name).slice(0, 40)} -> ${got}${reason ? `: ${reason.slice(0, 100)}` : ""}`);
      if (got !== n.expect.to) problems.push(`${n.name.slice(0, 60)}: expected ${n.expect.to}, got ${got}${reason ? ` (${reason})` : ""}`);
      else if (n.expect.to === "failed" && !n.expect.reason.test(reason))
        problems.push(`${n.name}: reason ${JSON.stringify(reason)} does not match ${n.expect.reason}`);
    }
    if (!finished.done.includes("good-after.json")) problems.push("good-after.json was not processed");
    if (daemon.child.exitCode !== null) problems.push(`the daemon exited (${daemon.child.exitCode})`);
    // Nothing escaped: the symlink's target is untouched, nothing written beside the home.
    expect(JSON.parse(await fs.readFile(outside, "utf8"))).toMatchObject({ title: expect.any(String) });
    expect((await fs.readdir(parent)).sort()).toEqual(["home", "outside.json"]);
    const records = await storedRecords(home);
    const doneNames = ALL.filter((n) => n.expect.to === "done").length;
    // The array file's valid element is stored too.
    if (records.length !== doneNames + 2) problems.push(`${records.length} records, expected ${doneNames + 2}`);
    await stopDaemon(daemon);
    problems.push(...(await malformedOutputs(home, records.length, daemon.output() + daemon.stderr())));
    console.log(rows.join("\n"));
    reportRow({
      fault: `bad-input corpus (${ALL.length} nasty files + one good file after them)`,
      runs: 1,
      inputs: ALL.length + 1,
      lost: ALL.filter((n) => n.expect.to !== "ignored").length + 1 - (finished.done.length + finished.failed.length),
      duplicated: 0,
      outcome: problems.length === 0 ? "pass: every file where the spec says, with its reason; daemon kept running" : `FAIL: ${problems.join("; ")}`,
    });
    expect(problems).toEqual([]);
  });
});
