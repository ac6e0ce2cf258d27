// Hand-written domain knowledge shared by the classifier's cue features and the line writer.

/** Country (as written in a report's `[Country]` prefix) and the words that point to it. */
export const COUNTRIES: ReadonlyArray<{ name: string; words: readonly string[] }> = [
  {
    name: "UK",
    words: ["uk", "u.k", "britain", "british", "england", "english-language drama", "scotland", "scottish", "wales", "welsh", "bbc", "itv", "channel 4"],
  },
  { name: "Ireland", words: ["ireland", "irish"] },
  { name: "France", words: ["france", "french", "canal+"] },
  { name: "Germany", words: ["germany", "german"] },
  { name: "Spain", words: ["spain", "spanish"] },
  { name: "Italy", words: ["italy", "italian"] },
  { name: "Netherlands", words: ["netherlands", "dutch"] },
  { name: "Belgium", words: ["belgium", "belgian"] },
  { name: "Sweden", words: ["sweden", "swedish"] },
  { name: "Norway", words: ["norway", "norwegian"] },
  { name: "Denmark", words: ["denmark", "danish"] },
  { name: "Finland", words: ["finland", "finnish"] },
  { name: "Nordics", words: ["nordic", "nordics", "scandinavia", "scandinavian"] },
  { name: "Poland", words: ["poland", "polish"] },
  { name: "Turkey", words: ["turkey", "turkish", "turkiye"] },
  { name: "Israel", words: ["israel", "israeli"] },
  { name: "India", words: ["india", "indian", "bollywood", "hindi", "tamil", "telugu"] },
  { name: "Japan", words: ["japan", "japanese", "anime"] },
  { name: "Korea", words: ["korea", "korean", "k-drama"] },
  { name: "China", words: ["china", "chinese"] },
  { name: "Taiwan", words: ["taiwan", "taiwanese"] },
  { name: "Thailand", words: ["thailand", "thai"] },
  { name: "Indonesia", words: ["indonesia", "indonesian"] },
  { name: "Philippines", words: ["philippines", "filipino"] },
  { name: "Australia", words: ["australia", "australian"] },
  { name: "New Zealand", words: ["new zealand"] },
  { name: "Canada", words: ["canada", "canadian"] },
  { name: "Mexico", words: ["mexico", "mexican"] },
  { name: "Brazil", words: ["brazil", "brazilian"] },
  { name: "Argentina", words: ["argentina", "argentinian", "argentine"] },
  { name: "Colombia", words: ["colombia", "colombian"] },
  { name: "Chile", words: ["chile", "chilean"] },
  { name: "Latin America", words: ["latin america", "latin american", "latam"] },
  { name: "South Africa", words: ["south africa", "south african"] },
  { name: "Nigeria", words: ["nigeria", "nigerian", "nollywood"] },
  { name: "Egypt", words: ["egypt", "egyptian"] },
  { name: "Saudi Arabia", words: ["saudi", "saudi arabia"] },
  { name: "MENA", words: ["mena", "middle east", "arabic"] },
  { name: "Europe", words: ["europe", "european", "emea"] },
  { name: "Asia", words: ["asia", "asian", "apac", "asia-pacific"] },
];

