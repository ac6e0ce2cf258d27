import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeJsonText, describeJsonError, readInputJson } from "../../src/intake/read-input.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "nc-read-input-"));
let n = 0;
/** Reads bytes as an inbox file long past its young window. */
async function read(bytes: Buffer | string): Promise<unknown> {
  const file = path.join(dir, `f${n++}.json`);
  writeFileSync(file, bytes);
  return readInputJson(file, { maxBytes: 1_000_000, youngMs: 0, nowMs: Date.now() + 60_000 });
}
const reason = async (bytes: Buffer | string) =>
  read(bytes).then(
    () => "read",
    (err: Error) => err.message,
  );

const ARTICLE = { title: "Netflix renews the drama", url: "https://variety.com/2025/tv/news/a/", content: "Netflix renewed it. ü 🎬" };
const TEXT = JSON.stringify(ARTICLE, null, 2);

describe("JSON input messages", () => {
  it("says a truncated file looks cut off, with the line and column where it ends", async () => {
    expect(await reason('{"title": "Netflix renews", "url": "https://variety.com/a')).toBe(
      "not valid JSON: the file looks cut off: it ends at line 1, column 57 before the JSON is complete (was it saved or copied only in part?)",
    );
    // The message of issue 25: a cut after a comma ("Expected double-quoted property name").
    const cut = `${TEXT.slice(0, TEXT.indexOf('"url"'))}`;
    expect(await reason(cut)).toMatch(/^not valid JSON: the file looks cut off: it ends at line 2, column 38 before the JSON is complete/);
    expect(await reason('{\n  "a": [1, 2\n')).toMatch(/cut off: it ends at line 2, column 12 /);
    expect(await reason('{"a":')).toMatch(/cut off: it ends at line 1, column 5 /);
    expect(await reason(cut)).not.toMatch(/position/);
  });

  it("names the line and column of any other mistake, not a character position", async () => {
    expect(await reason('{\n  "a": 1,\n  "b" 2\n}')).toBe("not valid JSON: Unexpected number at line 3, column 7");
    expect(await reason('{"a":1,}')).toBe("not valid JSON: Expected double-quoted property name at line 1, column 8");
    expect(await reason('{"a":1} x')).toBe("not valid JSON: Unexpected non-whitespace character after JSON at line 1, column 9");
    expect(await reason("this is not json")).toBe(`not valid JSON: Unexpected token 'h', "this is not json" is not valid JSON`);
    expect(describeJsonError("{}", new SyntaxError("odd"))).toBe("odd");
  });

  it("reads UTF-16 LE and BE, with a BOM or without one", async () => {
    const le = Buffer.from(TEXT, "utf16le");
    const be = Buffer.from(le).swap16();
    for (const [what, bytes] of [
      ["LE with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
      ["BE with BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
      ["LE without BOM", le],
      ["BE without BOM", be],
      ["UTF-8 with BOM", Buffer.from(`\ufeff${TEXT}`)],
    ] as const) {
      expect(await read(bytes), what).toEqual(ARTICLE);
    }
    expect(decodeJsonText(Buffer.from("[]", "utf16le"))).toBe("[]");
  });

  it("still calls real binary binary, and broken UTF-16 not UTF-16", async () => {
    expect(await reason(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff]))).toMatch(/NUL bytes: it is binary/);
    expect(await reason(TEXT.replace("renewed", "re\u0000newed"))).toMatch(/NUL bytes: it is binary/);
    expect(await reason(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":"\u0000"}', "utf16le")]))).toMatch(/NUL characters: it is binary/);
    // A lone high surrogate (0xD800) is not UTF-16 text.
    expect(await reason(Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x00, 0xd8, 0x7d, 0x00]))).toMatch(/looks like UTF-16LE text but is not valid UTF-16LE/);
    expect(await reason(Buffer.from(`{"title":"caf\xe9"}`, "latin1"))).toMatch(/not valid UTF-8/);
  });
});
