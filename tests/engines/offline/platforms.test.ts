import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { BuyerConfig } from "../../../src/config/schema.js";
import type { EngineInput } from "../../../src/core/engine.js";
import { writeLines } from "../../../src/engines/offline/lines/index.js";
import { platformNames, Platforms } from "../../../src/engines/offline/lines/platforms.js";
import { parseArticle } from "../../../src/pipeline/article.js";

const root = path.resolve(__dirname, "..", "..", "..");
const BUYERS = (JSON.parse(readFileSync(path.join(root, "config", "default.json"), "utf8")) as { buyers: BuyerConfig[] }).buyers;

/** The platform list the line writer had hard-coded before it was derived from the buyers. */
const FORMER_LIST = [
  "20th Century Studios",
  "20th Television",
  "A24",
  "ABC",
  "AMC",
  "AMC+",
  "Adult Swim",
  "Amazon",
  "Amazon Freevee",
  "Amazon MGM",
  "Amazon MGM Studios",
  "Amazon Studios",
  "Apple",
  "Apple Original Films",
  "Apple TV",
  "Apple TV+",
  "BBC",
  "BET",
  "BET+",
  "Blumhouse",
  "Bravo",
  "CBS",
  "CBS Studios",
  "CNN",
  "Canal+",
  "Cartoon Network",
  "Channel 4",
  "Columbia Pictures",
  "Comcast",
  "Comedy Central",
  "Crunchyroll",
  "DC Studios",
  "Discovery",
  "Discovery+",
  "Disney",
  "Disney Branded Television",
  "Disney Channel",
  "Disney Junior",
  "Disney+",
  "DreamWorks Animation",
  "E!",
  "ESPN",
  "FX",
  "Focus Features",
  "Food Network",
  "Fox",
  "Freeform",
  "Freevee",
  "HBO",
  "HBO Max",
  "HGTV",
  "Hulu",
  "ITV",
  "Illumination",
  "Investigation Discovery",
  "Lionsgate",
  "Lucasfilm",
  "MGM+",
  "MTV",
  "Marvel Studios",
  "Max",
  "NBC",
  "NBCUniversal",
  "Nat Geo",
  "National Geographic",
  "Neon",
  "Netflix",
  "New Line",
  "Nickelodeon",
  "Oxygen",
  "Paramount",
  "Paramount Animation",
  "Paramount Pictures",
  "Paramount Television Studios",
  "Paramount+",
  "Peacock",
  "Pixar",
  "Pluto TV",
  "Prime Video",
  "Roku",
  "Screen Gems",
  "Searchlight Pictures",
  "Showtime",
  "Sky",
  "Skydance",
  "Sony",
  "Sony Pictures",
  "Sony Pictures Animation",
  "Sony Pictures Classics",
  "Sony Pictures Entertainment",
  "Sony Pictures Television",
  "Starz",
  "Syfy",
  "TBS",
  "TLC",
  "TNT",
  "Telemundo",
  "The CW",
  "TriStar",
  "Tubi",
  "USA Network",
  "Universal International Studios",
  "Universal Pictures",
  "Universal Pictures International",
  "Universal Studio Group",
  "Universal Television",
  "Walt Disney Studios",
  "Warner Bros.",
  "Warner Bros. Discovery",
  "Warner Bros. Pictures",
  "Warner Bros. Television",
  "YouTube",
];

function input(title: string, content: string): EngineInput {
  const parsed = parseArticle({ title, content, url: "https://variety.com/2025/tv/news/x-1/", published_at: "2025-03-04" }, () => null);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return { article: parsed.article, buyers: { strong: [], weak: [], primary: "Unknown" }, company: "Unknown", date: "2025-03-04" };
}

const renewals = { category: "Content, Deals & Distribution -> TV -> Renewals" as const, confidence: 0.9, alternatives: [] };

describe("platforms derived from the configured buyers", () => {
  it("with the default buyers, are exactly the former hard-coded list", () => {
    expect([...platformNames(BUYERS)].sort()).toEqual([...FORMER_LIST].sort());
  });

  it("list the most specific spelling first, whatever the configuration's order", () => {
    const names = platformNames(BUYERS);
    expect(platformNames([...BUYERS].reverse())).toEqual(names);
    for (let i = 1; i < names.length; i++) expect(names[i - 1]!.length).toBeGreaterThanOrEqual(names[i]!.length);
  });

  it("spell a buyer's lower-case aliases as the press does and leave out match-only forms", () => {
    const names = platformNames([{ name: "WBD", display: "Warner Bros Discovery", aliases: ["warner bros", "hbo", "wbd", "apple tv+"] }]);
    expect(names).toEqual(expect.arrayContaining(["Warner Bros.", "HBO", "Apple TV+"]));
    expect(names).not.toContain("WBD");
    expect(names).not.toContain("Warner Bros Discovery");
    expect(names).not.toContain("Wbd");
  });

  it("a newly configured buyer's alias becomes the platform of a title list", () => {
    const article = input("“Letterkenny” Renewed for Season 7", "“Letterkenny” has been renewed for a seventh season at Crave, the Bell Media streamer.");
    expect(writeLines(article, renewals, Platforms.fromBuyers(BUYERS)).facts.map((f) => f.line)).toEqual(["Letterkenny S7"]);
    const withCrave = Platforms.fromBuyers([...BUYERS, { name: "Bell", display: "Bell Media", aliases: ["crave", "bell media"] }]);
    expect(writeLines(article, renewals, withCrave).facts.map((f) => f.line)).toEqual(["Letterkenny S7: Crave"]);
  });
});