/** Phrase cues an analyst reads as signals for a kind of story. Regexes run on normalised (lower-case) text. */
export const CUES: ReadonlyArray<[string, RegExp]> = [
  // renewals / cancellations
  ["renew", /\brenew(?:ed|s|al|ing)?\b/],
  [
    "renewed_for",
    /\brenewed (?:for|through)\b|\bfor (?:a )?(?:second|third|fourth|fifth|sixth|seventh|final|new) (?:season|installment)|\bseason [2-9]\b|\bs[2-9]\b/,
  ],
  ["back_for", /\b(?:back|return(?:s|ing)?) for (?:a |another )?(?:season|second|third|fourth)\b/],
  [
    "cancel",
    /\bcancel(?:l?ed|s|ing|lation)?\b|\baxed\b|\bscrapped\b|\bpulled the plug\b|\bwon'?t return\b|\bnot (?:be )?(?:moving|move) forward\b|\bopted not to\b|\bnot picked up\b|\bpass(?:ed|es)? on\b|\bend after\b/,
  ],
  ["final_season", /\bfinal season\b|\bending with\b|\bseries finale\b/],
  // greenlights / development
  [
    "greenlight",
    /\bgreen ?-?l(?:it|ight|ighted|ights)\b|\bordered to series\b|\bseries order\b|\bstraight-to-series\b|\bpicked up to series\b|\bhas ordered\b|\border(?:ed|s)? (?:a |an )?(?:pilot|series|season)\b|\bgiven the go-ahead\b|\bgo-ahead\b/,
  ],
  [
    "production",
    /\bproduction (?:start|begins|will begin|is set to begin|kicks off)|\bbegin(?:s)? (?:production|filming|shooting)|\bstart(?:s|ed)? (?:production|filming|shooting)|\bcameras? (?:roll|rolling)\b|\bwrapped production\b/,
  ],
  ["pilot", /\bpilot\b/],
  [
    "develop",
    /\bin (?:early )?development\b|\bin the works\b|\bdevelop(?:ing|s)?\b|\bis adapting\b|\badaptation\b|\bto adapt\b|\bbased on (?:the )?(?:book|novel|bestselling|comic|podcast)/,
  ],
  [
    "attached",
    /\battached\b|\bset to (?:star|direct|write|produce|lead|headline)\b|\bto star\b|\bwill (?:star|direct|write|pen)\b|\bhas (?:tapped|signed on)\b|\bsigned on\b|\bpenn?(?:ed|ing)\b|\bscript\b|\bwriting\b/,
  ],
  // pickups
  [
    "acquire_rights",
    /\b(?:acquired|acquires|acquire|landed|lands|picked up|picks up|nabbed|nabs|bought|buys|scooped up|snapped up)\b.{0,60}\b(?:rights|film|feature|movie|doc|documentary|series|drama|thriller|comedy)\b/,
  ],
  ["rights", /\b(?:distribution|streaming|worldwide|global|u\.s|north american|international|domestic|remake|licensing|exclusive) rights\b/],
  ["license", /\blicens(?:e|ed|ing)\b|\bsyndicat/],
  ["festival", /\b(?:sundance|cannes|tiff|toronto film festival|venice|berlinale|berlin|sxsw|telluride|afm|mipcom|mip tv|mipcom|series mania|festival)\b/],
  // dating
  [
    "premiere_date",
    /\bpremiere date\b|\brelease date\b|\bset (?:to premiere|to debut|to release|for release)\b|\bwill (?:premiere|debut|launch|bow|hit)\b|\bpremieres? on\b|\bdebuts? on\b|\bsets? (?:a )?(?:premiere|release|debut|launch) date\b|\bdated\b|\bdating\b/,
  ],
  ["move_date", /\b(?:moved|moves|shifted|shifts|pushed|pushes|delayed|delays|bumped) (?:up |back )?(?:to|from|its|the)\b|\bnew (?:release )?date\b/],
  ["trailer", /\btrailer\b|\bteaser\b|\bfirst look\b|\bfirst-look images\b/],
  [
    "month_date",
    /\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.? \d{1,2}\b/,
  ],
  // exec changes / org
  [
    "exit",
    /\bexit(?:s|ing)?\b|\bstep(?:s|ping)? down\b|\bdepart(?:s|ing|ure)?\b|\bleav(?:e|es|ing)\b|\bout at\b|\bousted\b|\bfired\b|\bretir(?:e|es|ing|ement)\b|\bpart(?:s|ing)? ways\b/,
  ],
  ["hire", /\bhire[sd]?\b|\bhiring\b|\bnamed\b|\bappoint(?:ed|s|ment)?\b|\btapped\b|\btaps\b|\bjoins? (?:as|the)\b|\bpoached\b|\brecruit/],
  ["promote", /\bpromot(?:ed|es|ion|ing)\b|\belevat(?:ed|es|ing)\b|\bupped\b|\bexpanded role\b|\bnew role\b/],
  [
    "exec_title",
    /\b(?:ceo|cfo|coo|cmo|cto|evp|svp|vp|chief [a-z]+ officer|president|chairman|chairwoman|chair|co-chair|head of|executive vice president|senior vice president|general manager|managing director)\b/,
  ],
  ["report_to", /\breport(?:s|ing)? (?:directly )?to\b/],
  [
    "layoffs",
    /\blayoffs?\b|\blaid off\b|\blay off\b|\bjob cuts\b|\bcut(?:s|ting)? (?:jobs|staff|positions)\b|\brestructur|\breorganiz|\breorg\b|\bheadcount\b|\bbuyouts?\b/,
  ],
  // deals
  [
    "overall_deal",
    /\boverall deal\b|\bfirst-look deal\b|\bfirst look deal\b|\bmulti-?year (?:deal|pact|partnership)\b|\b(?:overall|first-look) pact\b|\bsigned (?:a|an) .{0,30}(?:deal|pact)\b/,
  ],
  ["partnership", /\bpartner(?:ship|s|ed|ing)?\b|\bteam(?:s|ed)? up\b|\bjoint venture\b|\bcarriage\b|\bbundle\b/],
  // IR
  [
    "earnings",
    /\bearnings\b|\bquarterly (?:results|report)\b|\b(?:first|second|third|fourth)[- ]quarter\b|\bq[1-4]\b|\bfiscal\b|\brevenue\b|\bprofit\b|\bebitda\b|\boperating income\b|\bnet (?:income|loss)\b|\bper share\b|\bguidance\b|\bwall street\b|\banalysts? (?:expected|estimates)\b/,
  ],
  ["subscribers", /\bsubscribers?\b|\bsubs\b|\bpaid memberships\b|\bchurn\b/],
  ["conference", /\bconference\b|\bsummit\b|\binvestor day\b|\bfireside\b/],
  [
    "analyst",
    /\banalysts?\b|\bdowngrad|\bupgrad|\bprice target\b|\brating\b|\bmoffettnathanson\b|\bmorgan stanley\b|\bgoldman\b|\bjpmorgan\b|\bbofa\b|\bbernstein\b/,
  ],
  ["stock", /\bshares\b|\bstock\b|\bshareholders?\b|\bbuyback\b|\bdividend\b|\bmarket cap\b/],
  // M&A
  [
    "merger",
    /\bmerger\b|\bmerg(?:e|es|ing)\b|\bacquisition\b|\btakeover\b|\bbid(?:s|der|ding)?\b|\btender offer\b|\bdeal to (?:buy|acquire)\b|\bto (?:buy|acquire)\b|\bsale of\b|\bspin-?off\b|\bspin off\b|\bdivest|\bantitrust\b|\bregulat(?:ory|ors)\b|\bftc\b|\bdoj\b|\bbreakup fee\b|\bbillion\b/,
  ],
  // media kinds
  ["film", /\bfilm\b|\bmovie\b|\bfeature\b|\btheatrical\b|\bbox office\b|\bdirector\b|\bcinema/],
  ["tv", /\bseries\b|\bseason\b|\bepisodes?\b|\bshow\b|\bsitcom\b|\bdocuseries\b|\blimited series\b|\bnetwork\b|\bprimetime\b|\btelevision\b/],
  ["special", /\bspecial\b|\bconcert\b|\bstand-?up\b|\blive event\b|\bawards? show\b|\btelethon\b|\bparade\b|\bholiday special\b/],
  [
    "sports",
    /\bnfl\b|\bnba\b|\bwnba\b|\bmlb\b|\bnhl\b|\bmls\b|\bnascar\b|\bufc\b|\bwwe\b|\bolympic|\bsuper bowl\b|\bsoccer\b|\bfootball\b|\bbasketball\b|\bbaseball\b|\bhockey\b|\bgolf\b|\btennis\b|\bf1\b|\bformula 1\b|\bleague\b|\bsports\b|\bespn\b|\bgame[s]?\b|\bplayoffs?\b|\bpremier league\b|\bchampionship\b/,
  ],
  [
    "news",
    /\bnews division\b|\bcbs news\b|\bnbc news\b|\babc news\b|\bcnn\b|\bmsnbc\b|\banchor\b|\bjournalis|\bnewsroom\b|\b60 minutes\b|\bevening news\b|\bmorning show\b|\btoday show\b|\bgood morning america\b/,
  ],
  ["podcast", /\bpodcasts?\b/],
  [
    "international",
    /\binternational\b|\blocal (?:original|language|production)s?\b|\bnon-english\b|\bforeign-language\b|\bterritor(?:y|ies)\b|\bglobal markets?\b|\boverseas\b/,
  ],
  // strategy / misc
  ["interview", /\binterview\b|\bq&a\b|\bsat down with\b|\btold (?:variety|deadline|the hollywood reporter|thr)\b|\bin conversation\b|\bkeynote\b/],
  ["column", /\bcolumn\b|\bcommentary\b|\bopinion\b|\banalysis:|\bwhy does\b|\bwhat (?:it|this) means\b/],
  [
    "strategy",
    /\bstrategy\b|\bstrategic\b|\bpricing\b|\bprice (?:hike|increase)\b|\bad tier\b|\bad-supported\b|\badvertis|\bpassword sharing\b|\bbundl|\bstreaming service\b|\blaunch(?:es|ed|ing)?\b|\bai\b|\bartificial intelligence\b/,
  ],
  ["legal", /\blawsuit\b|\bsu(?:ed|es|ing)\b|\bcourt\b|\bjudge\b|\bsettle(?:d|ment|s)?\b|\blitigation\b|\bcomplaint\b|\balleg(?:es|ed|ation)/],
  ["awards", /\bawards?\b|\bemmys?\b|\boscars?\b|\bgolden globes?\b|\bnominations?\b|\bbaftas?\b|\bpeabody\b/],
  ["labor", /\bwga\b|\bsag-aftra\b|\bunion\b|\bguild\b|\bstrike\b|\biatse\b|\bdga\b/],
  ["theme_parks", /\btheme parks?\b|\bparks\b|\bcruise\b|\bexperiences\b|\bconsumer products\b|\bvideo games?\b|\bgaming\b/],
];

