import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BuyerConfig } from "../../src/config/schema.js";
import { MATCH_LEAD_CHARS, UNKNOWN_COMPANY, createBuyerMatcher } from "../../src/pipeline/buyers.js";

const DEFAULT_BUYERS = (JSON.parse(readFileSync(new URL("../../config/default.json", import.meta.url), "utf8")) as { buyers: BuyerConfig[] }).buyers;
const matcher = createBuyerMatcher(DEFAULT_BUYERS);
const PRIORITY = ["Amazon", "Apple", "Comcast/NBCU", "Disney", "Netflix", "Paramount", "Sony", "WBD", "A24", "Lionsgate"];
const NEUTRAL_URL = "https://deadline.com/2025/12/story-1236652941/";

/** Filler with no alias in it, exactly `n` characters long. */
function filler(n: number): string {
  return "lorem ipsum dolor sit amet ".repeat(Math.ceil(n / 27) + 1).slice(0, n);
}

function match(title: string, content = "Nothing to see.", url = NEUTRAL_URL) {
  return matcher.match({ title, content, url });
}

describe("default buyers config", () => {
  it("lists the ten buyers in priority order", () => {
    expect(DEFAULT_BUYERS.map((b) => b.name)).toEqual(PRIORITY);
  });
});

describe("alias matching: whole words, case-insensitive", () => {
  const cases: Array<[string, string, string[]]> = [
    ["plain name", "Netflix renews the show", ["Netflix"]],
    ["upper case", "NETFLIX RENEWS THE SHOW", ["Netflix"]],
    ["ticker", "NFLX shares rise", ["Netflix"]],
    ["possessive with ASCII apostrophe", "Netflix's new slate", ["Netflix"]],
    ["possessive with typographic apostrophe", "Netflix’s new slate", ["Netflix"]],
    ["Maxwell is not Max", "Maxwell Smart reboot in the works", []],
    ["Maximum is not Max", "Maximum effort for the studio", []],
    ["Max alone is WBD", "Max orders a drama", ["WBD"]],
    ["HBO Max is WBD", "HBO Max sets premiere date", ["WBD"]],
    ["Disney+ is Disney", "Disney+ orders a series", ["Disney"]],
    ["Disney+ at the end of a sentence", "The series lands on Disney+.", ["Disney"]],
    ["Paramount+ is Paramount", "Paramount+ renews the show", ["Paramount"]],
    ["p+ is Paramount", "P+ renews the show", ["Paramount"]],
    ["p+ inside a word is nothing", "The app+ bundle grows", []],
    ["Apple TV+ is Apple", "Apple TV+ drama gets a date", ["Apple"]],
    ["Warner Bros. with a dot", "Warner Bros. sets release", ["WBD"]],
    ["Warner Bros. Discovery", "Warner Bros. Discovery splits in two", ["WBD"]],
    ["alias with a line break inside", "Prime\nVideo orders a pilot", ["Amazon"]],
    ["multi-word alias", "Focus Features acquires the film", ["Comcast/NBCU"]],
    ["A24 with digits", "A24 picks up the film", ["A24"]],
    ["digit boundary: A240 is not A24", "The A240 camera is popular", []],
    ["20th Century", "20th Century Studios dates a sequel", ["Disney"]],
    ["alias glued to letters is nothing", "Supernetflixed is not a word", []],
    ["hyphen is a word boundary", "Netflix-backed production", ["Netflix"]],
    ["two buyers in priority order, not text order", "Sony and Amazon team up", ["Amazon", "Sony"]],
    ["Lionsgate and Starz are one buyer", "Starz and Lionsgate split", ["Lionsgate"]],
    ["nothing", "A story about the weather", []],
  ];
  it.each(cases)("%s", (_name, title, strong) => {
    expect(match(title).strong).toEqual(strong);
  });

  it.each(DEFAULT_BUYERS.flatMap((b) => b.aliases.map((alias) => [b.name, alias] as const)))("%s alias %j matches in a title", (name, alias) => {
    expect(match(`Report: ${alias.toUpperCase()} news today`).strong).toContain(name);
  });
});

