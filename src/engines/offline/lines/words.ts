// Word lists of the line writer: what it recognises in an article, and how the press spells it.

/**
 * Networks, streamers, studios and labels a title list may give as its platform that no configured
 * buyer names: other companies' networks, and buyers' labels that are none of their aliases. The
 * buyers' own names and aliases are added from the configuration (platforms.ts).
 */
export const OTHER_PLATFORMS: readonly string[] = [
  "Amazon MGM Studios",
  "Amazon Freevee",
  "MGM+",
  "Amazon Studios",
  "Apple Original Films",
  "Universal Pictures International",
  "Universal Television",
  "Universal International Studios",
  "Universal Studio Group",
  "DreamWorks Animation",
  "Illumination",
  "E!",
  "Oxygen",
  "Walt Disney Studios",
  "Disney Branded Television",
  "Disney Channel",
  "Disney Junior",
  "Freeform",
  "National Geographic",
  "20th Century Studios",
  "20th Television",
  "Searchlight Pictures",
  "Marvel Studios",
  "Paramount Pictures",
  "Paramount Animation",
  "Paramount Television Studios",
  "CBS Studios",
  "BET+",
  "Sony Pictures Entertainment",
  "Sony Pictures Classics",
  "Sony Pictures Television",
  "Sony Pictures Animation",
  "Warner Bros. Pictures",
  "Warner Bros. Television",
  "New Line",
  "HBO Max",
  "Discovery+",
  "TLC",
  "HGTV",
  "Food Network",
  "Adult Swim",
  "Cartoon Network",
  "AMC+",
  "AMC",
  "The CW",
  "Fox",
  "Tubi",
  "Roku",
  "YouTube",
  "BBC",
  "ITV",
  "Channel 4",
  "Canal+",
  "Neon",
  "Blumhouse",
];

/**
 * Buyer names and aliases (lower case) that a title list never gives as its platform: tickers and
 * short forms, the display spelling without the press's period, bare words of labels the press
 * writes whole ("Marvel Studios", "20th Century Studios"), and names the press rarely uses as a
 * platform.
 */
export const NOT_PLATFORM_NAMES: ReadonlySet<string> = new Set([
  "comcast/nbcu",
  "nbcu",
  "wbd",
  "nflx",
  "p+",
  "ucp",
  "appletv",
  "warner bros discovery",
  "universal",
  "marvel",
  "mgm",
  "walt disney",
  "20th century",
  "lions gate",
  "fire tv",
  "versant",
  "universal content productions",
  "playstation productions",
]);

/** How the press writes words of a lower-case alias that plain capitalisation gets wrong ("apple tv+" -> "Apple TV+"). */
export const WORD_SPELLINGS: Readonly<Record<string, string>> = {
  tv: "TV",
  "tv+": "TV+",
  bros: "Bros.",
  usa: "USA",
  mgm: "MGM",
  dc: "DC",
  nbc: "NBC",
  nbcuniversal: "NBCUniversal",
  abc: "ABC",
  fx: "FX",
  espn: "ESPN",
  cbs: "CBS",
  mtv: "MTV",
  bet: "BET",
  hbo: "HBO",
  tnt: "TNT",
  tbs: "TBS",
  cnn: "CNN",
  tristar: "TriStar",
};

/** Genre words and phrases, longest first, as they appear in report lines. */
export const GENRES: readonly string[] = [
  "romantic comedy",
  "romantic drama",
  "sci-fi comedy",
  "horror comedy",
  "action comedy",
  "dark comedy",
  "black comedy",
  "workplace comedy",
  "family comedy",
  "relationship comedy",
  "musical comedy",
  "comedy thriller",
  "adventure comedy",
  "adventure drama",
  "comedy drama",
  "horror thriller",
  "heist thriller",
  "supernatural thriller",
  "fantasy drama",
  "sci-fi drama",
  "historical drama",
  "sports drama",
  "teen drama",
  "animated comedy series",
  "docuseries",
  "comedy-drama",
  "crime drama",
  "legal drama",
  "medical drama",
  "period drama",
  "family drama",
  "political thriller",
  "psychological thriller",
  "erotic thriller",
  "spy thriller",
  "crime thriller",
  "action thriller",
  "horror thriller",
  "sci-fi thriller",
  "true crime docuseries",
  "true crime",
  "limited series",
  "drama series",
  "comedy series",
  "docuseries",
  "documentary series",
  "documentary",
  "reality series",
  "reality competition",
  "competition series",
  "game show",
  "talk show",
  "late-night show",
  "sketch comedy",
  "stand-up special",
  "comedy special",
  "animated series",
  "animated feature",
  "animated comedy",
  "adult animated",
  "anime",
  "musical",
  "biopic",
  "procedural",
  "sitcom",
  "dramedy",
  "rom-com",
  "thriller",
  "horror",
  "comedy",
  "drama",
  "sci-fi",
  "fantasy",
  "western",
  "mystery",
  "action",
  "superhero",
  "anthology",
  "docudrama",
  "reality",
  "unscripted",
  "animation",
  "adventure",
  "satire",
  "coming-of-age",
];

export const WORD_NUMBERS: Record<string, number> = {
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

/** Capitalised words that start no personal name ("The", "Netflix", "President", "Monday"). */
export const NOT_NAME_WORDS = new Set(
  (
    "The A An In On At For With From This That These Those And But Or As After Before When While Why How What Who Where " +
    "Netflix Amazon Apple Disney Warner Bros Discovery Paramount Sony Universal Comcast Peacock Hulu Max Studios Studio Pictures Television " +
    "Entertainment Media Group Network Networks Films Film News Global International Productions Prime Video Original Originals Series Season " +
    "Street Park Company Channel Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August " +
    "September October November December Los Angeles New York London Hollywood Emmy Oscar Golden Globe Award Awards Festival Variety Deadline " +
    "Reporter President Chief Executive Officer Vice Head Chairman Chair Senior Director Manager Former Longtime Veteran Exclusive Report TV " +
    "Specialty Theatrical Distribution Marketing Production Development Programming Content Communications Operations Business Affairs " +
    "Strategy Sales Advertising Animation Unscripted Scripted Documentary Sports Digital Streaming Corporate Worldwide Domestic Creative " +
    "Partner Partners Capital Holdings Inc LLC Agency Talent Management Ventures Labs Officer Global Studios Division Unit Team Board " +
    // Events read as names otherwise ("Exit: Super Bowl at CBS").
    "Bowl Cup Olympics Olympic Games Championship Championships Open Derby Prix Grammy Grammys Emmys Oscars Globes Week League " +
    "Conference Summit Expo Fest Tournament Finals Upfront Upfronts Con Draft Playoffs Tour Gala Premiere Awards Show Live"
  ).split(" "),
);

export const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Aug\\.|Sept\\.|Oct\\.|Nov\\.|Dec\\.";
export const WEEKDAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
