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
    start: new Date(Date.UTC(year, monthIndex, 1)),
    end: new Date(Date.UTC(year, monthIndex + 1, 1)),
  };
}