/** Trailing/leading site furniture on article leads ("EXCLUSIVE:", "UPDATED, May 1:"). */
export const LEAD_PREFIX_RE =
  /^(?:(?:EXCLUSIVE|UPDATED|UPDATE|BREAKING|REFILE|WATCH|VIDEO|PHOTOS?)(?:,? [A-Za-z]{3,9}\.? \d{1,2}(?:, \d{4})?)?(?: \([^)]*\))?\s*[:\-–—]\s*)+/;

/**
 * Headline/lead cues for the kind of story, read by an analyst before anything else. Each names the
 * leaf kind it points to (see `kindOfCategory`). Run on the normalised title + first sentence.
 */
export const KIND_CUES: ReadonlyArray<[string, RegExp]> = [
  [
    "renewals",
    /\brenew(?:ed|s|al|ing)?\b|\b(?:back|return(?:s|ing)?|headed back|coming back) for (?:a |another )?(?:second|third|fourth|fifth|sixth|seventh|new|final)? ?(?:season|round|installment)\b|\bfor (?:a )?(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) season\b|\bseason [2-9]\b|\bheaded back\b/,
  ],
  [
    "cancellations",
    /\bcancel(?:l?ed|s|ing|lation)\b|\baxed\b|\bscrapped\b|\bpulled the plug\b|\bwon'?t (?:return|be back)\b|\bnot (?:be )?moving forward\b|\bopted not to\b|\bnot picked up\b|\bnot (?:to )?proceed\b|\bend(?:ing|s)? (?:after|with)\b|\bfinal season\b|\bshut(?:s|ting)? down\b/,
  ],
  [
    "greenlights",
    /\bgreen ?-?l(?:it|ight|ighted|ights)\b|\bordered\b|\bseries order\b|\bstraight-to-series\b|\bpicked up to series\b|\bpicks up .{0,40}\bpilot\b|\border(?:s)? (?:a |an )?(?:pilot|series|season|limited series|docuseries)\b|\bgo-ahead\b|\bset to direct\b|\bwill direct\b|\b(?:begins?|starts?|started|kicks? off|underway|wrapped) (?:production|filming|shooting)\b|\bproduction (?:begins|starts|is underway)\b|\bunveil(?:s|ed)? .{0,90}\b(?:slate|originals?)\b|\bnew (?:[a-z-]+ )?(?:specials|originals|docus|series)\b|\bhas set (?:its|a|an) next\b|\bto (?:co-)?(?:produce|finance)\b|\bco-financ|\bcommission(?:s|ed)?\b|\bgreen light\b/,
  ],
  [
    "development",
    /\bin (?:early )?development\b|\bin the works\b|\bdevelop(?:ing|s)?\b|\bis adapting\b|\badaptation\b|\bto adapt\b|\battached to\b|\bset to (?:star|write|lead|headline|pen)\b|\bto star in\b|\bsigned on to\b|\bis writing\b|\bto write\b|\bpenn?ing\b|\breboot\b|\bremake\b/,
  ],
  [
    "pickups",
    /\b(?:acquired|acquires|acquire|landed|lands|nabbed|nabs|bought|buys|scooped up|snapped up|pre-bought|prebought|picked up|picks up|taken|takes|wins?|won)\b.{0,50}\brights\b|\b(?:acquired|acquires|lands|landed|nabs|nabbed|bought|buys|scoops|pre-bought)\b|\bscooped up\b|\bsnapped up\b|\btaken .{0,60}\brights\b|\bfirst (?:major )?sale\b|\bauction\b|\bpre-?buy|\bdistribution deal\b|\bbidding war\b|\bhas swum to\b|\bmoves? to (?:netflix|prime video|hulu|max|peacock|paramount\+|apple tv\+|disney\+)\b|\bnew home\b|\bstreaming home\b/,
  ],
  [
    "dating",
    /\bpremiere date\b|\brelease date\b|\bset (?:to premiere|to debut|for (?:a )?(?:release|premiere|debut))\b|\bwill (?:premiere|debut|bow|hit theaters|arrive)\b|\bpremieres? (?:on|in)\b|\bdebuts? (?:on|in)\b|\bsets? (?:a |its )?(?:premiere|release|debut|launch|return) date\b|\bdated\b|\bmoves? (?:up|back)\b|\bpushed (?:back|to)\b|\bdelayed\b|\bfirst trailer\b|\btrailer\b|\bteaser\b/,
  ],
  [
    "exec",
    /\bexit(?:s|ing)?\b|\bstep(?:s|ping)? down\b|\bdepart(?:s|ing|ure)?\b|\bleav(?:e|es|ing)\b|\bousted\b|\bfired\b|\bretir(?:e|es|ing)\b|\bpart(?:s|ing)? ways\b|\bhire[sd]?\b|\bnamed\b|\bappoint(?:ed|s)\b|\btapped\b|\btaps\b|\bjoins\b|\bpoach(?:es|ed)\b|\bpromot(?:ed|es)\b|\belevat(?:ed|es)\b|\bupped\b|\bnew role\b|\bto lead\b|\bsucceed(?:s|ing)?\b|\bsuccessor\b|\bcuts? yesterday\b|\bamong the notables? cuts\b/,
  ],
  [
    "org",
    /\blayoffs?\b|\blaid off\b|\blay(?:s|ing)? off\b|\bjob cuts\b|\bcut(?:s|ting)? (?:jobs|staff|positions|\d+)\b|\brestructur|\breorganiz|\breorg\b|\bheadcount\b|\bbuyouts?\b|\bculture memo\b|\bmemo\b/,
  ],
  [
    "deals",
    /\boverall deal\b|\bfirst-look deal\b|\bfirst look deal\b|\bmulti-?year (?:overall |first-look )?(?:deal|pact)\b|\b(?:overall|first-look) pact\b|\bproduction deal\b|\bpartnership\b|\bpartners? with\b|\bteam(?:s|ed)? (?:up )?with\b|\bsigns? (?:a |an )?.{0,25}\b(?:deal|pact)\b/,
  ],
  [
    "earnings",
    /\bearnings\b|\bquarterly\b|\b(?:first|second|third|fourth)[- ]quarter\b|\bq[1-4]\b|\bfiscal\b|\brevenue\b|\bprofits?\b|\bebitda\b|\bsubscribers?\b|\bshareholder letter\b|\bletter to shareholders\b|\bguidance\b/,
  ],
  ["conference", /\bconference\b|\bsummit\b|\binvestor day\b|\bfireside\b/],
  ["analyst", /\banalysts?\b|\bdowngrad|\bupgrad|\bprice target\b|\bmoffettnathanson\b|\bwall street\b/],
  [
    "merger",
    /\bmerger\b|\bmerg(?:e|es|ing)\b|\bacquisition of\b|\btakeover\b|\bbid (?:for|to)\b|\btender offer\b|\bdeal to (?:buy|acquire)\b|\bto (?:buy|acquire) (?:paramount|warner|wbd|lionsgate|starz|a24|the company)\b|\bsale of\b|\bspin-?off\b|\bspin off\b|\bantitrust\b/,
  ],
  [
    "misc",
    /\blawsuit\b|\bsu(?:ed|es|ing)\b|\bcourt\b|\bjudge\b|\bsettle(?:d|ment|s)?\b|\blitigation\b|\bawards?\b|\bnominations?\b|\bwga\b|\bsag-aftra\b|\bunion\b|\bguild\b|\bstrike\b|\bdispute\b|\bdefamation\b|\bboycott\b/,
  ],
  [
    "strategy",
    /\binterview\b|\bq&a\b|\bstrategy\b|\bstrateg(?:ic|ically)\b|\bcolumn\b|\bcommentary\b|\bprice (?:hike|increase)s?\b|\bad tier\b|\bad-supported\b|\bpassword sharing\b|\bbundle\b|\blaunch(?:es|ed|ing)?\b|\bexpand(?:s|ing)? into\b|\bgetting into\b/,
  ],
];

