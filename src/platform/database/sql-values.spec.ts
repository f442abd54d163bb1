import {
  Columns,
  integerValue,
  toSqlValue,
  utcDatetimeText,
} from './sql-values.js';

const read = (value: unknown): Columns => new Columns({ value });

describe('SQL values', () => {
  it('writes instants as UTC datetime text, to the millisecond', () => {
    expect(utcDatetimeText(new Date('2026-11-24T10:15:30.123Z'))).toBe(
      '2026-11-24 10:15:30.123',
    );
    expect(toSqlValue(new Date('2026-01-01T00:00:00Z'))).toBe(
      '2026-01-01 00:00:00.000',
    );
  });

  it('writes each instant as its own text, however instants repeat and alternate', () => {
    const instants = [
      '2026-11-24T10:15:30.123Z',
      '1970-01-01T00:00:00.000Z',
      '2026-11-24T10:15:30.123Z',
      '2026-11-24T10:15:30.124Z',
      '1970-01-01T00:00:00.000Z',
      '2026-11-24T10:15:30.124Z',
      '2026-11-24T10:15:30.123Z',
    ];
    for (const iso of instants) {
      expect(utcDatetimeText(new Date(iso))).toBe(
        iso.replace('T', ' ').slice(0, 23),
      );
    }
    expect(() => utcDatetimeText(new Date(Number.NaN))).toThrow(RangeError);
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
    expect(read(instant).date('value')).toBe(instant);
    expect(read('2026-11-24 10:15:30.123').date('value')).toEqual(instant);
  });

  it.each([
    ['6442450941', 6_442_450_941n],
    [6_442_450_941, 6_442_450_941n],
    ['9007199254740993', 9_007_199_254_740_993n],
    [null, 0n],
  ])('reads the sum %p exactly', (value, exact) => {
    expect(read(value).bigint('value')).toBe(exact);
  });

  it('refuses an integer beyond what a JS number holds exactly', () => {
    expect(read('9007199254740991').number('value')).toBe(
      Number.MAX_SAFE_INTEGER,
    );
    expect(() => read('9007199254740993').number('value')).toThrow(RangeError);
  });

  it.each([
    [42, 42],
    ['42', 42],
    ['007', 7],
    ['999999999999999', 999_999_999_999_999],
    ['-42', -42],
    [null, 0],
  ])('reads the integer %p as a number', (value, number) => {
    expect(read(value).number('value')).toBe(number);
  });

  it.each([1.5, 2 ** 53, '1e3', '1.5'])('refuses %p as an integer', (value) => {
    expect(() => read(value).number('value')).toThrow();
  });

  it('reads NULL and an absent column as null where a column is optional', () => {
    expect(read(null).optionalText('value')).toBeNull();
    expect(new Columns({}).optionalDate('value')).toBeNull();
    expect(read(7).optionalText('value')).toBe('7');
  });

  it('binds an integer as a number while it is exact, as its digits past that', () => {
    expect(integerValue(42n)).toBe(42);
    expect(integerValue('42')).toBe(42);
    expect(integerValue(9_007_199_254_740_993n)).toBe('9007199254740993');
  });
});
