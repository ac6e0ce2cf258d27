import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolvePaths } from "../../src/store/layout.js";
import { buildOutline, quarterTitles } from "../../src/report/outline.js";
import { readQuarterRecords } from "../../src/store/versions.js";
import { writeReports } from "../../src/report/write.js";
import { makeRecord, readDocx, seedStore, tempConfig } from "./helpers.js";

const SECTION_HEADINGS = [
  "0. Highlights From The Quarter",
  "1. Org",
  "2. Content, Deals & Distribution",
  "3. Strategy & Miscellaneous News",
  "4. Investor Relations",
  "5. M&A",
];

const SUBHEADINGS = [
  "Exec Changes",
  "Org",
  "Film",
  "TV",
  "Specials",
  "International",
  "Sports",
  "News",
  "Podcasts",
  "Deals",
  "Strategy",
  "Misc.",
  "Quarterly Earnings",
  "IR Conferences",
  "Analyst Perspective",
  "Misc.",
  "General News & Strategy",
];

function sonyQuarter() {
  const config = tempConfig();
  const records = [
    makeRecord({
      url: "https://deadline.com/2025/10/sony-exec-1/",
      published_at: "2025-10-07",
      facts: [
        {
          category: "Org -> Exec Changes",
          line: "Hiring: Jay Levine, EVP, Chief Strategy Officer at Sony Pictures Entertainment",
          notes: ["Jay reports to CEO Ravi Ahuja"],
        },
      ],
    }),
    makeRecord({
      url: "https://variety.com/2025/film/news/tubi-deal/",
      published_at: "2025-12-16",
      facts: [{ category: "Content, Deals & Distribution -> International -> General News & Strategy", line: "Sony strikes deal with AVOD streamer Tubi UK" }],
    }),
    makeRecord({
      url: "https://variety.com/2025/tv/news/miniature-wife/",
      published_at: "2025-11-12",
      facts: [{ category: "Content, Deals & Distribution -> International -> Pickups -> TV", line: "The Miniature Wife: Peacock, relationship comedy" }],
    }),
    makeRecord({
      url: "https://variety.com/2025/film/news/miss-archer/",
      published_at: "2025-10-30",
      facts: [{ category: "Content, Deals & Distribution -> Film -> Development", line: "Miss Archer: 3000 Pictures, drama" }],
    }),
    makeRecord({
      url: "https://variety.com/2025/film/news/whac-a-mole/",
      published_at: "2025-11-20",
      facts: [{ category: "Content, Deals & Distribution -> Film -> Development", line: "Whac-A-Mole: TriStar Pictures, live-action/animated film" }],
    }),
    makeRecord({
      url: "https://variety.com/2025/film/news/amazon-sony-deal/",
      published_at: "2025-12-27",
      facts: [
        {
          category: "Content, Deals & Distribution -> Film -> General News & Strategy",
          line: "Amazon MGM Studios and Sony Pictures sign multi-year international theatrical distribution agreement",
          notes: ["Amazon will continue to build out its own international theatrical distribution infrastructure"],
        },
      ],
      buyers: { strong: ["Sony", "Amazon"], weak: [] },
    }),
    makeRecord({
      url: "https://variety.com/2025/biz/news/earnings/",
      published_at: "2025-11-14",
      facts: [
        { category: "Investor Relations -> Quarterly Earnings -> Company Materials", line: "Q2 FY 2025 Earnings Report" },
        { category: "Investor Relations -> Quarterly Earnings -> News Coverage", line: "Sony Pictures reports 4% decline in operating income" },
      ],
    }),
    makeRecord({
      url: "https://variety.com/2025/biz/news/totoki/",
      published_at: "2025-11-14",
      facts: [
        {
          category: "Strategy & Miscellaneous News -> Strategy",
          line: "Sony CEO Hiroki Totoki outlines entertainment-first strategy",
          notes: ["Gaming, music, film and TV are 61% of sales", "Anime is a strategic growth area"],
        },
      ],
    }),
  ];
  seedStore(config, "Sony", "2025 Q4", records);
  return { config, records };
}

describe("quarter titles", () => {
  it("names the quarter and its months", () => {
    expect(quarterTitles("2025 Q4")).toMatchObject({ title: "Q4 2025 News & Updates", subtitle: "October – December 2025" });
    expect(quarterTitles("2025 Q1").subtitle).toBe("January – March 2025");
    expect(() => quarterTitles("2025 Q5")).toThrow();
  });
});

