// Issue 22: lines an analyst would write, also when the headline is only the first sentence.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { rewriteLine } from "../../../src/engines/offline/lines/rewrite.js";
import { truncateWords } from "../../../src/engines/offline/lines/text.js";
import { firstSentenceArticle, linesOf, writeLines } from "./line-input.js";

const fold = (x: string) =>
  x
    .toLowerCase()
    .replace(/[“”"‘’']/g, "")
    .replace(/\s+/g, " ")
    .replace(/[\s.,;:!?]+$/, "");
/** The eval's definition (scripts/eval-lines.ts): minus a template prefix, a sentence of the article or an >= 80% prefix of one. */
const isCopied = (line: string, content: string) => {
  const l = fold(line.replace(/^(?:\[[^\]]+\]\s*)?(?:(?:Exit|Hiring|Promotion|New Role|Commentary|Interview):\s*)?/, ""));
  return content
    .split(/(?<=[.!?][”"’]?)\s+(?=[“"‘]?[A-Z])/)
    .map(fold)
    .some((s) => s === l || (s.startsWith(l) && l.length >= 0.8 * s.length));
};

const lastWordIsWhole = (line: string, content: string) => {
  const last = /([\p{L}\p{N}]+)[^\p{L}\p{N}]*$/u.exec(line)![1]!;
  return new RegExp(`(?<![\\p{L}\\p{N}])${last}(?![\\p{L}\\p{N}])`, "iu").test(content);
};

describe("issue 22: never a cut word", () => {
  // The hidden-data lines that ended in half a word, as feeds cut their titles.
  const CUT = [
    {
      title: "Italian collecting company Artisti 7607 has ann",
      content:
        "Italian collecting company Artisti 7607 has announced a lawsuit against Netflix over royalties it says are owed to Italian actors for their work on the streamer’s local series. The suit was filed in Rome on Monday.",
    },
    {
      title: "A new study of how broadcasters cover elections questions the approach of news divisions in cris",
      content:
        "A new study of how broadcasters cover elections questions the approach of news divisions in crisis mode at CBS, NBC and ABC. The study was published Tuesday by a media research group.",
    },
    {
      title: "Comcast reported record attendance in the quarter at its parks, led by Universal Studios' Halloween Horror Nig",
      content:
        "Comcast reported record attendance in the quarter at its parks, led by Universal Studios' Halloween Horror Nights and the first full season of Epic Universe. Theme park revenue rose 19%.",
    },
  ];
  for (const c of CUT)
    it(`a cut feed title is read whole and shortened at a phrase boundary: "${c.title.slice(-30)}"`, () => {
      for (const category of ["Strategy & Miscellaneous News -> Misc.", "Org -> Org"] as const) {
        for (const line of linesOf(firstSentenceArticle(c.content, c.title), category)) {
          expect(lastWordIsWhole(line, c.content), line).toBe(true);
          expect(line).not.toMatch(/\s(?:and|or|of|the|a|in|to|at|by|for)$/);
        }
      }
    });

  it("a cut title the body does not hold loses its cut word", () => {
    const content = "The union said the talks would resume next week. Its members approved the strike authorization last month.";
    const [line] = linesOf(
      firstSentenceArticle(content, "Writers Guild members voted to authorize a strike against the studios in an unprecedented mo"),
      "Org -> Org",
    );
    expect(line).not.toMatch(/\bmo$/);
  });

  it("shortening ends before a conjunction or preposition, never inside a word", () => {
    const t = truncateWords(
      "Italian collecting company Artisti 7607 has announced a lawsuit against Netflix over royalties owed to Italian actors for their work",
      90,
    );
    expect(t).toBe("Italian collecting company Artisti 7607 has announced a lawsuit against Netflix");
    const u = truncateWords("A new study of how broadcasters cover elections questions the approach of news divisions in crisis mode at CBS", 100);
    expect(u).toBe("A new study of how broadcasters cover elections questions the approach of news divisions");
  });
});

describe("issue 22: never a scene-setter, headline lines written, not copied", () => {
  const GENERAL = "Content, Deals & Distribution -> International -> General News & Strategy" as const;

  it("a lead that sets a scene is not the line: the sentence with the event is", () => {
    const showcase = firstSentenceArticle(
      "Another day, another Netflix international content showcase. Netflix has unveiled 12 new Korean series and films at an event in Seoul, including the thriller Night Market. The streamer has spent $2.5 billion on Korean content since 2023.",
    );
    const [line] = linesOf(showcase, GENERAL);
    expect(line).toMatch(/^Netflix unveils 12 new Korean series and films/);
    const office = firstSentenceArticle(
      "Many people decided the office was no longer for them after the Covid-19 pandemic, but not so Felicity Ward. The comedian has signed on to star in workplace comedy Desk Job for the BBC, the broadcaster said. Filming begins in March.",
    );
    const [officeLine] = linesOf(office, GENERAL);
    expect(officeLine).not.toMatch(/^Many people/);
    expect(officeLine).toMatch(/BBC/);
    const question = firstSentenceArticle(
      "What happens when a streamer runs out of sports to buy? Amazon has struck a deal with the NBA for 66 regular-season games a year, the league said on Wednesday. The pact runs 11 years.",
    );
    expect(linesOf(question, "Content, Deals & Distribution -> Deals")[0]).toMatch(/^Amazon strikes a deal with the NBA for 66 regular-season games/);
  });

  it("the WGA merger story's line is a short written line, not its 190-character first sentence", () => {
    const raw = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "fixtures", "offline", "variety_wga_netflix_warner_merger.json"), "utf8")) as {
      content: string;
    };
    const [line] = linesOf(firstSentenceArticle(raw.content), "Strategy & Miscellaneous News -> Misc.");
    expect(line).toMatch(/^The Writers Guild of America joins other industry groups/);
    expect(line).toMatch(/blockbuster deal$/);
    expect(line!.length).toBeLessThanOrEqual(125);
    expect(isCopied(line!, raw.content)).toBe(false);
  });

  it("drops leading clauses, attributions and 'reportedly'; a headline's present tense", () => {
    expect(
      rewriteLine("As part of its push into live events, Netflix has reportedly struck a deal with the NFL for two Christmas Day games, Variety has learned."),
    ).toBe("Netflix strikes a deal with the NFL for two Christmas Day games");
    expect(
      rewriteLine(
        "Paramount Global will cut 15% of its U.S. workforce in the next few weeks — a round of layoffs that will affect about 2,000 employees — coming ahead of its planned merger with Skydance Media.",
      ),
    ).toMatch(/^Paramount Global to cut 15% of its U.S. workforce/);
    expect(rewriteLine("Adam and Craig Malamut have signed an overall deal with Sony Pictures Television, Variety has learned exclusively.")).toBe(
      "Adam and Craig Malamut sign an overall deal with Sony Pictures Television",
    );
    // A "will" inside a relative clause is left alone.
    expect(rewriteLine("Roy Wood Jr. hosts a new comedy show that will feature people who are not comedians")).toBe(
      "Roy Wood Jr. hosts a new comedy show that will feature people who are not comedians",
    );
  });
});

