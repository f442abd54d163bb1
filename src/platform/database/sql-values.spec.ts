import {
  bigintFrom,
  dateFrom,
  numberFrom,
  toSqlValue,
  utcDatetimeText,
} from './sql-values.js';

describe('SQL values', () => {
  it('writes instants as UTC datetime text, to the millisecond', () => {
    expect(utcDatetimeText(new Date('2026-11-24T10:15:30.123Z'))).toBe(
      '2026-11-24 10:15:30.123',
    );
    expect(toSqlValue(new Date('2026-01-01T00:00:00Z'))).toBe(
      '2026-01-01 00:00:00.000',
    );
  });

  it.each([
    [undefined, null],
    [true, 1],
    [false, 0],
    [12n, '12'],
    ['x', 'x'],
  ])('binds %p as %p', (value, bound) => {
    expect(toSqlValue(value)).toBe(bound);
  });

  it('reads a datetime as MySQL (a Date) and SQLite (UTC text) give it', () => {
    const instant = new Date('2026-11-24T10:15:30.123Z');
    expect(dateFrom(instant)).toBe(instant);
    expect(dateFrom('2026-11-24 10:15:30.123')).toEqual(instant);
  });

  it.each([
    ['6442450941', 6_442_450_941n],
    [6_442_450_941, 6_442_450_941n],
    ['9007199254740993', 9_007_199_254_740_993n],
    [null, 0n],
  ])('reads the sum %p exactly', (value, exact) => {
    expect(bigintFrom(value)).toBe(exact);
  });

  it('refuses an integer beyond what a JS number holds exactly', () => {
    expect(numberFrom('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => numberFrom('9007199254740993')).toThrow(RangeError);
  });
});