describe("writeReports: the Word document", () => {
  it("lays out title, TOC, sections, sub-headings, labels, entries, links and styles like the reference", async () => {
    const { config } = sonyQuarter();
    const written = await writeReports({ config, quarter: "2025 Q4", buyer: "Sony", format: "docx" });
    const reports = resolvePaths(config).reports;
    const docxPath = path.join(reports, "2025 Q4", "2025 Q4 Sony News Coverage.docx");
    expect(written).toEqual([docxPath, path.join(reports, "2025 Q4", "needs_review.md")]);

    const doc = readDocx(readFileSync(docxPath));
    const texts = doc.paragraphs.map((p) => p.text);
    expect(texts).toContain("Q4 2025 News & Updates");
    expect(texts).toContain("October – December 2025");
    expect(texts.indexOf("Q4 2025 News & Updates")).toBeLessThan(texts.indexOf("October – December 2025"));

    // Table of contents: a TOC field over Heading 1, inside Word's TOC content control, before the first section.
    expect(doc.documentXml).toMatch(/<w:instrText[^>]*>\s*TOC\b[^<]*\\o &quot;1-1&quot;/);
    expect(doc.documentXml).toContain('<w:docPartGallery w:val="Table of Contents"/>');
    expect(doc.documentXml.indexOf("TOC \\")).toBeLessThan(doc.documentXml.indexOf('<w:pStyle w:val="Heading1"/>'));
    expect(doc.files.get("word/settings.xml")!.toString("utf8")).toContain("<w:updateFields/>"); // Word numbers the TOC on open
    expect(doc.documentXml).toMatch(/<w:bookmarkStart w:name="_Toc\d+"[^>]*\/>(?:<w:r>.*?<\/w:r>)?/); // headings carry TOC bookmarks
    const tocEntries = doc.paragraphs.filter((p) => p.style === "toc 1").map((p) => p.text.replace(/\d+$/, ""));
    expect(tocEntries).toEqual(SECTION_HEADINGS);

    // Style names as Word names them, so the gallery and the TOC work.
    for (const name of ["Heading 1", "Heading 2", "List Paragraph", "No Spacing", "Hyperlink"]) {
      expect(doc.stylesXml).toContain(`<w:name w:val="${name}"/>`);
    }
    const h1 = doc.paragraphs.filter((p) => p.style === "Heading 1").map((p) => p.text);
    expect(h1).toEqual(SECTION_HEADINGS);
    // Only sub-headings with entries are printed (as in the reference reports), in reference order.
    const h2 = doc.paragraphs.filter((p) => p.style === "Heading 2").map((p) => p.text);
    expect(h2).toEqual(["Exec Changes", "Film", "International", "Strategy", "Quarterly Earnings"]);
    expect(h2.every((h) => SUBHEADINGS.includes(h))).toBe(true);

    const find = (text: string) => {
      const p = doc.paragraphs.find((q) => q.text.startsWith(text));
      if (!p) throw new Error(`no paragraph starting with ${text}`);
      return p;
    };
    // Exec change: List Paragraph bullet, date linked, note inline after the date.
    const exec = find("Hiring: Jay Levine");
    expect(exec.text).toBe("Hiring: Jay Levine, EVP, Chief Strategy Officer at Sony Pictures Entertainment (10/7) Jay reports to CEO Ravi Ahuja");
    expect(exec.style).toBe("List Paragraph");
    expect(exec.level).toBe(0);
    expect(exec.links).toEqual([{ text: "10/7", target: "https://deadline.com/2025/10/sony-exec-1/" }]);

    // Content: bold "No Spacing" labels, entries one level down, notes one more, newest first.
    const label = doc.paragraphs.find((p) => p.text === "Development")!;
    expect(label.style).toBe("No Spacing");
    expect(label.level).toBe(0);
    expect(label.bold).toBe(true);
    const dev = doc.paragraphs.filter((p) => p.text.startsWith("Whac-A-Mole") || p.text.startsWith("Miss Archer"));
    expect(dev.map((p) => p.text)).toEqual(["Whac-A-Mole: TriStar Pictures, live-action/animated film (11/20)", "Miss Archer: 3000 Pictures, drama (10/30)"]);
    expect(dev.every((p) => p.style === "No Spacing" && p.level === 1)).toBe(true);
    const deal = find("Amazon MGM Studios and Sony Pictures");
    const dealIndex = doc.paragraphs.indexOf(deal);
    expect(doc.paragraphs[dealIndex + 1]).toMatchObject({
      text: "Amazon will continue to build out its own international theatrical distribution infrastructure",
      level: 2,
      style: "No Spacing",
    });
    expect(deal.links[0]).toEqual({ text: "12/27", target: "https://variety.com/2025/film/news/amazon-sony-deal/" });

    // International: label, then Film/TV, then the entry.
    const intl = doc.paragraphs.findIndex((p) => p.style === "Heading 2" && p.text === "International");
    const intlBlock = doc.paragraphs.slice(intl + 1, intl + 6).map((p) => [p.text, p.level]);
    expect(intlBlock).toEqual([
      ["General News & Strategy", 0],
      ["Sony strikes deal with AVOD streamer Tubi UK (12/16)", 1],
      ["Pickups", 0],
      ["TV", 1],
      ["The Miniature Wife: Peacock, relationship comedy (11/12)", 2],
    ]);

    // Strategy notes are sub-bullets of a List Paragraph entry.
    const totoki = doc.paragraphs.indexOf(find("Sony CEO Hiroki Totoki"));
    expect(doc.paragraphs.slice(totoki, totoki + 3).map((p) => [p.style, p.level])).toEqual([
      ["List Paragraph", 0],
      ["List Paragraph", 1],
      ["List Paragraph", 1],
    ]);

    // IR: Company Materials before News Coverage under Quarterly Earnings.
    const ir = doc.paragraphs.findIndex((p) => p.text === "Quarterly Earnings");
    expect(doc.paragraphs.slice(ir + 1, ir + 5).map((p) => p.text)).toEqual([
      "Company Materials",
      "Q2 FY 2025 Earnings Report (11/14)",
      "News Coverage",
      "Sony Pictures reports 4% decline in operating income (11/14)",
    ]);

    // Every entry's date is a hyperlink.
    const entries = doc.paragraphs.filter((p) => /\(\d{1,2}\/\d{1,2}\)/.test(p.text));
    expect(entries).toHaveLength(9);
    expect(entries.every((p) => p.links.length === 1 && /^https:\/\//.test(p.links[0]!.target))).toBe(true);
  });

  it("keeps the numbered section headings of an empty report, and prints no empty sub-heading", async () => {
    const config = tempConfig();
    const [file] = await writeReports({ config, quarter: "2025 Q4", buyer: "A24", format: "docx" });
    expect(path.basename(file!)).toBe("2025 Q4 A24 News Coverage.docx");
    const doc = readDocx(readFileSync(file!));
    expect(doc.paragraphs.filter((p) => p.style === "Heading 1").map((p) => p.text)).toEqual(SECTION_HEADINGS);
    expect(doc.paragraphs.filter((p) => p.style === "Heading 2").map((p) => p.text)).toEqual([]);
  });

  it("escapes XML and drops control characters in lines", async () => {
    const config = tempConfig();
    seedStore(config, "Sony", "2025 Q4", [
      makeRecord({
        url: "https://variety.com/2025/x/?a=1&b=2",
        facts: [{ category: "Org -> Org", line: 'Sony <Pictures> & \u0007Friends "quoted"' }],
      }),
    ]);
    const [file] = await writeReports({ config, quarter: "2025 Q4", buyer: "Sony", format: "docx" });
    const doc = readDocx(readFileSync(file!));
    const entry = doc.paragraphs.find((p) => p.text.startsWith("Sony <Pictures>"))!;
    expect(entry.text).toBe('Sony <Pictures> & Friends "quoted" (11/5)');
    expect(entry.links[0]!.target).toBe("https://variety.com/2025/x/?a=1&b=2");
  });
});

describe("writeReports: buyers, versions and files", () => {
  it("reports an article under every strong buyer and its company, reading every company folder", async () => {
    const config = tempConfig();
    seedStore(config, "Netflix", "2025 Q4", [
      makeRecord({
        company: "Netflix",
        buyers: { strong: ["Netflix", "Sony", "WBD"], weak: ["Disney"] },
        facts: [{ category: "Content, Deals & Distribution -> Deals", line: "Netflix, Sony and WBD sign a shared deal" }],
      }),
    ]);
    seedStore(config, "Comcast", "2025 Q4", [makeRecord({ company: "Comcast/NBCU", buyers: { strong: ["Comcast/NBCU"], weak: [] } })]);
    const written = await writeReports({ config, quarter: "2025 Q4", format: "md" });
    const names = written.map((f) => path.basename(f)).sort();
    expect(names).toEqual([
      "2025 Q4 Comcast News Coverage.md",
      "2025 Q4 Netflix News Coverage.md",
      "2025 Q4 Sony News Coverage.md",
      "2025 Q4 Warner Bros Discovery News Coverage.md",
      "needs_review.md",
    ]);
    for (const name of ["Netflix", "Sony", "Warner Bros Discovery"]) {
      const md = readFileSync(
        written.find((f) => path.basename(f) === `2025 Q4 ${name} News Coverage.md`)!,
        "utf8",
      );
      expect(md).toContain("- Netflix, Sony and WBD sign a shared deal ([11/5](");
    }
    expect(written.some((f) => f.includes("Disney"))).toBe(false); // weak only: not reported
    expect(written.every((f) => f.startsWith(resolvePaths(config).reports + path.sep))).toBe(true);
  });

  it("reports only the newest version when a record supersedes an older one, else keeps the first", async () => {
    const config = tempConfig();
    const url = "https://variety.com/2025/tv/news/reprocessed/";
    const old = makeRecord({ url, processed_at: "2025-11-01T10:00:00Z", facts: [{ category: "Org -> Org", line: "Old line" }] });
    const dup = makeRecord({ url, processed_at: "2025-11-02T10:00:00Z", facts: [{ category: "Org -> Org", line: "Duplicate without supersedes" }] });
    const newer = makeRecord({
      url,
      processed_at: "2025-11-03T10:00:00Z",
      supersedes: true,
      company: "Netflix",
      buyers: { strong: ["Netflix"], weak: [] },
      facts: [{ category: "Org -> Org", line: "New line" }],
    });
    const keepFirstUrl = "https://variety.com/2025/tv/news/first/";
    seedStore(config, "Sony", "2025 Q4", [
      old,
      dup,
      makeRecord({ url: keepFirstUrl, facts: [{ category: "Org -> Org", line: "First version" }] }),
      makeRecord({ url: keepFirstUrl, processed_at: "2025-11-06T00:00:00Z", facts: [{ category: "Org -> Org", line: "Second, no supersedes" }] }),
    ]);
    seedStore(config, "Netflix", "2025 Q4", [newer]);
    const { records } = await readQuarterRecords({ ingestDir: resolvePaths(config).ingest, quarter: "2025 Q4" });
    expect(records.map((r) => r.facts[0]!.line).sort()).toEqual(["First version", "New line"]);

    const written = await writeReports({ config, quarter: "2025 Q4", format: "md" });
    const sony = readFileSync(
      written.find((f) => f.endsWith("Sony News Coverage.md"))!,
      "utf8",
    );
    const netflix = readFileSync(
      written.find((f) => f.endsWith("Netflix News Coverage.md"))!,
      "utf8",
    );
    expect(sony).not.toContain("Old line");
    expect(sony).not.toContain("New line"); // the new version is no longer Sony's
    expect(sony).toContain("First version");
    expect(sony).not.toContain("Second, no supersedes");
    expect(netflix).toContain("New line");
  });

  it("a superseding version in another quarter takes the article out of the old quarter", async () => {
    const config = tempConfig();
    const url = "https://variety.com/2025/tv/news/moved/";
    seedStore(config, "Sony", "2025 Q3", [
      makeRecord({ url, quarter: "2025 Q3", published_at: "2025-09-30", facts: [{ category: "Org -> Org", line: "Moved story" }] }),
    ]);
    seedStore(config, "Sony", "2025 Q4", [
      makeRecord({
        url,
        quarter: "2025 Q4",
        quarter_source: "override",
        supersedes: true,
        processed_at: "2025-11-06T00:00:00Z",
        facts: [{ category: "Org -> Org", line: "Moved story" }],
      }),
    ]);
    const ingest = resolvePaths(config).ingest;
    expect((await readQuarterRecords({ ingestDir: ingest, quarter: "2025 Q3" })).records).toHaveLength(0);
    expect((await readQuarterRecords({ ingestDir: ingest, quarter: "2025 Q4" })).records).toHaveLength(1);
  });

  it("skips torn and invalid lines with a warning and reports the rest", async () => {
    const config = tempConfig();
    const good = makeRecord({ facts: [{ category: "Org -> Org", line: "Good line" }] });
    const file = seedStore(config, "Sony", "2025 Q4", [good, "{not json", JSON.stringify({ ...good, id: "nope" })]);
    // a torn last line: no newline, cut mid-object
    const { appendFileSync } = await import("node:fs");
    appendFileSync(file, JSON.stringify(makeRecord()).slice(0, 40));
    const warnings: string[] = [];
    const written = await writeReports({ config, quarter: "2025 Q4", buyer: "Sony", format: "md", logger: { warn: (m) => warnings.push(m) } });
    expect(readFileSync(written[0]!, "utf8")).toContain("Good line");
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/:2: not valid JSON/);
    expect(warnings[1]).toMatch(/:3: not a valid record \(id:/);
    expect(warnings[2]).toMatch(/:4: not valid JSON \(torn last line\)/);
  });

  it("only reads the store: ingest files are unchanged and nothing is written outside data/reports", async () => {
    const { config } = sonyQuarter();
    const paths = resolvePaths(config);
    const before = readFileSync(path.join(paths.ingest, "Sony", "2025 Q4.jsonl"), "utf8");
    await writeReports({ config, quarter: "2025 Q4", format: "both" });
    expect(readFileSync(path.join(paths.ingest, "Sony", "2025 Q4.jsonl"), "utf8")).toBe(before);
    expect(readdirSync(paths.data).sort()).toEqual(["ingest", "reports"]);
    const files = readdirSync(path.join(paths.reports, "2025 Q4")).sort();
    expect(files).toEqual([
      "2025 Q4 Amazon News Coverage.docx",
      "2025 Q4 Amazon News Coverage.md",
      "2025 Q4 Sony News Coverage.docx",
      "2025 Q4 Sony News Coverage.md",
      "needs_review.md",
    ]); // no temp files left behind
  });

  it("passes display names through a safe name: no path escapes", async () => {
    const config = tempConfig({
      buyers: [{ name: "Evil", display: "../../../etc/Evil/..", aliases: ["evil"] }],
    });
    seedStore(config, "Evil", "2025 Q4", [makeRecord({ company: "Evil", buyers: { strong: ["Evil"], weak: [] } })]);
    const written = await writeReports({ config, quarter: "2025 Q4", format: "docx" });
    const dir = path.join(resolvePaths(config).reports, "2025 Q4");
    expect(written[0]).toBe(path.join(dir, "2025 Q4 etc_Evil News Coverage.docx"));
    expect(existsSync(written[0]!)).toBe(true);
  });

  it("rejects a bad quarter, buyer or format", async () => {
    const config = tempConfig();
    await expect(writeReports({ config, quarter: "../x" })).rejects.toThrow(/quarter/);
    await expect(writeReports({ config, quarter: "2025 Q4", buyer: "Nobody" })).rejects.toThrow(/unknown buyer "Nobody"/);
    await expect(writeReports({ config, quarter: "2025 Q4", format: "pdf" as never })).rejects.toThrow(/format/);
  });
});

describe("Markdown report and needs_review.md", () => {
  it("renders the same outline in Markdown", async () => {
    const { config } = sonyQuarter();
    const written = await writeReports({ config, quarter: "2025 Q4", buyer: "sony", format: "md" });
    const md = readFileSync(written[0]!, "utf8");
    expect(md.startsWith("# Q4 2025 News & Updates\n\n*October – December 2025* · Sony\n")).toBe(true);
    const headings = md.split("\n").filter((l) => l.startsWith("## ") && /^## \d\./.test(l));
    expect(headings).toEqual(SECTION_HEADINGS.map((h) => `## ${h}`));
    expect(md.split("\n").filter((l) => l.startsWith("### "))).toEqual([
      "### Exec Changes",
      "### Film",
      "### International",
      "### Strategy",
      "### Quarterly Earnings",
    ]);
    expect(md).toContain(
      "- Hiring: Jay Levine, EVP, Chief Strategy Officer at Sony Pictures Entertainment ([10/7](https://deadline.com/2025/10/sony-exec-1/)) Jay reports to CEO Ravi Ahuja\n",
    );
    expect(md).toContain(
      "**Pickups**\n\n- *TV*\n  - The Miniature Wife: Peacock, relationship comedy ([11/12](https://variety.com/2025/tv/news/miniature-wife/))\n",
    );
    expect(md).toContain(
      "([12/27](https://variety.com/2025/film/news/amazon-sony-deal/))\n  - Amazon will continue to build out its own international theatrical distribution infrastructure\n",
    );
    expect(md.indexOf("Whac-A-Mole")).toBeLessThan(md.indexOf("Miss Archer"));
  });

  it("lists flagged records with their reasons for the whole quarter", async () => {
    const config = tempConfig();
    seedStore(config, "Unknown", "2025 Q4", [
      makeRecord({ company: "Unknown", title: "Weak story", buyers: { strong: [], weak: ["Sony"] }, review: ["weak-only buyer match: Sony"] }),
    ]);
    seedStore(config, "Sony", "2025 Q4", [
      makeRecord({
        title: "Unsure story",
        confidence: 0.31,
        quarter_source: "arrival",
        review: ["low confidence 0.31 for Org -> Org", "quarter inferred from the file's arrival time", "title list: no title found; the headline stands in"],
      }),
      makeRecord({ title: "Fine story" }),
    ]);
    const written = await writeReports({ config, quarter: "2025 Q4", buyer: "Sony", format: "md" });
    const review = readFileSync(
      written.find((f) => f.endsWith("needs_review.md"))!,
      "utf8",
    );
    expect(review).toContain("2 of 3 articles were flagged");
    expect(review).toContain("## Sony");
    expect(review).toContain("## Unknown");
    // In the analyst's words, saying what to do in the desk; no internal wording, no --force.
    expect(review).toContain("why: The category Org -> Org is uncertain (confidence 0.31): check it, or pick one of the model's alternatives.");
    expect(review).toContain("the quarter is when it arrived: set the date");
    expect(review).toContain("No show or film title was found, so the headline is used as the line: edit the line to name the title.");
    expect(review).toContain("why: Sony is only mentioned in passing");
    expect(review).toContain("review desk");
    expect(review).not.toMatch(/--force|stands in|title list:/);
    expect(review).not.toContain("Fine story");
  });
});

describe("buildOutline", () => {
  it("links a date the line already holds instead of adding a second one", () => {
    const record = makeRecord({ facts: [{ category: "Org -> Org", line: "Sony sets premiere (12/1) for the holiday slate" }] });
    const outline = buildOutline({ records: [record], buyer: { name: "Sony", display: "Sony" }, quarter: "2025 Q4" });
    const entry = outline.sections[1]!.subheadings.find((s) => s.title === "Org")!.entries[0]!;
    expect(entry).toMatchObject({ before: "Sony sets premiere ", date: "12/1", after: " for the holiday slate" });
  });

  it("orders newest first, then by publisher time", () => {
    const records = [
      makeRecord({ published_at: "2025-10-01", facts: [{ category: "Org -> Org", line: "A" }] }),
      makeRecord({ published_at: "2025-12-01", published_datetime: "2025-12-01T08:00:00Z", facts: [{ category: "Org -> Org", line: "B" }] }),
      makeRecord({ published_at: "2025-12-01", published_datetime: "2025-12-01T18:00:00Z", facts: [{ category: "Org -> Org", line: "C" }] }),
      makeRecord({ published_at: "2025-11-01", quarter: "2025 Q3", facts: [{ category: "Org -> Org", line: "other quarter" }] }),
    ];
    const outline = buildOutline({ records, buyer: { name: "Sony", display: "Sony" }, quarter: "2025 Q4" });
    expect(outline.sections[1]!.subheadings.map((s) => s.title)).toEqual(["Org"]);
    expect(outline.sections[1]!.subheadings[0]!.entries.map((e) => e.before.trim())).toEqual(["C", "B", "A"]);
    expect(outline.recordCount).toBe(3);
  });
});
