import { describe, expect, it } from "vitest";
import { searchNote } from "../../src/server/desk/search.js";

describe("what the desk says while the article texts are indexed", () => {
  it('says "N of M" during a build and nothing once the index is complete', () => {
    expect(searchNote({ indexed: 4200, total: 20000, building: true })).toMatch(/^The article texts are being indexed: 4,200 of 20,000 so far\./);
    expect(searchNote({ indexed: 20000, total: 20000, building: false })).toBe("");
  });
});
