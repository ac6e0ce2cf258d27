import { describe, expect, it } from "vitest";
import { binaryPlistUrl, parseLinkFile } from "../../src/intake/link-file.js";

/** A minimal binary plist: { URL: <url> } (what macOS writes for a dragged link). */
function bplist(url: string): Buffer {
  const ascii = (s: string) => {
    const len = Buffer.byteLength(s, "latin1");
    const head = len < 15 ? Buffer.from([0x50 | len]) : Buffer.from([0x5f, 0x11, len >> 8, len & 0xff]);
    return Buffer.concat([head, Buffer.from(s, "latin1")]);
  };
  const objects = [Buffer.from([0xd1, 0x01, 0x02]), ascii("URL"), ascii(url)];
  const header = Buffer.from("bplist00", "latin1");
  const offsets: number[] = [];
  let at = header.length;
  for (const o of objects) {
    offsets.push(at);
    at += o.length;
  }
  const table = Buffer.alloc(offsets.length * 2);
  offsets.forEach((o, i) => table.writeUInt16BE(o, i * 2));
  const trailer = Buffer.alloc(32);
  trailer[6] = 2;
  trailer[7] = 1;
  trailer.writeBigUInt64BE(BigInt(objects.length), 8);
  trailer.writeBigUInt64BE(0n, 16);
  trailer.writeBigUInt64BE(BigInt(at), 24);
  return Buffer.concat([header, ...objects, table, trailer]);
}

const parse = (name: string, text: string | Buffer, max = 20) => parseLinkFile(name, Buffer.isBuffer(text) ? text : Buffer.from(text), max);

describe("parseLinkFile", () => {
  it("reads every http(s) link of a .txt, in order, without repeats or trailing punctuation", () => {
    const text = "https://variety.com/a/\r\n# a note\nSee (https://deadline.com/b/?x=1&y=2).\nhttps://variety.com/a/\n\nhttp://thr.example/c\n";
    expect(parse("links.txt", text)).toEqual({
      ok: true,
      links: ["https://variety.com/a/", "https://deadline.com/b/?x=1&y=2", "http://thr.example/c"],
      refused: [],
    });
  });

  it("refuses links that are not http(s) one by one; the others go on", () => {
    expect(parse("x.txt", "ftp://files.example/a\nhttps://variety.com/a/\nfile:///etc/passwd")).toEqual({
      ok: true,
      links: ["https://variety.com/a/"],
      refused: [
        { link: "ftp://files.example/a", reason: "only http and https links are fetched" },
        { link: "file:///etc/passwd", reason: "only http and https links are fetched" },
      ],
    });
  });

  it("fails a file without links, or with more than the limit, as a whole", () => {
    expect(parse("x.txt", "just some words\n")).toEqual({ ok: false, reason: expect.stringContaining("no link found") });
    expect(parse("x.txt", "https://a.example/1 https://a.example/2 https://a.example/3", 2)).toEqual({
      ok: false,
      reason: expect.stringContaining("at most 2 per file (intake.maxLinksPerFile)"),
    });
  });

  it("reads a Windows .url shortcut (UTF-8, UTF-16 or ANSI)", () => {
    const text = "[InternetShortcut]\r\nURL=https://deadline.com/2025/01/story-123/\r\nIconIndex=0\r\n";
    expect(parse("Story.url", text)).toMatchObject({ ok: true, links: ["https://deadline.com/2025/01/story-123/"] });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    expect(parse("Story.URL", utf16)).toMatchObject({ ok: true, links: ["https://deadline.com/2025/01/story-123/"] });
    expect(parse("Story.url", "[InternetShortcut]\n")).toEqual({ ok: false, reason: expect.stringContaining("URL=https://") });
  });

  it("reads an XML and a binary .webloc", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict><key>URL</key><string>https://variety.com/2025/film/news/a-b-123/?a=1&amp;b=2</string></dict></plist>`;
    expect(parse("a.webloc", xml)).toMatchObject({ ok: true, links: ["https://variety.com/2025/film/news/a-b-123/?a=1&b=2"] });
    const long = `https://www.hollywoodreporter.com/business/business-news/${"x".repeat(40)}/`;
    expect(binaryPlistUrl(bplist(long))).toBe(long);
    expect(parse("b.webloc", bplist("https://a.example/b"))).toMatchObject({ ok: true, links: ["https://a.example/b"] });
    expect(parse("c.webloc", Buffer.from("bplist00 broken"))).toEqual({ ok: false, reason: expect.stringContaining('"URL" key') });
  });
});
