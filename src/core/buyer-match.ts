/** Which configured buyers an article names (pipeline/buyers.ts finds them). */
export interface BuyerMatch {
  /** Buyers named in the title, lead or URL host, in priority order. */
  strong: string[];
  /** Buyers named only further down the body, in priority order. */
  weak: string[];
  /** The strong buyer whose earliest mention scores best, or "Unknown". */
  primary: string;
}
