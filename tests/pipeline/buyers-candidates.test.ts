// The buyer scan tries its alias regexes only where an alias's first word occurs (issue 23): the same
// buyers, regions and positions as the plain global search, which runs when a text holds a long s.
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { buyerMatcherFor } from "../../src/pipeline/buyers.js";

const config = loadConfig({ env: { NEWS_COVERAGE_HOME: path.join(os.tmpdir(), "nc-buyers-candidates-no-home") } });
const matcher = buyerMatcherFor(config);
const aliases = config.buyers.flatMap((b) => b.aliases);
const URL_ = "https://deadline.com/2025/12/story-1236652941/";

/** Fragments that make aliases, near-aliases and their boundaries. */
const fragment = fc.oneof(
  fc.constantFrom(...aliases),
  fc.constantFrom(...aliases).map((a) => a.toUpperCase()),
  fc.constantFrom(...aliases).map((a) => `${a}s`),
  fc.constantFrom(...aliases).map((a) => a.replace(/ /g, "\n ")),
  fc.constantFrom(" ", ". ", "\n", "-", "'s ", "é", "İ", "\u212a", "Max", "maxwell", "+", "the deal", "Bros.", "x"),
);
const text = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(""));

describe("buyer scan at candidate positions", () => {
  it("finds what the global search finds (a long s at the end forces the global search)", () => {
    fc.assert(
      fc.property(text, text, (title, content) => {
        const fast = matcher.match({ title, content, url: URL_ });
        const plain = matcher.match({ title, content: `${content} \u017f`, url: URL_ });
        expect(fast).toEqual(plain);
      }),
      { numRuns: 2000, seed: 23 },
    );
  });

  it("a Kelvin sign still matches its letter, as the regex does", () => {
    const kelvin = "\u212a";
    const named = (title: string) => matcher.match({ title: `${title} renews the show`, content: "Nothing to see.", url: URL_ }).strong;
    const pairs = config.buyers.flatMap((b) => b.aliases.filter((a) => /k/i.test(a) && named(a).includes(b.name)).map((a) => [b.name, a] as const));
    expect(pairs.length).toBeGreaterThan(0);
    for (const [name, alias] of pairs) expect(named(alias.replace(/k/i, kelvin))).toContain(name);
  });
});
