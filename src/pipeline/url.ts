import { createHash } from "node:crypto";

const TRACKING_PARAMS = /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|mkt_tok|cmpid|smid|ref_src)$/i;

/** The address without a user name or password (`https://user:pass@host/` -> `https://host/`): never stored or written. */
export function withoutCredentials(raw: string): string {
  const url = new URL(raw);
  if (url.username === "" && url.password === "") return raw;
  url.username = "";
  url.password = "";
  return url.toString();
}

/** The article's identity: lower-case host, no fragment, no tracking parameters, no default port, no credentials. */
export function canonicalUrl(raw: string): string {
  const url = new URL(raw);
  url.hash = "";
  url.username = "";
  url.password = "";
  url.hostname = url.hostname.toLowerCase();
  for (const key of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMS.test(key)) url.searchParams.delete(key);
  }
  return url.toString();
}

export function articleId(canonical: string): string {
  return createHash("sha256").update(canonical).digest("hex");
}

const KNOWN_SOURCES: Readonly<Record<string, string>> = {
  "variety.com": "Variety",
  "deadline.com": "Deadline",
  "hollywoodreporter.com": "The Hollywood Reporter",
  "thewrap.com": "TheWrap",
  "indiewire.com": "IndieWire",
  "screendaily.com": "Screen Daily",
  "bloomberg.com": "Bloomberg",
  "wsj.com": "The Wall Street Journal",
  "nytimes.com": "The New York Times",
  "reuters.com": "Reuters",
  "cnbc.com": "CNBC",
  "puck.news": "Puck",
  "axios.com": "Axios",
  "businessinsider.com": "Business Insider",
  "vulture.com": "Vulture",
  "tvline.com": "TVLine",
};

/** "variety.com" -> "Variety"; unknown hosts get their registrable name capitalised. */
export function sourceFromUrl(raw: string): string {
  const host = new URL(raw).hostname.toLowerCase().replace(/^www\./, "");
  for (const [domain, name] of Object.entries(KNOWN_SOURCES)) {
    if (host === domain || host.endsWith(`.${domain}`)) return name;
  }
  const parts = host.split(".");
  // "bbc.co.uk", "abc.net.au": skip the second-level label in front of a country code.
  const secondLevel = parts.length >= 3 && parts[parts.length - 1]!.length === 2 && /^(co|com|net|org|gov|ac|ne|or)$/.test(parts[parts.length - 2]!);
  const name = parts.length >= 2 ? parts[parts.length - (secondLevel ? 3 : 2)]! : host;
  return name.charAt(0).toUpperCase() + name.slice(1);
}
