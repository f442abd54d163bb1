import {
  BillingCalendar,
  comparePeriods,
  PERIOD_PATTERN,
} from './billing-calendar.js';

/** The slow, obvious answer: ask Intl for the local year and month of every instant. */
function referencePeriod(timeZone: string): (instant: Date) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  });
  return (instant) => {
    const parts = format.formatToParts(instant);
    const year = parts.find((part) => part.type === 'year')?.value ?? '';
    const month = parts.find((part) => part.type === 'month')?.value ?? '';
    return `${year.padStart(4, '0')}-${month}`;
  };
}

/** The local date of an instant, "YYYY-MM-DD", by the same slow road. */
function referenceDate(timeZone: string): (instant: Date) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (instant) => format.format(instant);
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

describe('BillingCalendar.range', () => {
  it.each([
    'UTC 2024-03 2024-03-01T00:00Z 2024-04-01T00:00Z',
    'UTC 2024-02 2024-02-01T00:00Z 2024-03-01T00:00Z',
    'UTC 2023-12 2023-12-01T00:00Z 2024-01-01T00:00Z',
    // Berlin: +01 in winter, +02 in summer, and the March change inside the month
    'Europe/Berlin 2024-01 2023-12-31T23:00Z 2024-01-31T23:00Z',
    'Europe/Berlin 2024-03 2024-02-29T23:00Z 2024-03-31T22:00Z',
    'Europe/Berlin 2024-07 2024-06-30T22:00Z 2024-07-31T22:00Z',
    'Europe/Berlin 2024-10 2024-09-30T22:00Z 2024-10-31T23:00Z',
    'America/New_York 2024-01 2024-01-01T05:00Z 2024-02-01T05:00Z',
    'America/New_York 2024-07 2024-07-01T04:00Z 2024-08-01T04:00Z',
    'America/New_York 2024-12 2024-12-01T05:00Z 2025-01-01T05:00Z',
    'Asia/Kolkata 2024-05 2024-04-30T18:30Z 2024-05-31T18:30Z',
    // Chatham: +13:45 in its summer, +12:45 in its winter
    'Pacific/Chatham 2024-01 2023-12-31T10:15Z 2024-01-31T10:15Z',
    'Pacific/Chatham 2024-07 2024-06-30T11:15Z 2024-07-31T11:15Z',
    // Lord Howe moves its clock by half an hour: +11 in summer, +10:30 in winter
    'Australia/Lord_Howe 2024-01 2023-12-31T13:00Z 2024-01-31T13:00Z',
    'Australia/Lord_Howe 2024-07 2024-06-30T13:30Z 2024-07-31T13:30Z',
    // Asunción skipped the midnight of 1 October 2023 (00:00 → 01:00): it starts at 01:00
    'America/Asuncion 2023-10 2023-10-01T04:00Z 2023-11-01T03:00Z',
    'America/Asuncion 2023-09 2023-09-01T04:00Z 2023-10-01T04:00Z',
    // Havana lived the midnight of 1 November 2020 twice (01:00 → 00:00): the first one counts
    'America/Havana 2020-11 2020-11-01T04:00Z 2020-12-01T05:00Z',
    'UTC 0001-01 0001-01-01T00:00Z 0001-02-01T00:00Z',
    'UTC 9999-12 9999-12-01T00:00Z +010000-01-01T00:00Z',
  ])('%s: zone, period, [start, end)', (row) => {
    const [timeZone, period, start, end] = row.split(' ');
    const calendar = new BillingCalendar(timeZone);
    const range = calendar.range(period);
    expect(range.start).toEqual(new Date(start));
    expect(range.end).toEqual(new Date(end));
    expect(calendar.periodOf(range.start)).toBe(period);
    expect(calendar.periodOf(new Date(range.end.getTime() - 1))).toBe(period);
    if (period !== '0001-01') {
      expect(calendar.periodOf(new Date(range.start.getTime() - 1))).toBe(
        calendar.previous(period),
      );
    }
  });

  it.each(['2024-13', '2024-00', '2024-1', '24-01', '0000-01', '2024-01 ', ''])(
    'refuses the period %p',
    (period) => {
      expect(() => new BillingCalendar('UTC').range(period)).toThrow(
        RangeError,
      );
    },
  );
});