describe("issue 22: the house form for title events, whatever the headline", () => {
  const RENEWALS = "Content, Deals & Distribution -> TV -> Renewals" as const;
  const MISC = "Strategy & Miscellaneous News -> Misc." as const;

  it("Virgin River: a renewal told after a scene-setting lead is `Virgin River S7: Netflix`", () => {
    const input = firstSentenceArticle(
      "As they are preparing for a wedding, Virgin River fans will also get a honeymoon. Netflix has renewed the romantic drama for a seventh season, the streamer announced Thursday, ahead of the Season 6 premiere on Dec. 19. The series, based on Robyn Carr’s novels, stars Alexandra Breckenridge and Martin Henderson.",
    );
    for (const category of [RENEWALS, MISC]) {
      const lines = linesOf(input, category);
      expect(lines, category).toHaveLength(1);
      expect(lines[0], category).toMatch(/^Virgin River S7: Netflix\b/);
    }
  });

  it("Temptation Island: a pickup whose title is named only in the scene-setter is `Temptation Island: Netflix`", () => {
    const input = firstSentenceArticle(
      "Temptation Island has a new home. Netflix has picked up the reality series from USA Network for a new season, the streamer said Tuesday. Production starts this summer in Hawaii.",
    );
    for (const category of ["Content, Deals & Distribution -> TV -> Pickups", MISC] as const) {
      expect(linesOf(input, category), category).toEqual([expect.stringMatching(/^Temptation Island: Netflix\b/)]);
    }
  });

  it("Andor: the renewed show, not its franchise", () => {
    const plain = firstSentenceArticle(
      "Disney+ has renewed Star Wars drama Andor for a second and final season, Lucasfilm said Tuesday. The series stars Diego Luna as Cassian Andor.",
    );
    expect(linesOf(plain, RENEWALS)).toEqual(["Andor S2: Disney+, drama"]);
    const quoted = firstSentenceArticle(
      "Disney+ has renewed “Star Wars” series “Andor” for a second season, Lucasfilm said Tuesday. The series stars Diego Luna as Cassian Andor.",
    );
    expect(linesOf(quoted, RENEWALS)).toEqual([expect.stringMatching(/^Andor S2: Disney\+/)]);
  });

  it("a carriage or content deal's renewal is not a title event", () => {
    const input = firstSentenceArticle(
      "Hulu and Fox have agreed a multiyear renewal of their content partnership for “The Simpsons” and “Family Guy.” Terms were not disclosed.",
    );
    expect(linesOf(input, "Content, Deals & Distribution -> Deals")[0]).toMatch(/^Hulu and Fox agree a multiyear renewal/);
  });
});

