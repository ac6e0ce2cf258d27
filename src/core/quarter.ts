type QuarterSource = "override" | "published_at" | "url" | "arrival";

interface DatedQuarter {
  quarter: string;
  quarter_source: QuarterSource;
  /** The date the coverage line shows, YYYY-MM-DD. */
  date: string;
}

/**
 * The one range for every date and quarter, everywhere: article dates, overrides and corrections,
 * `digest --date`, `report --quarter`, the desk's filters. Wide enough for any archive, narrow
 * enough that a typo (0001, 9999) is caught instead of written.
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2199;
/** What a message says a date must be: "must be a date YYYY-MM-DD from 1900-01-01 to 2199-12-31". */
export const DATE_HINT = `must be a date YYYY-MM-DD from ${FIRST_YEAR}-01-01 to ${LAST_YEAR}-12-31`;

/** A calendar quarter as records, store files and reports name it: "2025 Q4" (the shape; isQuarter adds the range). */
export const QUARTER_PATTERN = /^\d{4} Q[1-4]$/;
/** The example messages show. */
export const QUARTER_EXAMPLE = "2025 Q4";
/** What a message says a quarter must look like. */
export const QUARTER_HINT = `must look like "${QUARTER_EXAMPLE}", from ${FIRST_YEAR} Q1 to ${LAST_YEAR} Q4`;

export function isYearInRange(year: number): boolean {
  return Number.isInteger(year) && year >= FIRST_YEAR && year <= LAST_YEAR;
}

/**
 * Epoch ms of a UTC date and time; parts past their end roll over (day 32 is the next month's 1st).
 * setUTCFullYear, not Date.UTC: Date.UTC reads the years 0-99 as 1900-1999.
 */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** Whether y-m-d is a real calendar day within the range. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!isYearInRange(year)) return false;
  const date = new Date(utcMs(year, month, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** "2025-12-05": a real calendar day, written YYYY-MM-DD, within the range. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isQuarter(value: string): boolean {
  return QUARTER_PATTERN.test(value) && isYearInRange(Number(value.slice(0, 4)));
}

/** `value` when it is a quarter; otherwise throws, saying what a quarter looks like and its range. */
export function assertQuarter(value: string): string {
  if (!isQuarter(value)) throw new Error(`quarter ${QUARTER_HINT}, got "${value}"`);
  return value;
}

/** Year and quarter number of "2025 Q4"; null when it is not a quarter. */
export function quarterParts(quarter: string): { year: number; q: number } | null {
  return isQuarter(quarter) ? { year: Number(quarter.slice(0, 4)), q: Number(quarter.slice(6)) } : null;
}

/** Loose spellings ("2025Q4", "2025-q4", "Q4 2025") as "2025 Q4"; null when none fits. */
export function parseLooseQuarter(value: string): string | null {
  const text = value.trim().toUpperCase();
  const yearFirst = /^(\d{4})[\s_-]*Q([1-4])$/.exec(text);
  if (yearFirst) return `${yearFirst[1]} Q${yearFirst[2]}`;
  const quarterFirst = /^Q([1-4])[\s_-]*(\d{4})$/.exec(text);
  if (quarterFirst) return `${quarterFirst[2]} Q${quarterFirst[1]}`;
  return null;
}

/** The quarter a moment falls in (UTC). Pure: the caller reads the clock. */
export function quarterAt(ms: number): string {
  return quarterOf(isoDate(ms));
}

export function quarterOf(date: string): string {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  return `${year} Q${Math.floor((month - 1) / 3) + 1}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A date in the URL path: /2025/12/05/ or /2025/12/ (day unknown). */
export function dateFromUrl(url: string): { year: number; month: number; day: number | null } | null {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  const match = /\/((?:19|20)\d{2})\/(0?[1-9]|1[0-2])(?:\/(0?[1-9]|[12]\d|3[01]))?(?=\/|$)/.exec(pathname);
  if (!match) return null;
  return { year: Number(match[1]), month: Number(match[2]), day: match[3] ? Number(match[3]) : null };
}

/**
 * Quarter and display date, from (in order) the analyst's override, published_at, a date in the
 * URL path, the file's arrival time. Pure: the arrival time is passed in.
 */
export function inferQuarter(input: { override?: string; publishedAt: string | null; url: string; arrivalMs: number }): DatedQuarter {
  const fromUrl = dateFromUrl(input.url);
  const arrival = isoDate(input.arrivalMs);
  let date: string;
  let source: QuarterSource;
  if (input.publishedAt) {
    date = input.publishedAt;
    source = "published_at";
  } else if (fromUrl) {
    const month = `${fromUrl.year}-${pad(fromUrl.month)}`;
    // Month-only URLs: the arrival day when it falls in that month, otherwise the 1st.
    date = fromUrl.day ? `${month}-${pad(fromUrl.day)}` : arrival.startsWith(month) ? arrival : `${month}-01`;
    source = "url";
  } else {
    date = arrival;
    source = "arrival";
  }
  if (input.override) return { quarter: input.override, quarter_source: "override", date };
  return { quarter: quarterOf(date), quarter_source: source, date };
}

/** `2025-12-05` -> `12/5`. */
export function shortDate(date: string): string {
  return `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;
}
