import { describe, expect, it } from "vitest";
import { FaithfulnessChecker } from "../../../src/engines/openai/faithfulness.js";

function check(content: string, line: string, options: { titleList?: boolean; title?: string; knownNames?: string[] } = {}) {
  return new FaithfulnessChecker({ title: options.title ?? "", content, knownNames: options.knownNames ?? [] }).unsupported(line, options);
}

describe("FaithfulnessChecker", () => {
  it("accepts an exec-change line built from the article, case and abbreviations aside", () => {
    const article =
      "Sony Pictures Entertainment has hired Jay Levine as executive vice president and chief strategy officer. Levine reports to CEO Ravi Ahuja.";
    expect(check(article, "Hiring: Jay Levine, EVP, Chief Strategy Officer at Sony Pictures Entertainment")).toEqual([]);
    expect(check(article, "Jay reports to CEO Ravi Ahuja")).toEqual([]);
  });

  it("flags invented people, companies and numbers", () => {
    const article = "Warner Bros. Discovery executive David Leavy is leaving at year end after 25 years.";
    expect(check(article, "Exit: David Leavy, Chief Corporate Affairs Officer at Warner Bros. Discovery")).toEqual([
      "Chief",
      "Corporate",
      "Affairs",
      "Officer",
    ]);
    expect(check(article, "Exit: John Leavy at Netflix after 30 years")).toEqual(["30", "John", "Netflix"]);
  });

  it("accepts buyer names the pipeline matched, even when the article spells them otherwise", () => {
    expect(check("HBO renews the drama.", "WBD renews the drama", { knownNames: ["WBD"] })).toEqual([]);
    expect(check("HBO renews the drama.", "WBD renews the drama")).toEqual(["WBD"]);
  });

  it("checks title-list titles as a whole, with season and country markers", () => {
    const article = "Netflix has greenlit the Brazilian drama series The Pilgrimage, and renewed House of the Dragon for a second season.";
    expect(check(article, "[Brazil] The Pilgrimage: Netflix, drama", { titleList: true })).toEqual([]);
    expect(check(article, "House of the Dragon S2: Netflix, fantasy", { titleList: true })).toEqual([]);
    expect(check(article, "The Pilgrims: Netflix, drama", { titleList: true })).toEqual(["The Pilgrims", "Pilgrims"]);
    expect(check(article, "[Spain] The Pilgrimage: Netflix, drama", { titleList: true })).toEqual(["Spain"]);
    expect(check("A Spanish thriller, Reina Roja, returns on Prime Video.", "[Spain] Reina Roja S3: Prime Video, thriller", { titleList: true })).toEqual([]);
    expect(check("Peacock orders an untitled comedy from Dara Resnik.", "Unt. Dara Resnik: Peacock, comedy", { titleList: true })).toEqual([]);
  });

  it("accepts release dates the article gives in words and flags others", () => {
    const article = "Sony Pictures will release Saturday Night on Oct. 11, 2024.";
    expect(check(article, "Saturday Night: Sony Pictures, drama, set for 10/11/24", { titleList: true })).toEqual([]);
    expect(check(article, "Saturday Night: Sony Pictures, drama, set for 10/12/24", { titleList: true })).toEqual(["10/12/24"]);
    // The publication date the report adds is not a claim.
    expect(check(article, "Sony dates Saturday Night (12/5)")).toEqual([]);
  });

  it("normalises figures and number words", () => {
    expect(check("RedBird IMI closed its $1.45 billion purchase of All3Media.", "RedBird IMI closes $1.45B acquisition of All3Media")).toEqual([]);
    expect(check("The service passed 1,000 titles.", "Service passes 1000 titles")).toEqual([]);
    expect(check("The show was renewed for three more seasons.", "Show renewed for 3 more seasons")).toEqual([]);
    expect(check("Revenue rose 9% to $2.6 billion.", "Revenue rises 19% to $2.6B")).toEqual(["19"]);
  });

  it("checks quoted titles as a whole, with curly quotes", () => {
    const article = "In a column titled \u201CThe Zaz Age,\u201D Rich Greenfield of LightShed weighs in.";
    expect(check(article, "Commentary: \u201CThe Zaz Age\u201D")).toEqual([]);
    expect(check(article, 'Commentary: "The Zaslav Era"')).toEqual(['"The Zaslav Era"', "Zaslav", "Era"]);
  });

  it("does not let a short token match inside a longer word", () => {
    expect(check("Maxwell joins the board.", "Max joins the board")).toEqual(["Max"]);
  });
});
