/**
 * Faithfulness check for model-written lines (spec §5: "no name, number, title or date that the
 * article does not contain"). It is a cheap lexical test, deliberately lenient where wording
 * legitimately differs from the article (case, possessives, "Brazil" for "Brazilian", "EVP" for
 * "executive vice president", "S3" for "third season") and strict on what a model invents:
 * people, companies, titles and figures.
 */

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_ABBR = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sept?", "oct", "nov", "dec"];

const NUMBER_WORDS: Record<string, string[]> = {
  "1": ["one", "first", "single"],
  "2": ["two", "second", "double", "twice"],
  "3": ["three", "third", "triple"],
  "4": ["four", "fourth"],
  "5": ["five", "fifth"],
  "6": ["six", "sixth"],
  "7": ["seven", "seventh"],
  "8": ["eight", "eighth"],
  "9": ["nine", "ninth"],
  "10": ["ten", "tenth"],
  "11": ["eleven", "eleventh"],
  "12": ["twelve", "twelfth", "dozen"],
  "20": ["twenty"],
  "100": ["hundred"],
};

/** Words the line formats and house style bring in that an article may spell differently. */
const STYLE_WORDS = new Set([
  "exit",
  "promotion",
  "hiring",
  "new",
  "role",
  "interview",
  "commentary",
  "analysis",
  "unt",
  "evp",
  "svp",
  "vp",
  "avp",
  "ceo",
  "coo",
  "cfo",
  "cto",
  "cmo",
  "cco",
  "cpo",
  "cro",
  "gm",
  "co",
  "md",
  "us",
  "u.s",
  "usa",
  "uk",
  "u.k",
  "tv",
  "avod",
  "svod",
  "fast",
  "ip",
  "ai",
  "film",
  "series",
]);

/** Country names for the "[Country]" prefix, with the adjective an article may use instead. */
const DEMONYMS: Record<string, string[]> = {
  spain: ["spanish"],
  france: ["french"],
  germany: ["german"],
  china: ["chinese"],
  netherlands: ["dutch"],
  uk: ["british", "britain", "england", "english", "scottish", "welsh"],
  ireland: ["irish"],
  denmark: ["danish"],
  sweden: ["swedish"],
  norway: ["norwegian"],
  finland: ["finnish"],
  poland: ["polish"],
  turkey: ["turkish"],
  philippines: ["filipino"],
  switzerland: ["swiss"],
  greece: ["greek"],
  thailand: ["thai"],
  portugal: ["portuguese"],
  "south korea": ["korean"],
  korea: ["korean"],
  japan: ["japanese"],
  israel: ["israeli"],
  belgium: ["belgian"],
  "new zealand": ["kiwi"],
  us: ["american"],
  usa: ["american"],
};

/** Endings a word may carry in the article and still be the same name or word. */
const WORD_ENDINGS = "s|es|'s|'|n|an|ian|ans|ians|ese|ish|i|is|ed|d|ing|er|ers|ern";
/** The same endings for a word looked up in the article's word set (apostrophes split words there). */
const PLAIN_ENDINGS = ["s", "es", "n", "an", "ian", "ans", "ians", "ese", "ish", "i", "is", "ed", "d", "ing", "er", "ers", "ern"];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Same characters for the same text: NFKC, straight quotes, plain hyphens, single spaces. */
function foldText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ");
}

interface FaithfulnessSource {
  title: string;
  content: string;
  /** Names known to belong to the article although it may spell them otherwise (matched buyers, source). */
  knownNames?: readonly string[];
}

export class FaithfulnessChecker {
  private readonly haystack: string;
  private readonly digits: string;
  private readonly mentionsQuarter: boolean;
  private readonly words: Set<string>;
  private readonly memo = new Map<string, boolean>();

  constructor(source: FaithfulnessSource) {
    const all = [source.title, source.content, ...(source.knownNames ?? [])].join("\n");
    this.haystack = foldText(all).toLowerCase();
    // 1,000 and 1000 are the same number.
    this.digits = this.haystack.replace(/(\d),(?=\d{3}(?!\d))/g, "$1");
    this.mentionsQuarter = /quarter|\bq[1-4]\b/.test(this.haystack);
    this.words = new Set(this.haystack.split(/[^\p{L}\p{N}]+/u).filter(Boolean));
  }