/** Cues for the medium, in the head. */
export const MEDIUM_CUES: ReadonlyArray<[string, RegExp]> = [
  [
    "TV",
    /\bseries\b|\bseason\b|\bepisodes?\b|\bsitcom\b|\bdocuseries\b|\blimited series\b|\bdrama\b|\bcomedy\b|\bshow\b|\bpilot\b|\btelevision\b|\btv\b|\breality\b|\bunscripted\b/,
  ],
  ["Film", /\bfilm\b|\bmovie\b|\bfeature\b|\btheatrical\b|\bbox office\b|\bpicture\b|\bdirectorial\b|\bsequel\b/],
  ["Specials", /\bspecials?\b|\bconcert\b|\bstand-?up\b|\blive event\b|\bawards? show\b|\btelethon\b|\bparade\b|\bprize\b|\bfest\b/],
  [
    "Sports",
    /\bnfl\b|\bnba\b|\bwnba\b|\bmlb\b|\bnhl\b|\bnascar\b|\bufc\b|\bwwe\b|\bolympic|\bsuper bowl\b|\bsoccer\b|\bfootball\b|\bbasketball\b|\bbaseball\b|\bhockey\b|\bgolf\b|\btennis\b|\bformula 1\b|\bleague\b|\bsports?\b|\bplayoffs?\b|\bchampionship\b|\bcollege football\b/,
  ],
  [
    "News",
    /\bnews division\b|\b(?:cbs|nbc|abc|cnn|fox) news\b|\bcnn\b|\bmsnbc\b|\banchor\b|\bjournalis|\bnewsroom\b|\b60 minutes\b|\bevening news\b|\bmorning show\b/,
  ],
  ["Podcasts", /\bpodcasts?\b/],
];

