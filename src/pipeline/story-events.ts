/**
 * Kinds of news event a headline names (docs/stories.md): a shared title with two different kinds
 * of event is two stories (the renewal and the trailer of one show, a film's box office and its
 * soundtrack). Pure; tuned on tests/fixtures/stories/pairs.json and pairs-report.json only.
 */

const MONTH = "january|february|march|april|may|june|july|august|september|october|november|december";
const SEASON_OF_YEAR = "spring|summer|fall|autumn|winter|holiday";
const FESTIVAL = "cannes|venice|toronto|tiff|sundance|berlin(ale)?|telluride|sxsw|tribeca|locarno|san sebastian|new york film festival|film festival|festival";

/** Kinds of event, each a pattern over the lower-cased headline (and lead's first sentence). */
const EVENT_PATTERNS: ReadonlyArray<[string, RegExp]> = [
  [
    "renewal",
    /\brenew(s|ed|al|ing)?\b|\b(second|third|fourth|fifth|sixth|2nd|3rd|4th|5th) season\b|\bseason (2|3|4|5|6|two|three|four|five|six) (order|pickup|is (happening|a go|confirmed))/,
  ],
  ["cancellation", /\bcancel(s|ed|led|ling|lation)?\b|\baxe[sd]?\b|\bscrap(s|ped)?\b|\bwon'?t return\b|\bends? after\b|\bwon[’']t (go|move) forward\b/],
  [
    "premiere-date",
    new RegExp(
      `\\bpremiere date\\b|\\bsets? (a |an )?([a-z.]+ )?(premiere|release|launch|debut|return)\\b|\\b(${MONTH}|${SEASON_OF_YEAR}) (premiere|return|debut|release)\\b|` +
        `\\bdates?\\b(?! (of|with|back))|\\bto premiere\\b(?! at)|\\bdebuts? (on|in)\\b|\\breturn date\\b|\\bmov(es|ed) (up|(up )?to (${MONTH}|${SEASON_OF_YEAR}|next|later|earlier|\\d))\\b|` +
        `\\bpush(es|ed) (back|to)\\b|\\bdelay(s|ed)?\\b|\\b(will )?stream(s|ing)? on [a-z+]+ (in|on|from) (${MONTH})\\b|\\bdigital release\\b`,
    ),
  ],
  ["trailer", /\btrailer\b|\bteaser\b|\bfirst look\b|\bfootage\b|\bfirst (photos|images)\b|\bposter\b/],
  [
    "casting",
    /\bcast(s|ing)?\b(?! (call|album))|\bjoins?\b(?= (the )?(cast|[‘“"']))|\bto star\b|\bboards?\b|\btapped to (star|play)\b|\bguest (arc|role|star)\b|\brecurring role\b|\bseries regular\b|\bto (lead|play)\b/,
  ],
  ["casting-call", /\bcasting call\b|\bauditions?\b|\bopen call\b/],
  ["order", /\bgreen ?light(s|ed)?\b|\border(s|ed)?\b|\bpicks? up\b|\bpicked up\b|\blands? (series|show)\b|\bis a go\b/],
  ["development", /\bin (early )?talks\b|\bin (early )?development\b|\bdevelop(s|ing)\b|\bin the works\b|\bweighs\b|\bmulls\b|\beyes\b/],
  ["acquisition", /\bacquir(e|es|ed|ing)\b|\bbuys?\b|\bbought\b|\bnabs?\b|\bsnaps? up\b|\bpre-?empts?\b|\brights\b|\blands at\b|\bsale\b/],
  ["merger", /\bmerger?\b|\btakeover\b|\bbid (for|to (buy|acquire))\b|\btender offer\b|\bto buy\b|\bcombine\b/],
  [
    "exit",
    /\bexit(s|ing)?\b|\bsteps? (down|away)\b|\bstepping down\b|\bleav(e|es|ing)\b|\bdepart(s|ure|ing)?\b|\bout as\b|\bousted\b|\bresign(s|ed)?\b|\bfired\b|\bto retire\b|\bretir(es|ing)\b|\bhand (over|off)\b/,
  ],
  [
    "hire",
    /\bhire[sd]?\b|\bnames?\b(?! (change|the))|\bnamed\b(?! (best|top))|\bappoint(s|ed)?\b|\bpromot(es|ed)\b|\btaps\b|\bupped\b|\bjoins\b(?! (the )?(cast|[‘“"']))|\belevat(es|ed)\b|\bto (run|head)\b/,
  ],
  ["showrunner", /\bshowrunners?\b|\bco-showrunners?\b|\brun the show\b/],
  ["earnings", /\bearnings\b|\bq[1-4]\b|\bquarter(ly)?\b|\brevenue\b|\bprofit\b|\bguidance\b|\bresults\b/],
  ["subscribers", /\bsubscribers?\b|\bsubs\b|\bmonthly (active )?users\b|\bpaying (members|customers)\b/],
  [
    "layoffs",
    /\blayoffs?\b|\blay(s|ing)? off\b|\blaid off\b|\bjob cuts?\b|\bcuts? ([\w,%.]+ ){0,3}(jobs|staff|employees|workforce)\b|\bworkforce\b|\bjobs?\b.*\beliminat|\bstaff cuts\b/,
  ],
  [
    "production",
    /\b(starts?|begins?) (filming|production|shooting)\b|\bwraps? (filming|production)\b|\b(goes|go|going) into production\b|\bto start filming\b|\bcameras roll\b|\bwriters[’']? room\b|\btable read\b|\bbegins filming\b/,
  ],
  [
    "ratings",
    /\bratings\b|\bviewers\b|\bviewership\b|\bviews\b|\btop 10\b|\bmost[- ]watched\b|\baudiences?\b|\bnielsen\b|\bminutes\b(?=.*\bstream)|\bstreaming record\b/,
  ],
  [
    "box-office",
    /\bbox office\b|\bopening weekend\b|\bopens? to \$|\bdebut(s|ed)? (to|with) \$|\bgross(es|ed)?\b|\bweekend\b|\bworldwide\b|\bthanksgiving\b.*\$/,
  ],
  [
    "festival",
    new RegExp(
      `\\b(world |north american )?premieres? (at|in) (the )?(${FESTIVAL})\\b|\\bworld premiere\\b|\\blineup\\b|\\bin competition\\b|\\bcompetition (premiere|titles?|slate)\\b|\\bto (open|close) (${FESTIVAL})\\b|\\bselected for (${FESTIVAL})\\b`,
    ),
  ],
  [
    "award",
    /\bnominat(ed|ion|ions|es)\b|\bnoms\b|\bprize\b|\bawards?\b|\bwins? (best|the|a) [\w ]{0,30}(award|prize|lion|bear|palme|globe|emmy|oscar|bafta)s?\b|\bnamed best\b|\bgolden (lion|bear|globes?)\b|\bsilver (lion|bear)\b|\bpalme d[’']or\b/,
  ],
  ["soundtrack", /\bsoundtrack\b|\bcast album\b|\bcast recording\b|\bscore (by|from)\b|\bbillboard\b|\balbum\b|\bsingle\b/],
  ["spin-off", /\bspin-?offs?\b|\bprequel\b|\bcompanion (series|show|podcast)\b|\bseparation\b|\bsplit(s)? into\b|\bbreak ?up\b/],
  ["deal", /\bpact\b|\bsigns?\b|\bdeal\b|\bpartnership\b|\bpartners? with\b|\blicens(e|es|ing)\b|\bagreement\b|\bstrikes?\b/],
  ["lawsuit", /\bsu(e|es|ed|ing)\b|\b(law)?suits?\b|\bcourt\b|\bjudge\b|\bcomplaint\b|\blegal action\b/],
  ["price", /\bprice(s|d)?\b|\bpricing\b|\bhikes?\b|\bad tier\b|\bcosts? more\b|\bad rates?\b|\b(raises?|raising|increases?) (the )?(cost|prices?|rates?)\b/],
  [
    "office",
    /\bopens? (a |its )?new ([\w.’'-]+ ){0,2}(office|headquarters|hq|hub|base|campus)\b|\bnew ([\w.’'-]+ ){0,2}(office|headquarters|hq|hub)\b|\bheadquarters\b|\bmoves? ([\w.]+ ){0,3}(teams|staff|operations) into\b|\blaunch(es|ed)? in\b/,
  ],
];

/** Events that another outlet may well name alongside the main one (a renewal "deal", an order that "casts"). */
const COMPATIBLE = new Set([
  "renewal|order",
  "order|casting",
  "acquisition|deal",
  "acquisition|merger",
  "merger|deal",
  "exit|hire",
  "exit|showrunner",
  "hire|showrunner",
  "earnings|price",
  "earnings|subscribers",
  "spin-off|order",
  "spin-off|merger",
  "acquisition|festival",
  "order|acquisition",
]);

/** "Adds Parker Posey", "Adds Dan Fogler": casting (and not "Adds Record 19 Million Subscribers"); read before lower-casing. */
const ADDS_A_NAME = /\bAdds? [A-Z][a-zà-ÿ'’-]+ (?:[A-Z]\. )?[A-Z][a-zà-ÿ'’-]+/;

export function eventsIn(text: string): Set<string> {
  const lower = text.toLowerCase();
  const events = new Set(EVENT_PATTERNS.filter(([, re]) => re.test(lower)).map(([name]) => name));
  if (ADDS_A_NAME.test(text) && !events.has("subscribers")) events.add("casting");
  return events;
}

/** Both name kinds of event and none agree (nor are compatible): two events. */
export function eventsConflict(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  return !eventsAgree(a, b);
}

/** Some kind of event one names is named by the other too, or goes with one it names. */
export function eventsAgree(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) {
    if (b.has(x)) return true;
    for (const y of b) if (COMPATIBLE.has(`${x}|${y}`) || COMPATIBLE.has(`${y}|${x}`)) return true;
  }
  return false;
}
