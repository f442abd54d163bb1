/**
 * Billing periods: the calendar month of an instant in the billing time zone, as `YYYY-MM`
 * (SPEC §7). A month starts at the first instant whose local date is its 1st — local midnight,
 * or the end of the gap when a zone skips midnight — so periods tile time with no hole and no
 * overlap, and `periodOf` is defined by the same boundaries that `range` answers.
 */

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

const DAY_MS = 86_400_000;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;
/** Month boundaries kept per calendar; past it the memo starts again rather than grow. */
const MEMO_LIMIT = 1_200;

interface Month {
  readonly year: number;
  readonly month: number;
}

export class BillingCalendar {
  /** The zone's canonical name: "utc" and "Etc/UTC" are both "UTC". */
  readonly timeZone: string;
  private readonly clock: Intl.DateTimeFormat;
  private readonly starts = new Map<string, number>();
  // The month of the latest call: nearly every call falls in it, so it costs two comparisons.
  private cachedPeriod = '';
  private cachedStart = 0;
  private cachedEnd = 0;

  constructor(timeZone: string) {
    if (!BillingCalendar.isTimeZone(timeZone)) {
      throw new RangeError(`unknown time zone "${timeZone}"`);
    }
    // The era keeps a year before 1 from reading as a year after it; h23 keeps midnight "00".
    this.clock = new Intl.DateTimeFormat('en-US', {
      timeZone,
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    this.timeZone = this.clock.resolvedOptions().timeZone;
  }

  static isTimeZone(name: string): boolean {
    if (typeof name !== 'string' || name.length === 0) return false;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      return true;
    } catch {
      return false;
    }
  }

  periodOf(instant: Date): string {
    const time = instant.getTime();
    if (time >= this.cachedStart && time < this.cachedEnd) {
      return this.cachedPeriod;
    }
    if (!Number.isFinite(time)) throw new RangeError('invalid date');
    const wall = this.wallClock(time);
    let month: Month = { year: wall.year, month: wall.month };
    // Intl's local date and the boundaries differ only where a zone turns its clock back
    // across midnight; the boundaries win, so that a period holds exactly its range.
    if (time < this.monthStart(month)) month = shift(month, -1);
    else if (time >= this.monthStart(shift(month, 1))) month = shift(month, 1);
    const period = name(month);
    this.cachedPeriod = period;
    this.cachedStart = this.monthStart(month);
    this.cachedEnd = this.monthStart(shift(month, 1));
    return period;
  }

  /** The instants where that local month starts and where the next one starts. */
  range(period: string): { start: Date; end: Date } {
    const month = parse(period);
    return {
      start: new Date(this.monthStart(month)),
      end: new Date(this.monthStart(shift(month, 1))),
    };
  }

  next(period: string): string {
    return name(shift(parse(period), 1));
  }

  previous(period: string): string {
    return name(shift(parse(period), -1));
  }

  private monthStart(month: Month): number {
    if (month.year < MIN_YEAR || month.year > MAX_YEAR + 1) {
      throw new RangeError(`year ${month.year} is out of range`);
    }
    const key = `${month.year}-${month.month}`;
    let start = this.starts.get(key);
    if (start === undefined) {
      if (this.starts.size >= MEMO_LIMIT) this.starts.clear();
      start = this.firstInstantOf(utcTime(month.year, month.month, 1, 0, 0, 0));
      this.starts.set(key, start);
    }
    return start;
  }

  /** The first instant whose local wall clock reads `wall` or later (both ms as if UTC). */
  private firstInstantOf(wall: number): number {
    // Offsets a day either side bracket the one in force at that midnight: no zone changes
    // its offset twice within two days.
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    const early = wall - Math.max(before, after);
    const late = wall - Math.min(before, after);
    // When the clock turns back over midnight, the earlier of the two midnights starts it.
    if (this.wallClock(early).time === wall) return early;
    if (this.wallClock(late).time === wall) return late;
    // Midnight was skipped: the month starts where the clock jumps past it, which lies in
    // (early, late]. Offsets change on whole seconds, so a search by seconds finds it.
    let low = early;
    let high = late;
    while (high - low > 1000) {
      const middle = low + Math.floor((high - low) / 2000) * 1000;
      if (this.wallClock(middle).time >= wall) high = middle;
      else low = middle;
    }
    return high;
  }

  /** Local time minus universal time at `time`, to the second (Intl shows no milliseconds). */
  private offsetAt(time: number): number {
    const second = Math.floor(time / 1000) * 1000;
    return this.wallClock(second).time - second;
  }

  /** The local date and time at `time`, the time as ms since the epoch as if it were UTC. */
  private wallClock(time: number): Month & { time: number } {
    const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    let beforeChrist = false;
    for (const part of this.clock.formatToParts(time)) {
      if (part.type === 'era') beforeChrist = part.value === 'BC';
      else if (part.type in fields) {
        fields[part.type as keyof typeof fields] = Number(part.value);
      }
    }
    const year = beforeChrist ? 1 - fields.year : fields.year;
    return {
      year,
      month: fields.month,
      time: utcTime(
        year,
        fields.month,
        fields.day,
        fields.hour,
        fields.minute,
        fields.second,
      ),
    };
  }
}

export function comparePeriods(a: string, b: string): number {
  parse(a);
  parse(b);
  // Four-digit years and two-digit months: text order is time order.
  return a < b ? -1 : a > b ? 1 : 0;
}

function parse(period: string): Month {
  const year = Number(period.slice(0, 4));
  if (!PERIOD_PATTERN.test(period) || year < MIN_YEAR) {
    throw new RangeError(
      `period must be a month as YYYY-MM (0001-01 to 9999-12), got "${period}"`,
    );
  }
  return { year, month: Number(period.slice(5, 7)) };
}

function shift({ year, month }: Month, months: number): Month {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

function name({ year, month }: Month): string {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`year ${year} is out of range 0001–9999`);
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** `Date.UTC` reads the years 0–99 as 1900–1999; `setUTCFullYear` takes them as written. */
function utcTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}
