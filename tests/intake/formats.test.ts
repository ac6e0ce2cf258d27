import { describe, expect, it } from "vitest";
import { inboxEntryKind, isCandidateName } from "../../src/daemon/inbox.js";
import { inputFormat, isHiddenOrTemp, unsupportedReason } from "../../src/intake/formats.js";

describe("inbox formats", () => {
  it("knows each format by its extension, in any case", () => {
    expect(["a.json", "b.HTML", "c.htm", "d.txt", "e.URL", "f.webloc", "g.docx", "README"].map(inputFormat)).toEqual([
      "json",
      "page",
      "page",
      "links",
      "links",
      "links",
      "unsupported",
      "unsupported",
    ]);
  });

  it("takes every name but hidden, temp and its own folders; unsupported ones are failed with the formats", () => {
    for (const name of [".x.json", "~$doc.docx", "a.tmp", "a.part", "Page.html.crdownload", "a.download", "a.swp", "notes.txt~"]) {
      expect(isHiddenOrTemp(name), name).toBe(true);
      expect(isCandidateName(name), name).toBe(false);
    }
    for (const name of ["a.json", "b.html", "report.docx", "README"]) expect(isCandidateName(name), name).toBe(true);
    expect(isCandidateName("done")).toBe(false);
    expect(isCandidateName("failed")).toBe(false);
    expect(unsupportedReason("Report.PDF")).toBe(
      ".pdf files are not taken: the inbox takes .json (article), .html or .htm (saved web page), .txt, .url or .webloc (links to fetch); send the article's link in a .txt file, or save its web page",
    );
    expect(unsupportedReason("README")).toMatch(/^a file without an extension is not taken: the inbox takes \.json/);
  });

  it("tells status what it ignores", () => {
    expect(inboxEntryKind(".processing", true)).toBe("own");
    expect(inboxEntryKind("done", true)).toBe("own");
    expect(inboxEntryKind("Page_files", true)).toBe("ignored");
    expect(inboxEntryKind(".notes.txt", false)).toBe("ignored");
    expect(inboxEntryKind("x.json", true)).toBe("input"); // a folder named like an input fails as "not a regular file"
    expect(inboxEntryKind("report.docx", false)).toBe("input");
  });
});
