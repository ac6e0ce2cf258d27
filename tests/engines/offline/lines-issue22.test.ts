// Issue 22: lines an analyst would write, also when the headline is only the first sentence.
import { describe, expect, it } from "vitest";
import { truncateWords } from "../../../src/engines/offline/lines/text.js";
import { firstSentenceArticle, linesOf } from "./line-input.js";

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
