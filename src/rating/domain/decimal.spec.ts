import {
  canonicalDecimal,
  formatMicros,
  parseDecimal,
  quantumMicros,
} from './decimal.js';
import {
  itMapsEach,
  itRefusesEach,
} from '../../../test/support/spec/tables.js';

describe('parseDecimal', () => {
  it.each([
    ['0', 0n, 0],
    ['0.05', 50_000n, 2],
    ['0.050', 50_000n, 3],
    ['12.000100', 12_000_100n, 6],
    ['999999.999999', 999_999_999_999n, 6],
    ['000001', 1_000_000n, 0],
    ['0.000001', 1n, 6],
    ['7', 7_000_000n, 0],
    ['007.50', 7_500_000n, 2],
  ])('reads "%s" as %p micros with %i decimals', (text, micros, decimals) => {
    expect(parseDecimal(text)).toEqual({ micros, decimals });
  });

  itRefusesEach(parseDecimal, [
    '',
    '-1',
    '+1',
    '1e3',
    '1E3',
    ' 1',
    '1 ',
    '1.',
    '.5',
    '0.0000001',
    '1000000',
    '1234567.1',
    '1,5',
    '0x10',
    '١',
    'NaN',
    '1.2.3',
  ]);
});

describe('formatMicros', () => {
  it.each([
    [950_000n, 2, '0.95'],
    [0n, 0, '0'],
    [0n, 6, '0.000000'],
    [-150_000n, 2, '-0.15'],
    [-190_000n, 2, '-0.19'],
    [123_456_789n, 6, '123.456789'],
    [36_00n, 4, '0.0036'],
    [7_000_000n, 0, '7'],
    [-7_000_000n, 0, '-7'],
    [1n, 6, '0.000001'],
    [-1n, 6, '-0.000001'],
    [2_147_484_999_997_852_515n, 6, '2147484999997.852515'],
    // Either side of 2^53: the largest magnitudes written in doubles, the first in BigInt.
    [9_007_199_254_740_991n, 6, '9007199254.740991'],
    [-9_007_199_254_740_991n, 6, '-9007199254.740991'],
    [9_007_199_254_740_992n, 6, '9007199254.740992'],
    [9_007_199_254_740_000n, 3, '9007199254.740'],
    [9_007_199_254_000_000n, 0, '9007199254'],
    [18_014_398_509_481_984_000_000n, 0, '18014398509481984'],
  ])('writes %p micros at %i decimals as "%s"', (micros, decimals, text) => {
    expect(formatMicros(micros, decimals)).toBe(text);
  });

  it.each([
    [1n, 5],
    [10_000n, 1],
    [500_000n, 0],
    [-1n, 0],
  ])('refuses %p micros at %i decimals', (micros, decimals) => {
    expect(() => formatMicros(micros, decimals)).toThrow(RangeError);
  });

  it.each([-1, 7, 1.5, Number.NaN])('refuses %p decimals', (decimals) => {
    expect(() => formatMicros(0n, decimals)).toThrow(RangeError);
  });

  it('round-trips every decimal it parses', () => {
    for (const text of ['0.1', '5', '0.000010', '999999.999999', '3.14']) {
      const parsed = parseDecimal(text);
      expect(parsed).toBeDefined();
      if (parsed === undefined) continue;
      expect(formatMicros(parsed.micros, parsed.decimals)).toBe(text);
    }
  });
});

describe('quantumMicros', () => {
  itMapsEach('at %i decimals is %p micros', quantumMicros, [
    [0, 1_000_000n],
    [2, 10_000n],
    [6, 1n],
  ]);
});

describe('canonicalDecimal', () => {
  itMapsEach('writes "%s" as "%s"', canonicalDecimal, [
    ['007.50', '7.50'],
    ['0.050', '0.050'],
    ['000', '0'],
    ['00.0', '0.0'],
    ['10', '10'],
    ['000100.000100', '100.000100'],
  ]);

  it.each(['', '-1', '1.', '.5', '1e3'])('refuses "%s"', (text) => {
    expect(() => canonicalDecimal(text)).toThrow(RangeError);
  });
});
