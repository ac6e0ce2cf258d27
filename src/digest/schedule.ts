import cron, { type ScheduledTask } from "node-cron";
import { utcMs } from "../core/quarter.js";
import { addDays, zonedParts, zonedTime, localDate } from "./time.js";

/**
 * When the digest of a day is due. The digest written by a scheduled run is about the local day
 * of the run, or the day before when the run is before noon (so `5 0 * * *` digests yesterday).
 * A day is due once the last scheduled run that is about it has passed.
 */
export function digestDayAt(ms: number, timeZone: string): string {
  const day = localDate(ms, timeZone);
  return zonedParts(ms, timeZone).hour < 12 ? addDays(day, -1) : day;
}

interface CronMatcher {
  /** Epoch ms of the last scheduled run about `day`, or null when the schedule has none. */
  lastRunFor(day: string): number | null;
  close(): void;
}

const MINUTE = 60_000;

/** The zone's offset from UTC at `ms`, in minutes. */
function offsetMinutes(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  return Math.round((utcMs(p.year, p.month, p.day, p.hour, p.minute) - Math.floor(ms / MINUTE) * MINUTE) / MINUTE);
}

/** Minute-resolution matcher over node-cron's own parser (a 6-field pattern is checked at second 0). */
export function cronMatcher(expression: string, timeZone: string): CronMatcher {
  const task: ScheduledTask = cron.createTask(expression, () => undefined, { timezone: timeZone, name: `digest-matcher-${process.hrtime.bigint()}` });
  const cache = new Map<string, number | null>();
  let minutes: Set<number> | null = null;
  try {
    minutes = new Set(cron.parse(expression).minute);
  } catch {
    minutes = null;
  }
  return {
    lastRunFor(day) {
      if (cache.has(day)) return cache.get(day)!;
      const start = zonedTime(day, 12, 0, timeZone);
      const end = zonedTime(addDays(day, 1), 12, 0, timeZone);
      // Only minutes whose local minute the pattern allows need the full match (24 checks a day for
      // "55 23 * * *" instead of 1440), when the zone's offset is the same all through the window.
      const offsetStart = offsetMinutes(start, timeZone);
      const sameOffset = offsetStart === offsetMinutes(end, timeZone);
      let found: number | null = null;
      for (let t = end - MINUTE; t >= start; t -= MINUTE) {
        if (sameOffset && minutes) {
          const localMinute = (((Math.floor(t / MINUTE) + offsetStart) % 60) + 60) % 60;
          if (!minutes.has(localMinute)) continue;
        }
        if (task.match(new Date(t))) {
          found = t;
          break;
        }
      }
      cache.set(day, found);
      return found;
    },
    close() {
      void task.destroy();
    },
  };
}

/** Days whose digest is due at `now`, oldest first, among the last `days` calendar days (today included). */
export function dueDays(matcher: CronMatcher, now: number, timeZone: string, days: number): string[] {
  const today = localDate(now, timeZone);
  const out: string[] = [];
  for (let back = days; back >= 0; back--) {
    const day = addDays(today, -back);
    const run = matcher.lastRunFor(day);
    if (run !== null && run <= now) out.push(day);
  }
  return days > 0 ? out.slice(-days) : []; // at most `days` digests
}
