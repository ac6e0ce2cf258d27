import { describe, expect, it } from "vitest";
import {
  assertQuarter,
  DATE_HINT,
  isCalendarDate,
  utcMs,
  dateFromUrl,
  inferQuarter,
  isQuarter,
  parseLooseQuarter,
  quarterAt,
  quarterOf,
  quarterParts,
  shortDate,
} from "../../src/core/quarter.js";

const ARRIVAL = Date.UTC(2026, 1, 10, 12); // 2026-02-10

describe("inferQuarter", () => {
  const cases: Array<[string, Parameters<typeof inferQuarter>[0], string, string, string]> = [
    [
      "published_at wins over url",
      { publishedAt: "2025-12-18", url: "https://deadline.com/2025/11/x/", arrivalMs: ARRIVAL },
      "2025 Q4",
      "published_at",
      "2025-12-18",
    ],
    [
      "url path with day when published_at is missing",
      { publishedAt: null, url: "https://variety.com/2025/05/07/x/", arrivalMs: ARRIVAL },
      "2025 Q2",
      "url",
      "2025-05-07",
    ],
    [
      "url path with month only",
      { publishedAt: null, url: "https://deadline.com/2025/12/david-leavy-1236652941/", arrivalMs: ARRIVAL },
      "2025 Q4",
      "url",
      "2025-12-01",
    ],
    ["arrival time as last resort", { publishedAt: null, url: "https://example.com/story", arrivalMs: ARRIVAL }, "2026 Q1", "arrival", "2026-02-10"],
    [
      "override beats everything, date kept",
      { override: "2025 Q3", publishedAt: "2025-10-01", url: "https://x.com/", arrivalMs: ARRIVAL },
      "2025 Q3",
      "override",
      "2025-10-01",
    ],
    ["a number that is not a month is no date", { publishedAt: null, url: "https://x.com/2025/13/x", arrivalMs: ARRIVAL }, "2026 Q1", "arrival", "2026-02-10"],
  ];
  it.each(cases)("%s", (_name, input, quarter, source, date) => {
    expect(inferQuarter(input)).toEqual({ quarter, quarter_source: source, date });
  });
});

describe("dates", () => {
  it("quarters by calendar month", () => {
    expect(["2025-01-01", "2025-03-31", "2025-04-01", "2025-09-30", "2025-10-01", "2025-12-31"].map(quarterOf)).toEqual([
      "2025 Q1",
      "2025 Q1",
      "2025 Q2",
      "2025 Q3",
      "2025 Q4",
      "2025 Q4",
    ]);
  });
  it("shows M/D without leading zeros", () => {
    expect(shortDate("2025-12-05")).toBe("12/5");
    expect(shortDate("2025-01-10")).toBe("1/10");
  });
  it("reads the date in a URL path", () => {
    expect(dateFromUrl("https://deadline.com/2025/12/05/x")).toEqual({ year: 2025, month: 12, day: 5 });
    expect(dateFromUrl("https://deadline.com/x/1236652941/")).toBeNull();
  });
});

describe("the quarter rule", () => {
  it("accepts only YYYY Q1..Q4 and says so", () => {
    expect(["2025 Q4", "1999 Q1"].map(isQuarter)).toEqual([true, true]);
    expect(["2025 Q5", "2025Q4", " 2025 Q4", "Q4 2025"].map(isQuarter)).toEqual([false, false, false, false]);
    expect(assertQuarter("2025 Q2")).toBe("2025 Q2");
    expect(() => assertQuarter("2025 Q0")).toThrow('quarter must look like "2025 Q4", from 1900 Q1 to 2199 Q4, got "2025 Q0"');
    expect(quarterParts("2024 Q3")).toEqual({ year: 2024, q: 3 });
    expect(quarterParts("2024-Q3")).toBeNull();
  });

  it("holds every date and quarter to one range, 1900-01-01 .. 2199-12-31 (issue 25 item 14)", () => {
    expect(["1900 Q1", "2199 Q4"].map(isQuarter)).toEqual([true, true]);
    expect(["0000 Q1", "1899 Q4", "2200 Q1", "9999 Q4"].map(isQuarter)).toEqual([false, false, false, false]);
    expect(() => assertQuarter("0000 Q1")).toThrow('quarter must look like "2025 Q4", from 1900 Q1 to 2199 Q4, got "0000 Q1"');
    expect(["1900-01-01", "2199-12-31", "2024-02-29"].map(isCalendarDate)).toEqual([true, true, true]);
    expect(["0001-01-01", "0099-12-31", "1899-12-31", "2200-01-01", "9999-12-31", "2023-02-29", "2025-13-01", "2025-1-01"].map(isCalendarDate)).toEqual(
      Array(8).fill(false),
    );
    expect(DATE_HINT).toBe("must be a date YYYY-MM-DD from 1900-01-01 to 2199-12-31");
  });

  it("builds UTC times without Date.UTC's 0-99 -> 19xx mapping", () => {
    expect(new Date(utcMs(1, 1, 1)).toISOString()).toBe("0001-01-01T00:00:00.000Z");
    expect(new Date(utcMs(99, 12, 31, 23, 59, 58)).toISOString()).toBe("0099-12-31T23:59:58.000Z");
    expect(new Date(utcMs(2025, 12, 32)).toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });

  it("reads loose spellings and the quarter of a moment", () => {
    expect(["2025Q4", "2025-q1", "q3 2024", " Q2_2023 "].map(parseLooseQuarter)).toEqual(["2025 Q4", "2025 Q1", "2024 Q3", "2023 Q2"]);
    expect(parseLooseQuarter("2025 Q5")).toBeNull();
    expect(quarterAt(Date.parse("2026-12-31T23:59:59Z"))).toBe("2026 Q4");
    expect(quarterAt(Date.parse("2026-04-01T00:00:00Z"))).toBe("2026 Q2");
  });
});