describe("strong and weak regions", () => {
  const lateBody = (text: string) => `${filler(MATCH_LEAD_CHARS + 50)} ${text}`;
  const cases: Array<[string, { title: string; content: string; url: string }, string[], string[]]> = [
    ["title is strong", { title: "Sony news", content: "Nothing.", url: NEUTRAL_URL }, ["Sony"], []],
    ["start of body is strong (lead)", { title: "News", content: "Sony said today.", url: NEUTRAL_URL }, ["Sony"], []],
    ["just inside the lead is strong", { title: "News", content: `${filler(MATCH_LEAD_CHARS - 10)} Sony said`, url: NEUTRAL_URL }, ["Sony"], []],
    ["beyond the lead is weak", { title: "News", content: lateBody("Sony said."), url: NEUTRAL_URL }, [], ["Sony"]],
    ["URL host is strong", { title: "Tudum", content: "Nothing.", url: "https://www.netflix.com/tudum/x" }, ["Netflix"], []],
    ["URL host subdomain is strong", { title: "Press", content: "Nothing.", url: "https://press.wbd.com/us/x" }, ["WBD"], []],
    ["URL path is not the host", { title: "News", content: "Nothing.", url: "https://deadline.com/netflix/x" }, [], []],
    [
      "host and a late body mention stay strong",
      { title: "Tudum", content: lateBody("Netflix again."), url: "https://www.netflix.com/tudum/x" },
      ["Netflix"],
      [],
    ],
    ["strong for one, weak for another", { title: "Sony deal", content: lateBody("Also Netflix."), url: NEUTRAL_URL }, ["Sony"], ["Netflix"]],
    [
      "a weak hit for an early buyer does not hide a strong one listed later",
      { title: "Lionsgate film dated", content: lateBody("Amazon and Apple were also mentioned."), url: NEUTRAL_URL },
      ["Lionsgate"],
      ["Amazon", "Apple"],
    ],
    [
      "a later alias of a buyer is found after an earlier alias is only weak",
      { title: "Crunchyroll sets anime slate", content: lateBody("Sony Pictures owns it."), url: NEUTRAL_URL },
      ["Sony"],
      [],
    ],
    [
      "alias straddling the lead boundary is found (lead)",
      { title: "News", content: `${filler(MATCH_LEAD_CHARS - 3)} Netflix said`, url: NEUTRAL_URL },
      ["Netflix"],
      [],
    ],
    [
      "a word straddling the lead boundary is not cut into an alias",
      { title: "News", content: `${filler(MATCH_LEAD_CHARS - 4)} Maxwell said`, url: NEUTRAL_URL },
      [],
      [],
    ],
    ["unparseable URL is tolerated", { title: "News", content: "Nothing.", url: "not a url" }, [], []],
  ];
  it.each(cases)("%s", (_name, input, strong, weak) => {
    const result = matcher.match(input);
    expect(result.strong).toEqual(strong);
    expect(result.weak).toEqual(weak);
  });
});

describe("primary company", () => {
  const late = filler(MATCH_LEAD_CHARS + 20);
  const cases: Array<[string, { title: string; content: string; url: string }, string]> = [
    ["nothing matches", { title: "Weather", content: "Rain.", url: NEUTRAL_URL }, UNKNOWN_COMPANY],
    ["weak only is Unknown", { title: "Weather", content: `${late} Netflix.`, url: NEUTRAL_URL }, UNKNOWN_COMPANY],
    ["title beats lead", { title: "Lionsgate news", content: "Amazon said.", url: NEUTRAL_URL }, "Lionsgate"],
    ["title beats host", { title: "Sony news", content: "Nothing.", url: "https://www.netflix.com/x" }, "Sony"],
    ["lead beats host", { title: "News", content: "Sony said.", url: "https://www.netflix.com/x" }, "Sony"],
    ["host beats body", { title: "News", content: `${late} Amazon said.`, url: "https://www.netflix.com/x" }, "Netflix"],
    ["earlier position in title wins", { title: "WBD and Amazon", content: "Nothing.", url: NEUTRAL_URL }, "WBD"],
    ["earlier position in lead wins", { title: "News", content: "Lionsgate beat Apple to it.", url: NEUTRAL_URL }, "Lionsgate"],
    ["earliest mention of a buyer counts, not its first alias", { title: "HBO and Amazon; later Warner Bros", content: "x", url: NEUTRAL_URL }, "WBD"],
    [
      "a buyer's earliest mention is in the title even if the body names it first",
      { title: "Deal with Sony", content: "Netflix said.", url: NEUTRAL_URL },
      "Sony",
    ],
  ];
  it.each(cases)("%s", (_name, input, primary) => {
    expect(matcher.match(input).primary).toBe(primary);
  });

  it.each([
    ["first listed wins a tie", ["First", "Second"], "First"],
    ["order is the config order, not alphabetical", ["Zed", "Alpha"], "Zed"],
  ])("%s", (_name, names, primary) => {
    const tied = createBuyerMatcher(names.map((name) => ({ name, display: name, aliases: ["skydance"] })));
    const result = tied.match({ title: "Skydance news", content: "x", url: NEUTRAL_URL });
    expect(result.primary).toBe(primary);
    expect(result.strong).toEqual(names);
  });

  it("ties between the real buyers follow the priority order", () => {
    // Shared alias on purpose: every buyer mentioned at the same place.
    const shared = DEFAULT_BUYERS.map((b) => ({ ...b, aliases: [...b.aliases, "studio group"] })).reverse();
    const reversed = createBuyerMatcher(shared);
    expect(reversed.match({ title: "Studio group news", content: "x", url: NEUTRAL_URL }).primary).toBe("Lionsgate");
    const ordered = createBuyerMatcher([...shared].reverse());
    expect(ordered.match({ title: "Studio group news", content: "x", url: NEUTRAL_URL }).primary).toBe("Amazon");
  });
});