  /**
   * Whole words, allowing the endings of plurals, possessives and demonyms: "Brazil" matches
   * "Brazilian", "studio" matches "studios", but "Max" does not match "Maxwell" or "Comax".
   * Plain words are looked up in a word set; phrases and tokens with punctuation use a regex.
   */
  contains(term: string): boolean {
    const needle = foldText(term).toLowerCase().trim();
    if (!needle) return true;
    const known = this.memo.get(needle);
    if (known !== undefined) return known;
    let found: boolean;
    if (/^[\p{L}\p{N}]+$/u.test(needle)) {
      found = this.words.has(needle) || PLAIN_ENDINGS.some((ending) => this.words.has(needle + ending));
    } else if (!this.haystack.includes(needle)) {
      found = false;
    } else {
      const end = /[\p{L}\p{N}]$/u.test(needle) ? `(?:${WORD_ENDINGS})?(?![\\p{L}\\p{N}])` : "";
      found = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}${end}`, "u").test(this.haystack);
    }
    this.memo.set(needle, found);
    return found;
  }

  private containsNumber(n: string): boolean {
    if (new RegExp(`(?<![\\d.])${escapeRegExp(n)}(?![\\d]|\\.\\d)`).test(this.digits)) return true;
    const integer = n.replace(/^0+(?=\d)/, "");
    return (NUMBER_WORDS[integer] ?? []).some((word) => this.contains(word));
  }

  private containsDate(month: number, day: number, literal: string): boolean {
    if (this.digits.includes(literal)) return true;
    if (month < 1 || month > 12) return false;
    const names = `(?:${MONTHS[month - 1]}|${MONTH_ABBR[month - 1]}\\.?)`;
    return new RegExp(`${names}\\s+${day}(?!\\d)`).test(this.haystack);
  }

  /**
   * Terms in `text` that the article does not support, in order of appearance (empty when the
   * line is faithful). `titleList`: the line is `Title: Platform, genre`; the title must appear
   * as a whole.
   */
  unsupported(text: string, options: { titleList?: boolean } = {}): string[] {
    const missing: string[] = [];
    const add = (term: string) => {
      if (!missing.includes(term)) missing.push(term);
    };
    let rest = foldText(text).trim();

    // Quoted titles must appear as a whole.
    for (const match of rest.matchAll(/"([^"]{2,})"/g)) {
      if (!this.contains(match[1]!)) add(`"${match[1]}"`);
    }
    // The publication date the report adds itself, "(12/18)", is not part of the claim.
    rest = rest.replace(/\(\d{1,2}\/\d{1,2}\)/g, " ");
    // Other dates: 2/14/25, 10/11, as "Feb. 14" or "2/14" in the article.
    rest = rest.replace(/(?<!\d)(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?(?![\d/])/g, (whole, m: string, d: string) => {
      if (!this.containsDate(Number(m), Number(d), whole)) add(whole);
      return " ";
    });
    // Country prefix.
    rest = rest.replace(/^\[([^\]]+)\]\s*/, (_whole, inner: string) => {
      for (const country of inner.split(/\s*[/,&]\s*|\s+and\s+/)) {
        const key = country.toLowerCase();
        const ok = this.contains(country) || (DEMONYMS[key] ?? []).some((d) => this.contains(d)) || STYLE_WORDS.has(key);
        if (!ok) add(country);
      }
      return "";
    });
    if (options.titleList) {
      const head = /^(.+?):\s/.exec(rest);
      if (head) {
        const title = head[1]!
          .replace(/\s+S\d{1,2}$/i, "")
          .replace(/^Unt\.?\s+/i, "")
          .trim();
        if (title && !/^unt(itled)?\b/i.test(head[1]!) && !this.contains(title)) add(title);
      }
    }
    rest = rest.replace(/(?<![\p{L}\p{N}])S\d{1,2}(?![\p{L}\p{N}])/gu, " ");

    for (const match of rest.matchAll(/\d+(?:[.,]\d+)*/g)) {
      const n = match[0].replace(/,(?=\d{3}(?!\d))/g, "").replace(/[.,]$/, "");
      if (!this.containsNumber(n)) add(match[0]);
    }
    for (const match of rest.matchAll(/(?<![\p{L}\p{N}'])\p{Lu}[\p{L}\p{N}&+'.]*/gu)) {
      const token = match[0].replace(/'s$/i, "").replace(/'$/, "").replace(/\.+$/, "");
      if (token.length < 2 || /^\d/.test(token)) continue;
      const lower = token.toLowerCase();
      if (STYLE_WORDS.has(lower)) continue;
      if (/^q[1-4]$/.test(lower) && this.mentionsQuarter) continue;
      if (/^fy\d*$/.test(lower)) continue;
      if (!this.contains(token)) add(token);
    }
    return missing;
  }
}
