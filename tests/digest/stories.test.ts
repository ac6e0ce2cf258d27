import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { writeDigest } from "../../src/digest/digest.js";
import { makeRecord, seedStore, tempConfig } from "../report/helpers.js";

describe("digest: one entry per story", () => {
  it("counts stories and prints the first report of a story once, with the other outlets linked", async () => {
    const config = tempConfig();
    const processed_at = "2025-11-05T12:00:00.000Z";
    const first = makeRecord({
      url: "https://variety.com/2025/tv/news/spider-noir-renewed/",
      source: "Variety",
      published_at: "2025-11-04",
      processed_at,
      facts: [{ category: "Content, Deals & Distribution -> TV -> Renewals", line: "Spider-Noir: renewed for Season 2" }],
    });
    const member = makeRecord({
      url: "https://deadline.com/2025/11/spider-noir-season-2/",
      source: "Deadline",
      published_at: "2025-11-05",
      processed_at,
      story_id: first.id,
      facts: [{ category: "Content, Deals & Distribution -> TV -> Renewals", line: "Spider-Noir picked up for a second season" }],
    });
    const other = makeRecord({ processed_at, facts: [{ category: "Org -> Org", line: "Another story" }] });
    seedStore(config, "Sony", "2025 Q4", [{ ...first, story_id: first.id }, member, other]);
    const md = readFileSync(await writeDigest({ config, date: "2025-11-05", now: Date.parse("2025-11-06T00:00:00Z") }), "utf8");
    expect(md).toContain("| Processed (stored) | 3 |");
    expect(md).toContain("| Stories (one per news event) | 2 |");
    expect(md).toContain(`- Spider-Noir: renewed for Season 2 ([11/4](${first.url})) (also [Deadline](${member.url}))\n`);
    expect(md).not.toContain("picked up for a second season");
    expect(md).toContain("Another story");
  });
});
