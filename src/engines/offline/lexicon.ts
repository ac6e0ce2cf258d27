// Hand-written domain knowledge shared by the classifier's cue features and the line writer.

/** Country (as written in a report's `[Country]` prefix) and the words that point to it. */
export const COUNTRIES: ReadonlyArray<{ name: string; words: readonly string[] }> = [
  { name: "UK", words: ["uk", "u.k", "britain", "british", "england", "english-language drama", "scotland", "scottish", "wales", "welsh", "bbc", "itv", "channel 4"] },
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
  ["renewed_for", /\brenewed (?:for|through)\b|\bfor (?:a )?(?:second|third|fourth|fifth|sixth|seventh|final|new) (?:season|installment)|\bseason [2-9]\b|\bs[2-9]\b/],
  ["back_for", /\b(?:back|return(?:s|ing)?) for (?:a |another )?(?:season|second|third|fourth)\b/],
  ["cancel", /\bcancel(?:l?ed|s|ing|lation)?\b|\baxed\b|\bscrapped\b|\bpulled the plug\b|\bwon'?t return\b|\bnot (?:be )?(?:moving|move) forward\b|\bopted not to\b|\bnot picked up\b|\bpass(?:ed|es)? on\b|\bend after\b/],
  ["final_season", /\bfinal season\b|\bending with\b|\bseries finale\b/],
  // greenlights / development
  ["greenlight", /\bgreen ?-?l(?:it|ight|ighted|ights)\b|\bordered to series\b|\bseries order\b|\bstraight-to-series\b|\bpicked up to series\b|\bhas ordered\b|\border(?:ed|s)? (?:a |an )?(?:pilot|series|season)\b|\bgiven the go-ahead\b|\bgo-ahead\b/],
  ["production", /\bproduction (?:start|begins|will begin|is set to begin|kicks off)|\bbegin(?:s)? (?:production|filming|shooting)|\bstart(?:s|ed)? (?:production|filming|shooting)|\bcameras? (?:roll|rolling)\b|\bwrapped production\b/],
  ["pilot", /\bpilot\b/],
  ["develop", /\bin (?:early )?development\b|\bin the works\b|\bdevelop(?:ing|s)?\b|\bis adapting\b|\badaptation\b|\bto adapt\b|\bbased on (?:the )?(?:book|novel|bestselling|comic|podcast)/],
  ["attached", /\battached\b|\bset to (?:star|direct|write|produce|lead|headline)\b|\bto star\b|\bwill (?:star|direct|write|pen)\b|\bhas (?:tapped|signed on)\b|\bsigned on\b|\bpenn?(?:ed|ing)\b|\bscript\b|\bwriting\b/],
  // pickups
  ["acquire_rights", /\b(?:acquired|acquires|acquire|landed|lands|picked up|picks up|nabbed|nabs|bought|buys|scooped up|snapped up)\b.{0,60}\b(?:rights|film|feature|movie|doc|documentary|series|drama|thriller|comedy)\b/],
  ["rights", /\b(?:distribution|streaming|worldwide|global|u\.s|north american|international|domestic|remake|licensing|exclusive) rights\b/],
  ["license", /\blicens(?:e|ed|ing)\b|\bsyndicat/],
  ["festival", /\b(?:sundance|cannes|tiff|toronto film festival|venice|berlinale|berlin|sxsw|telluride|afm|mipcom|mip tv|mipcom|series mania|festival)\b/],
  // dating
  ["premiere_date", /\bpremiere date\b|\brelease date\b|\bset (?:to premiere|to debut|to release|for release)\b|\bwill (?:premiere|debut|launch|bow|hit)\b|\bpremieres? on\b|\bdebuts? on\b|\bsets? (?:a )?(?:premiere|release|debut|launch) date\b|\bdated\b|\bdating\b/],
  ["move_date", /\b(?:moved|moves|shifted|shifts|pushed|pushes|delayed|delays|bumped) (?:up |back )?(?:to|from|its|the)\b|\bnew (?:release )?date\b/],
  ["trailer", /\btrailer\b|\bteaser\b|\bfirst look\b|\bfirst-look images\b/],
  ["month_date", /\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.? \d{1,2}\b/],
  // exec changes / org
  ["exit", /\bexit(?:s|ing)?\b|\bstep(?:s|ping)? down\b|\bdepart(?:s|ing|ure)?\b|\bleav(?:e|es|ing)\b|\bout at\b|\bousted\b|\bfired\b|\bretir(?:e|es|ing|ement)\b|\bpart(?:s|ing)? ways\b/],
  ["hire", /\bhire[sd]?\b|\bhiring\b|\bnamed\b|\bappoint(?:ed|s|ment)?\b|\btapped\b|\btaps\b|\bjoins? (?:as|the)\b|\bpoached\b|\brecruit/],
  ["promote", /\bpromot(?:ed|es|ion|ing)\b|\belevat(?:ed|es|ing)\b|\bupped\b|\bexpanded role\b|\bnew role\b/],
  ["exec_title", /\b(?:ceo|cfo|coo|cmo|cto|evp|svp|vp|chief [a-z]+ officer|president|chairman|chairwoman|chair|co-chair|head of|executive vice president|senior vice president|general manager|managing director)\b/],
  ["report_to", /\breport(?:s|ing)? (?:directly )?to\b/],
  ["layoffs", /\blayoffs?\b|\blaid off\b|\blay off\b|\bjob cuts\b|\bcut(?:s|ting)? (?:jobs|staff|positions)\b|\brestructur|\breorganiz|\breorg\b|\bheadcount\b|\bbuyouts?\b/],
  // deals
  ["overall_deal", /\boverall deal\b|\bfirst-look deal\b|\bfirst look deal\b|\bmulti-?year (?:deal|pact|partnership)\b|\b(?:overall|first-look) pact\b|\bsigned (?:a|an) .{0,30}(?:deal|pact)\b/],
  ["partnership", /\bpartner(?:ship|s|ed|ing)?\b|\bteam(?:s|ed)? up\b|\bjoint venture\b|\bcarriage\b|\bbundle\b/],
  // IR
  ["earnings", /\bearnings\b|\bquarterly (?:results|report)\b|\b(?:first|second|third|fourth)[- ]quarter\b|\bq[1-4]\b|\bfiscal\b|\brevenue\b|\bprofit\b|\bebitda\b|\boperating income\b|\bnet (?:income|loss)\b|\bper share\b|\bguidance\b|\bwall street\b|\banalysts? (?:expected|estimates)\b/],
  ["subscribers", /\bsubscribers?\b|\bsubs\b|\bpaid memberships\b|\bchurn\b/],
  ["conference", /\bconference\b|\bsummit\b|\binvestor day\b|\bfireside\b/],
  ["analyst", /\banalysts?\b|\bdowngrad|\bupgrad|\bprice target\b|\brating\b|\bmoffettnathanson\b|\bmorgan stanley\b|\bgoldman\b|\bjpmorgan\b|\bbofa\b|\bbernstein\b/],
  ["stock", /\bshares\b|\bstock\b|\bshareholders?\b|\bbuyback\b|\bdividend\b|\bmarket cap\b/],
  // M&A
  ["merger", /\bmerger\b|\bmerg(?:e|es|ing)\b|\bacquisition\b|\btakeover\b|\bbid(?:s|der|ding)?\b|\btender offer\b|\bdeal to (?:buy|acquire)\b|\bto (?:buy|acquire)\b|\bsale of\b|\bspin-?off\b|\bspin off\b|\bdivest|\bantitrust\b|\bregulat(?:ory|ors)\b|\bftc\b|\bdoj\b|\bbreakup fee\b|\bbillion\b/],
  // media kinds
  ["film", /\bfilm\b|\bmovie\b|\bfeature\b|\btheatrical\b|\bbox office\b|\bdirector\b|\bcinema/],
  ["tv", /\bseries\b|\bseason\b|\bepisodes?\b|\bshow\b|\bsitcom\b|\bdocuseries\b|\blimited series\b|\bnetwork\b|\bprimetime\b|\btelevision\b/],
  ["special", /\bspecial\b|\bconcert\b|\bstand-?up\b|\blive event\b|\bawards? show\b|\btelethon\b|\bparade\b|\bholiday special\b/],
  ["sports", /\bnfl\b|\bnba\b|\bwnba\b|\bmlb\b|\bnhl\b|\bmls\b|\bnascar\b|\bufc\b|\bwwe\b|\bolympic|\bsuper bowl\b|\bsoccer\b|\bfootball\b|\bbasketball\b|\bbaseball\b|\bhockey\b|\bgolf\b|\btennis\b|\bf1\b|\bformula 1\b|\bleague\b|\bsports\b|\bespn\b|\bgame[s]?\b|\bplayoffs?\b|\bpremier league\b|\bchampionship\b/],
  ["news", /\bnews division\b|\bcbs news\b|\bnbc news\b|\babc news\b|\bcnn\b|\bmsnbc\b|\banchor\b|\bjournalis|\bnewsroom\b|\b60 minutes\b|\bevening news\b|\bmorning show\b|\btoday show\b|\bgood morning america\b/],
  ["podcast", /\bpodcasts?\b/],
  ["international", /\binternational\b|\blocal (?:original|language|production)s?\b|\bnon-english\b|\bforeign-language\b|\bterritor(?:y|ies)\b|\bglobal markets?\b|\boverseas\b/],
  // strategy / misc
  ["interview", /\binterview\b|\bq&a\b|\bsat down with\b|\btold (?:variety|deadline|the hollywood reporter|thr)\b|\bin conversation\b|\bkeynote\b/],
  ["column", /\bcolumn\b|\bcommentary\b|\bopinion\b|\banalysis:|\bwhy does\b|\bwhat (?:it|this) means\b/],
  ["strategy", /\bstrategy\b|\bstrategic\b|\bpricing\b|\bprice (?:hike|increase)\b|\bad tier\b|\bad-supported\b|\badvertis|\bpassword sharing\b|\bbundl|\bstreaming service\b|\blaunch(?:es|ed|ing)?\b|\bai\b|\bartificial intelligence\b/],
  ["legal", /\blawsuit\b|\bsu(?:ed|es|ing)\b|\bcourt\b|\bjudge\b|\bsettle(?:d|ment|s)?\b|\blitigation\b|\bcomplaint\b|\balleg(?:es|ed|ation)/],
  ["awards", /\bawards?\b|\bemmys?\b|\boscars?\b|\bgolden globes?\b|\bnominations?\b|\bbaftas?\b|\bpeabody\b/],
  ["labor", /\bwga\b|\bsag-aftra\b|\bunion\b|\bguild\b|\bstrike\b|\biatse\b|\bdga\b/],
  ["theme_parks", /\btheme parks?\b|\bparks\b|\bcruise\b|\bexperiences\b|\bconsumer products\b|\bvideo games?\b|\bgaming\b/],
];

/** Trailing/leading site furniture on article leads ("EXCLUSIVE:", "UPDATED, May 1:"). */
export const LEAD_PREFIX_RE = /^(?:(?:EXCLUSIVE|UPDATED|UPDATE|BREAKING|REFILE|WATCH|VIDEO|PHOTOS?)(?:,? [A-Za-z]{3,9}\.? \d{1,2}(?:, \d{4})?)?(?: \([^)]*\))?\s*[:\-–—]\s*)+/;