/**
 * Month boundaries in zones of every kind (whole-hour, half-hour, 45-minute, summer time, a
 * 30-minute summer shift): the first instant of a month, the month before it and its own. The
 * millisecond before the boundary is in the month before.
 */
const BOUNDARIES = [
  ['UTC', '2024-02-01T00:00:00.000Z', '2024-01', '2024-02'],
  ['UTC', '2024-01-01T00:00:00.000Z', '2023-12', '2024-01'],
  ['Europe/Berlin', '2023-12-31T23:00:00.000Z', '2023-12', '2024-01'],
  ['Europe/Berlin', '2024-06-30T22:00:00.000Z', '2024-06', '2024-07'],
  ['America/New_York', '2025-01-01T05:00:00.000Z', '2024-12', '2025-01'],
  ['Asia/Kolkata', '2024-04-30T18:30:00.000Z', '2024-04', '2024-05'],
  ['Pacific/Chatham', '2023-12-31T10:15:00.000Z', '2023-12', '2024-01'],
  ['Australia/Lord_Howe', '2024-06-30T13:30:00.000Z', '2024-06', '2024-07'],
  ['America/Asuncion', '2023-10-01T04:00:00.000Z', '2023-09', '2023-10'],
].flatMap(([zone, first, before, after]) => [
  [zone, new Date(Date.parse(first) - 1).toISOString(), before],
  [zone, first, after],
]);

