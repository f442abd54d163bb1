/** A UTC calendar month, `[start, end)`, as named by `YYYY-MM`. */
export interface Period {
  readonly name: string;
  readonly start: Date;
  readonly end: Date;
}

export const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parsePeriod(name: string): Period {
  const match = PERIOD_PATTERN.exec(name);
  if (match === null) {
    throw new RangeError(`period must be a month as YYYY-MM, got "${name}"`);
  }
  const year = Number(match[1]);
  const monthIndex = Number(match[2]) - 1;
  return {
    name,
    start: utcMonthStart(year, monthIndex),
    end: utcMonthStart(year, monthIndex + 1),
  };
}

/** `Date.UTC` reads the years 0–99 as 1900–1999; `setUTCFullYear` takes them as written. */
function utcMonthStart(year: number, monthIndex: number): Date {
  const start = new Date(0);
  start.setUTCFullYear(year, monthIndex, 1);
  return start;
}