describe("issue 22: people are people", () => {
  const EXEC = "Org -> Exec Changes" as const;

  it("the Leavy exit names the person with the role, and no note repeats the headline", () => {
    const content =
      "Warner Bros. Discovery executive David Leavy is leaving WBD at year end, according to a staff memo. Leavy, the company’s chief corporate affairs officer, has worked alongside CEO David Zaslav for three decades. He will stay on as an adviser through the transition.";
    for (const input of [firstSentenceArticle(content), firstSentenceArticle(content, "Longtime Zaslav aide David Leavy leaving WBD")]) {
      const { facts } = writeLines(input, EXEC);
      expect(facts).toHaveLength(1);
      expect(facts[0]!.line).toMatch(/^Exit: David Leavy, Chief Corporate Affairs Officer at (?:WBD|Warner Bros\. Discovery)$/);
      for (const note of facts[0]!.notes) expect(note).not.toMatch(/is leaving WBD at year end/);
    }
  });

  it("the company is the person's, not that of a first-sentence headline about something else", () => {
    const input = firstSentenceArticle(
      "Netflix is in talks for a streaming partnership, people say. Warner Bros. Discovery executive David Leavy is leaving WBD at year end, according to a staff memo.",
    );
    expect(linesOf(input, EXEC)[0]).toMatch(/^Exit: David Leavy\b.* at Warner Bros\. Discovery$/);
  });

  it("an event is not a person: no `Exit: Super Bowl at CBS`", () => {
    const input = firstSentenceArticle(
      "Ahead of the Super Bowl, CBS Sports executive producer Harold Bryant is stepping down after 30 years at the network. Bryant oversaw the network’s coverage of the NFL and the Masters.",
    );
    const [line] = linesOf(input, EXEC);
    expect(line).not.toMatch(/Super Bowl/);
    expect(line).toMatch(/^Exit: Harold Bryant\b/);
  });
});

describe("issue 22: columns and earnings under a first-sentence title", () => {
  it("a column whose headline is its scene-setting first sentence is written from its point", () => {
    const fixtures = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "fixtures", "issue13", "articles.json"), "utf8")) as Record<
      string,
      { content: string; url: string }
    >;
    const column = fixtures["sony-column"]!;
    const input = firstSentenceArticle(column.content);
    const { facts } = writeLines({ ...input, article: { ...input.article, url: column.url } }, "Strategy & Miscellaneous News -> Strategy");
    expect(facts[0]!.line).toMatch(/^Commentary: /);
    expect(facts[0]!.line).not.toMatch(/When the streaming wars began/);
    expect(isCopied(facts[0]!.line, column.content)).toBe(false);
  });

  it("an earnings line is in the present tense of a headline", () => {
    expect(rewriteLine("Netflix reported revenue of $11.51 billion for the third quarter, up 17% from a year earlier.", 120, 160)).toBe(
      "Netflix reports revenue of $11.51 billion for the third quarter, up 17% from a year earlier",
    );
  });
});
