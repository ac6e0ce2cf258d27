// What a correction teaches from (issue 21 item 4): the record's title and stored lead read as the
// classifier reads an input, so a label title or a title copied into the lead teaches nothing of its own.
import { describe, expect, it } from "vitest";
import { categoryCorrections, correctionDoc } from "../../src/engines/offline/learn.js";
import type { Correction } from "../../src/pipeline/correction.js";

const LEAD = "Netflix has renewed the drama for a third season. The streamer said the show was its most watched series of the year…";

describe("correction documents", () => {
  it("a lead that starts with the title loses the copy; a label title gives way to the lead's first sentence", () => {
    expect(correctionDoc("Netflix has renewed the drama for a third season.", LEAD)).toEqual({
      title: "Netflix has renewed the drama for a third season.",
      body: "The streamer said the show was its most watched series of the year…",
    });
    expect(correctionDoc("Article a017", LEAD).title).toBe("Netflix has renewed the drama for a third season.");
    expect(correctionDoc("Drama renewed at Netflix", LEAD)).toEqual({ title: "Drama renewed at Netflix", body: LEAD });
  });

  it("category corrections are read that way", () => {
    const correction: Correction = {
      at: "2026-12-01T10:00:00.000Z",
      id: "r1",
      url: "https://example.com/renewal",
      source: "Variety",
      origin: "override",
      accepted: false,
      text: { title: "Article a017", lead: LEAD },
      changes: { category: { from: "Content, Deals & Distribution -> TV -> Renewals", to: "Content, Deals & Distribution -> TV -> Renewals" } },
    };
    expect(categoryCorrections([correction])[0]!.doc.title).toBe("Netflix has renewed the drama for a third season.");
  });
});
