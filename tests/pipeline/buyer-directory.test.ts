import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BuyerConfig } from "../../src/config/schema.js";
import { createBuyerDirectory, folderSafeName } from "../../src/pipeline/buyer-directory.js";
import { UNKNOWN_COMPANY } from "../../src/pipeline/buyers.js";

const DEFAULT_BUYERS = (JSON.parse(readFileSync(new URL("../../config/default.json", import.meta.url), "utf8")) as { buyers: BuyerConfig[] }).buyers;
const buyers = createBuyerDirectory(DEFAULT_BUYERS);

describe("resolveCompany and displayName", () => {
  const cases: Array<[string, string | null]> = [
    ["Netflix", "Netflix"],
    ["netflix", "Netflix"],
    ["  NETFLIX  ", "Netflix"],
    ["Comcast/NBCU", "Comcast/NBCU"],
    ["comcast", "Comcast/NBCU"],
    ["WBD", "WBD"],
    ["Warner Bros Discovery", "WBD"],
    ["warner bros discovery", "WBD"],
    ["Unknown", UNKNOWN_COMPANY],
    ["unknown", UNKNOWN_COMPANY],
    ["Lionsgate", "Lionsgate"],
    ["../../etc", null],
    ["", null],
    ["Hulu", null],
    ["Netflixx", null],
  ];
  it.each(cases)("resolveCompany(%j) -> %j", (input, expected) => {
    expect(buyers.resolveCompany(input)).toBe(expected);
  });

  it.each([
    ["Comcast/NBCU", "Comcast"],
    ["WBD", "Warner Bros Discovery"],
    ["Netflix", "Netflix"],
    [UNKNOWN_COMPANY, UNKNOWN_COMPANY],
  ])("displayName(%j) -> %j", (name, display) => {
    expect(buyers.displayName(name)).toBe(display);
  });
});

describe("folderSafeName", () => {
  const cases: Array<[string, string]> = [
    ["Netflix", "Netflix"],
    ["Warner Bros Discovery", "Warner Bros Discovery"],
    ["Comcast", "Comcast"],
    ["Comcast/NBCU", "Comcast_NBCU"],
    ["A24", "A24"],
    ["Unknown", "Unknown"],
    ["../../etc", "etc"],
    ["..", "Unknown"],
    [".hidden", "hidden"],
    ["", "Unknown"],
    ["a\\b", "a_b"],
    ["C:\\Windows", "C_Windows"],
    ["  spaced   out  ", "spaced out"],
  ];
  it.each(cases)("%j -> %j", (input, expected) => {
    expect(folderSafeName(input)).toBe(expected);
  });

  it.each(["../../etc", "/etc/passwd", "..\\..\\x", ".", "...", "a/../b", "\u0000x", "x".repeat(500), ". . /x"])("%j is never a path", (input) => {
    const name = folderSafeName(input);
    expect(name).not.toMatch(/[/\\\u0000]/);
    expect(name.startsWith(".")).toBe(false);
    expect(name).not.toBe("");
    expect(name.length).toBeLessThanOrEqual(80);
  });
});

describe("the buyer directory", () => {
  it("resolves a name, display name or folder name to the buyer, in any case", () => {
    for (const spelling of ["WBD", "wbd", "Warner Bros Discovery", " warner bros discovery "]) expect(buyers.resolve(spelling)?.name).toBe("WBD");
    expect(buyers.resolve("Comcast")?.name).toBe("Comcast/NBCU");
    expect(buyers.resolve("Unknown")).toBeNull();
    expect(buyers.resolve("hbo")).toBeNull(); // an alias names a buyer in an article, not in a lookup
  });

  it("names every configured buyer's folder by its display name: the folders stores already have", () => {
    expect(DEFAULT_BUYERS.map((b) => buyers.folderName(b.name))).toEqual(DEFAULT_BUYERS.map((b) => b.display));
    expect(buyers.folderName("Comcast/NBCU")).toBe("Comcast");
    expect(buyers.folderName("WBD")).toBe("Warner Bros Discovery");
    expect(buyers.folderName(UNKNOWN_COMPANY)).toBe("Unknown");
    expect(buyers.folderName("../../etc")).toBe("etc");
  });

  it("orders by the configured priority, unknown names last", () => {
    expect(["Sony", "Warner Bros Discovery", "amazon", "Fox"].map(buyers.priority)).toEqual([6, 7, 0, DEFAULT_BUYERS.length]);
    expect(buyers.all.map((b) => b.name)).toEqual(DEFAULT_BUYERS.map((b) => b.name));
  });

  it("a display name never takes another buyer's name", () => {
    const clash = createBuyerDirectory([
      { name: "A", display: "B", aliases: [] },
      { name: "B", display: "Bee", aliases: [] },
    ]);
    expect(clash.resolve("B")?.name).toBe("B");
    expect(clash.resolve("Bee")?.name).toBe("B");
  });
});

describe("folderSafeName: one rule for store folders and report files", () => {
  it.each([
    ["AT&T", "AT_T"],
    ["-Dash-", "Dash"],
    ["Trailing.", "Trailing"],
    ["../../../etc/Evil/..", "etc_Evil"],
    [`${"y".repeat(79)} z`, "y".repeat(79)],
  ])("%j -> %j", (input, expected) => {
    expect(folderSafeName(input)).toBe(expected);
  });
});
