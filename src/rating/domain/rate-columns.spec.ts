import { RateColumns } from './rate-columns.js';

function pushAll(columns: RateColumns, prefixes: readonly unknown[]): void {
  for (const prefix of prefixes) {
    columns.push(prefix as string, 60, 60, 50_000, 60, 0, 0);
  }
}

describe('RateColumns', () => {
  it('keeps every field by position, prices as exact micros', () => {
    const columns = new RateColumns(1);
    columns.push('', 60, 60, 20_000, 60, 0, 0);
    columns.push('0044', 30, 6, 999_999_999_999, 1, 150_000, 86_400);

    expect(columns.size).toBe(2);
    expect(columns.rate(1)).toEqual({
      prefix: '0044',
      firstBlockSeconds: 30,
      incrementSeconds: 6,
      priceMicros: 999_999_999_999n,
      priceUnitSeconds: 1,
      connectFeeMicros: 150_000n,
      noChargeSeconds: 86_400,
    });
    expect(columns.rate(0).prefix).toBe('');
  });

  it('grows past its first capacity, keeping what it holds', () => {
    const columns = new RateColumns(2);
    const prefixes = Array.from({ length: 100 }, (_, i) => String(i));
    pushAll(columns, prefixes);

    expect(columns.size).toBe(100);
    expect(prefixes.map((_, i) => columns.rate(i).prefix)).toEqual(prefixes);
  });

  it.each([
    ['1234567890123456', 1],
    ['12a', 1],
    [' 1', 1],
    ['+44', 1],
    ['1.5', 1],
    ['١', 1],
    [null, 1],
  ])('refuses the prefix %p, naming its position', (prefix, position) => {
    const columns = new RateColumns(4);
    expect(() => pushAll(columns, ['', prefix])).toThrow(
      `prefix ${position} must be "" or 1–15 digits, got ${JSON.stringify(prefix)}`,
    );
  });

  it('refuses a second "" as it comes', () => {
    const columns = new RateColumns(4);
    expect(() => pushAll(columns, ['', '1', '', '12a'])).toThrow(
      'prefix "" appears twice, at 0 and 2',
    );
  });

  it('refuses a bad prefix that comes before a second ""', () => {
    const columns = new RateColumns(4);
    expect(() => pushAll(columns, ['', '12a', ''])).toThrow(
      'prefix 1 must be "" or 1–15 digits, got "12a"',
    );
  });

  it('keeps a field that differs only from the rate where it first differs on', () => {
    const columns = new RateColumns(2);
    for (let i = 0; i < 10; i++) {
      columns.push(String(i), 60, 60, i === 7 ? 5 : 1, 60, 0, i < 9 ? 0 : 30);
    }

    expect(
      Array.from({ length: 10 }, (_, i) => [
        columns.rate(i).priceMicros,
        columns.rate(i).noChargeSeconds,
        columns.rate(i).firstBlockSeconds,
      ]),
    ).toEqual(
      Array.from({ length: 10 }, (_, i) => [
        i === 7 ? 5n : 1n,
        i < 9 ? 0 : 30,
        60,
      ]),
    );
  });
});