describe('BillingCalendar.periodOf', () => {
  it.each([
    ...BOUNDARIES,
    // Havana's clocks went back from 01:00 to 00:00 on 1 November 2020: its first hour came twice.
    ['America/Havana', '2020-11-01T03:59:59.999Z', '2020-10'],
    ['America/Havana', '2020-11-01T05:30:00.000Z', '2020-11'],
  ])('%s: %s is in %s', (timeZone, instant, period) => {
    expect(new BillingCalendar(timeZone).periodOf(new Date(instant))).toBe(
      period,
    );
  });

  it('answers from its cache and past it alike, in any order', () => {
    const calendar = new BillingCalendar('Europe/Berlin');
    const instants = [
      '2024-03-15T12:00:00.000Z',
      '2024-03-15T12:00:01.000Z',
      '2024-02-29T22:59:59.999Z',
      '2024-03-31T21:59:59.999Z',
      '2024-03-31T22:00:00.000Z',
      '2024-03-15T12:00:00.000Z',
    ];
    expect(instants.map((text) => calendar.periodOf(new Date(text)))).toEqual([
      '2024-03',
      '2024-03',
      '2024-02',
      '2024-03',
      '2024-04',
      '2024-03',
    ]);
  });

  it.each([
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Asia/Kolkata',
    'Pacific/Chatham',
    'Australia/Lord_Howe',
    'America/Asuncion',
    'America/Sao_Paulo',
  ])('agrees with Intl in %s over 5,000 random instants', (timeZone) => {
    const calendar = new BillingCalendar(timeZone);
    const reference = referencePeriod(timeZone);
    const next = random(timeZone.length);
    const from = Date.UTC(2000, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    const disagreements: string[] = [];
    let previous = new Date(from);
    for (let i = 0; i < 5_000; i++) {
      // Half near the last one, so that the cache is hit and left, and crossing a boundary
      const instant =
        i % 2 === 0
          ? new Date(from + Math.floor(next() * (to - from)))
          : new Date(previous.getTime() + Math.floor((next() - 0.5) * 4 * DAY));
      if (calendar.periodOf(instant) !== reference(instant)) {
        disagreements.push(instant.toISOString());
      }
      previous = instant;
    }
    expect(disagreements).toEqual([]);
  });

  it.each([new Date(Number.NaN), new Date('+010000-01-01T00:00:00.000Z')])(
    'refuses %p',
    (instant) => {
      expect(() => new BillingCalendar('UTC').periodOf(instant)).toThrow(
        RangeError,
      );
    },
  );
});

const DAY = 86_400_000;

describe('month boundaries in every zone Intl knows', () => {
  it('start on the 1st, and the instant before is in the month before', () => {
    const failures: string[] = [];
    for (const timeZone of Intl.supportedValuesOf('timeZone')) {
      const calendar = new BillingCalendar(timeZone);
      const localDate = referenceDate(timeZone);
      const next = random(timeZone.length * 7_919);
      for (let i = 0; i < 12; i++) {
        const year = 2000 + Math.floor(next() * 40);
        const month = 1 + Math.floor(next() * 12);
        const period = `${year}-${String(month).padStart(2, '0')}`;
        const { start } = calendar.range(period);
        const before = new Date(start.getTime() - 1);
        const ok =
          localDate(start).startsWith(period) &&
          localDate(start).endsWith('-01') &&
          !localDate(before).startsWith(period) &&
          calendar.periodOf(start) === period &&
          calendar.periodOf(before) === calendar.previous(period);
        if (!ok) failures.push(`${timeZone} ${period} ${start.toISOString()}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('next, previous and comparePeriods', () => {
  const calendar = new BillingCalendar('Europe/Berlin');

  it.each([
    ['2024-12', '2025-01'],
    ['2024-01', '2024-02'],
    ['2024-09', '2024-10'],
    ['0001-01', '0001-02'],
    ['9999-11', '9999-12'],
  ])('after %s comes %s, and before it %s', (period, following) => {
    expect(calendar.next(period)).toBe(following);
    expect(calendar.previous(following)).toBe(period);
    expect(calendar.range(period).end).toEqual(calendar.range(following).start);
  });

  it('round-trips every month of a century', () => {
    let period = '2000-01';
    for (let i = 0; i < 1_200; i++) {
      const following = calendar.next(period);
      expect(calendar.previous(following)).toBe(period);
      expect(comparePeriods(period, following)).toBe(-1);
      period = following;
    }
    expect(period).toBe('2100-01');
  });

  it('refuses to step outside 0001-01 to 9999-12', () => {
    expect(() => calendar.next('9999-12')).toThrow(RangeError);
    expect(() => calendar.previous('0001-01')).toThrow(RangeError);
  });

  it.each([
    ['2024-01', '2024-02', -1],
    ['2024-12', '2025-01', -1],
    ['2025-01', '2024-12', 1],
    ['2024-05', '2024-05', 0],
  ])('compares %s with %s as %i', (a, b, order) => {
    expect(comparePeriods(a, b)).toBe(order);
  });

  it('refuses to compare a malformed period', () => {
    expect(() => comparePeriods('2024-1', '2024-02')).toThrow(RangeError);
  });

  it.each([
    ['2024-01', true],
    ['9999-12', true],
    ['2024-13', false],
    ['2024-00', false],
    ['2024-1', false],
    ['202-01', false],
  ])('PERIOD_PATTERN on %s is %p', (period, matches) => {
    expect(PERIOD_PATTERN.test(period)).toBe(matches);
  });
});

describe('time zones', () => {
  it.each(['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'utc', 'Etc/GMT+5'])(
    'knows %s',
    (name) => {
      expect(BillingCalendar.isTimeZone(name)).toBe(true);
    },
  );

  it.each(['', 'Mars/Olympus_Mons', 'Europe/Berlin ', 'GMT+25'])(
    'does not know %p',
    (name) => {
      expect(BillingCalendar.isTimeZone(name)).toBe(false);
      expect(() => new BillingCalendar(name)).toThrow(RangeError);
    },
  );

  it('names the zone canonically', () => {
    expect(new BillingCalendar('utc').timeZone).toBe('UTC');
    expect(new BillingCalendar('Europe/Berlin').timeZone).toBe('Europe/Berlin');
  });
});