/** The kind a category's leaf stands for, matching the names in KIND_CUES. */
export function kindOfCategory(category: string): string {
  const parts = category.split(" -> ");
  const [section, sub, third] = parts;
  if (section === "Org") return sub === "Exec Changes" ? "exec" : "org";
  if (section === "M&A") return "merger";
  if (section === "Investor Relations") {
    if (sub === "Quarterly Earnings") return "earnings";
    if (sub === "IR Conferences") return "conference";
    if (sub === "Analyst Perspective") return "analyst";
    return "ir";
  }
  if (section === "Strategy & Miscellaneous News") return sub === "Strategy" ? "strategy" : "misc";
  if (sub === "Deals") return "deals";
  const kind = sub === "International" ? third : parts[2];
  switch (kind) {
    case "Renewals":
      return "renewals";
    case "Cancellations":
      return "cancellations";
    case "Greenlights":
      return "greenlights";
    case "Development":
      return "development";
    case "Pickups":
      return "pickups";
    case "Dating":
      return "dating";
    default:
      return "general";
  }
}

/** The medium of a Content category ("TV", "Film", "Specials", ... ; International ones by their last part). */
export function mediumOfCategory(category: string): string | null {
  const parts = category.split(" -> ");
  if (parts[0] !== "Content, Deals & Distribution") return null;
  if (parts[1] === "International") return parts.length === 4 ? parts[3]! : null;
  if (parts[1] === "Deals") return null;
  return parts[1] ?? null;
}