describe("needle prefilter (one pass for every buyer)", () => {
  // Needles that overlap, nest and share prefixes and suffixes; each buyer is found exactly when its regex matches.
  const buyers: BuyerConfig[] = [
    { name: "N", display: "N", aliases: ["nbc", "nbcuniversal", "universal pictures"] },
    { name: "U", display: "U", aliases: ["uni", "versal"] },
    { name: "C", display: "C", aliases: ["cbs", "bs", "p+"] },
    { name: "H", display: "H", aliases: ["hbo", "hbo max", "max"] },
  ];
  const m = createBuyerMatcher(buyers);
  const cases: Array<[string, string[], string[]]> = [
    ["NBCUniversal sets a film", ["N"], []],
    ["Universal Pictures and NBC", ["N"], []],
    ["uni and versal", ["U"], []],
    ["nbcuniversal", ["N"], []],
    ["HBO Max, CBS and P+", ["C", "H"], []],
    ["nothing here at all", [], []],
  ];
  for (const [title, strong, weak] of cases) {
    it(title, () => {
      const r = m.match({ title, content: "Nothing to see.", url: NEUTRAL_URL });
      expect(r.strong).toEqual(strong);
      expect(r.weak).toEqual(weak);
    });
  }

  it("finds needles anywhere in the title, body and host", () => {
    const r = m.match({ title: "A story", content: `${filler(MATCH_LEAD_CHARS + 10)} later the HBO team`, url: "https://www.cbs.com/x" });
    expect(r.strong).toEqual(["C"]);
    expect(r.weak).toEqual(["H"]);
  });

  it("finds a needle that ends inside another needle's match", () => {
    const m2 = createBuyerMatcher([...buyers, { name: "X", display: "X", aliases: ["a.b.c"] }, { name: "Y", display: "Y", aliases: ["b.c"] }]);
    expect(m2.match({ title: "a.b.c", content: "", url: NEUTRAL_URL }).strong).toEqual(["X", "Y"]);
    expect(m2.match({ title: "a.b.b.c", content: "", url: NEUTRAL_URL }).strong).toEqual(["Y"]);
  });

  it("still works with aliases outside ASCII", () => {
    const m2 = createBuyerMatcher([...buyers, { name: "E", display: "E", aliases: ["élan studios"] }]);
    expect(m2.match({ title: "Élan Studios and NBC", content: "", url: NEUTRAL_URL }).strong).toEqual(["N", "E"]);
  });
});

describe("buyers the story is about (issue 21)", () => {
  const cases: Array<[string, { title: string; content: string; url: string }, string[], string[]]> = [
    [
      "a buyer named once in passing under a headline about another is weak (the Leavy sample)",
      {
        title: "Longtime Zaslav aide David Leavy leaving WBD",
        content: "Netflix is in talks for a streaming partnership, people say. Warner Bros. Discovery executive David Leavy is leaving WBD at year end.",
        url: NEUTRAL_URL,
      },
      ["WBD"],
      ["Netflix"],
    ],
    [
      "named in the same sentence as the headline's buyer, it is part of the story",
      { title: "TNT Loses NBA Rights", content: "Warner Bros. Discovery's TNT loses the NBA after the league signed with Amazon.", url: NEUTRAL_URL },
      ["Amazon", "WBD"],
      [],
    ],
    [
      "named twice, it is not in passing",
      { title: "WBD exec leaves", content: "Netflix is in talks with him. He joins Netflix next year.", url: NEUTRAL_URL },
      ["Netflix", "WBD"],
      [],
    ],
    [
      "with no buyer in the headline, the lead's buyers stay strong",
      { title: "An exit", content: "Netflix is in talks. Sony said no.", url: NEUTRAL_URL },
      ["Netflix", "Sony"],
      [],
    ],
    [
      "a full stop inside Warner Bros. does not end the sentence",
      { title: "HBO renews drama", content: "Warner Bros. Discovery and Apple share the rights.", url: NEUTRAL_URL },
      ["Apple", "WBD"],
      [],
    ],
    [
      "a brand's own domain stays strong",
      { title: "Sony Pictures news", content: "Apple TV+ is in talks, people say. Sony said more.", url: "https://tv.apple.com/x" },
      ["Apple", "Sony"],
      [],
    ],
  ];
  it.each(cases)("%s", (_name, input, strong, weak) => {
    const result = matcher.match(input);
    expect(result.strong).toEqual(strong);
    expect(result.weak).toEqual(weak);
  });

  it("an article the desk corrected keeps the analyst's buyers (by record id); others are matched as before", () => {
    const input = { title: "Apple TV+ orders thriller from Sony Pictures Television", content: "The series is set.", url: NEUTRAL_URL };
    const corrected = createBuyerMatcher(DEFAULT_BUYERS, { corrected: new Map([["abc", { strong: ["Apple"], weak: ["Sony"] }]]) });
    expect(corrected.match({ ...input, id: "abc" })).toEqual({ strong: ["Apple"], weak: ["Sony"], primary: "Apple" });
    expect(corrected.match({ ...input, id: "other" })).toEqual({ strong: ["Apple", "Sony"], weak: [], primary: "Apple" });
    expect(corrected.match(input).strong).toEqual(["Apple", "Sony"]);
  });
});
