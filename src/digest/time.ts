/** Calendar days (YYYY-MM-DD) in an IANA time zone, without any date library. */
import { isCalendarDate, utcMs } from "../core/quarter.js";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a plain-words error for a time zone Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatter(timeZone);
  } catch {
    throw new Error(`digest.timezone: unknown IANA time zone "${timeZone}" (e.g. "America/New_York", "UTC")`);
  }
}

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** The calendar date at `ms` in `timeZone`. */
export function localDate(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** A real calendar day YYYY-MM-DD within the one date range (core/quarter.ts). */
export function isDate(value: string): boolean {
  return isCalendarDate(value);
}

export function addDays(date: string, days: number): string {
  const m = DATE.exec(date);
  if (!m) throw new Error(`expected YYYY-MM-DD, got "${date}"`);
  return new Date(utcMs(Number(m[1]), Number(m[2]), Number(m[3]) + days)).toISOString().slice(0, 10);
}

/** Epoch ms of the wall-clock time `date hh:mm` in `timeZone` (the earlier one when a DST change repeats it). */
export function zonedTime(date: string, hour: number, minute: number, timeZone: string): number {
  const m = DATE.exec(date);
  if (!m) throw new Error(`expected YYYY-MM-DD, got "${date}"`);
  const wall = utcMs(Number(m[1]), Number(m[2]), Number(m[3]), hour, minute);
  const offsetAt = (ms: number) => {
    const p = zonedParts(ms, timeZone);
    return utcMs(p.year, p.month, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
  };
  let guess = wall - offsetAt(wall);
  guess = wall - offsetAt(guess);
  return guess;
}
