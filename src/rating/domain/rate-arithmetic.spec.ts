import { formatMicros, parseDecimal } from './decimal.js';
import {
  defaultTerms,
  rateCall,
  type RateTerms,
  type Rounding,
} from './rate-arithmetic.js';

function micros(text: string): bigint {
  const parsed = parseDecimal(text);
  if (parsed === undefined) throw new Error(`bad decimal in test: ${text}`);
  return parsed.micros;
}

function terms(
  first: number,
  increment: number,
  price: string,
  unit: number,
  fee = '0',
  noCharge = 0,
): RateTerms {
  return {
    firstBlockSeconds: first,
    incrementSeconds: increment,
    priceMicros: micros(price),
    priceUnitSeconds: unit,
    connectFeeMicros: micros(fee),
    noChargeSeconds: noCharge,
  };
}

const SIX_SECONDS = terms(30, 6, '0.006', 60);
const WITH_FEE = terms(60, 60, '0.02', 60, '0.15');
const PER_SECOND = terms(1, 1, '0.01', 60);
const DEFAULT = defaultTerms(30, micros('0.05'));
const EIGHTH = terms(60, 60, '0.125', 60);
const FREE_FIVE = terms(60, 60, '0.02', 60, '0.15', 5);
const FREE_NINETY = terms(30, 6, '0.006', 60, '0.01', 90);
const LARGEST = terms(1, 1, '999999.999999', 1, '999999.999999');

type Row = [
  string,
  number,
  number,
  Rounding,
  number,
  number,
  string,
  RateTerms,
];

describe('rateCall', () => {
  it.each<Row>([
    // SPEC §7 examples
    ['§7 30/6', 32_000, 4, 'half_up', 2, 36, '0.0036', SIX_SECONDS],
    ['§7 30/6', 57_000, 4, 'half_up', 6, 60, '0.0060', SIX_SECONDS],
    ['§7 30/6', 75_000, 4, 'half_up', 9, 78, '0.0078', SIX_SECONDS],
    ['§7 fee', 61_000, 2, 'half_up', 2, 120, '0.19', WITH_FEE],
    ['§7 1/1', 29_000, 2, 'half_up', 29, 29, '0.00', PER_SECOND],
    ['§7 1/1', 29_000, 2, 'up', 29, 29, '0.01', PER_SECOND],
    ['§7 1/1', 29_000, 2, 'down', 29, 29, '0.00', PER_SECOND],
    // the default tariff
    ['default', 545_000, 2, 'half_up', 19, 570, '0.95', DEFAULT],
    ['default', 30_001, 2, 'half_up', 2, 60, '0.10', DEFAULT],
    ['default', 30_000, 2, 'half_up', 1, 30, '0.05', DEFAULT],
    ['default', 1, 2, 'half_up', 1, 30, '0.05', DEFAULT],
    ['default', 0, 2, 'half_up', 0, 0, '0.00', DEFAULT],
    // inside the first block, and an increment boundary ± 1 ms
    ['30/6', 1, 4, 'half_up', 1, 30, '0.0030', SIX_SECONDS],
    ['30/6', 30_000, 4, 'half_up', 1, 30, '0.0030', SIX_SECONDS],
    ['30/6', 35_999, 4, 'half_up', 2, 36, '0.0036', SIX_SECONDS],
    ['30/6', 36_000, 4, 'half_up', 2, 36, '0.0036', SIX_SECONDS],
    ['30/6', 36_001, 4, 'half_up', 3, 42, '0.0042', SIX_SECONDS],
    // an exact half: 0.125
    ['half', 60_000, 2, 'half_up', 1, 60, '0.13', EIGHTH],
    ['half', 60_000, 2, 'up', 1, 60, '0.13', EIGHTH],
    ['half', 60_000, 2, 'down', 1, 60, '0.12', EIGHTH],
    ['half', 60_000, 3, 'down', 1, 60, '0.125', EIGHTH],
    // just under and over a half: 29 × 0.01 / 60 = 0.0048333…
    ['6 dp', 29_000, 6, 'half_up', 29, 29, '0.004833', PER_SECOND],
    ['6 dp', 29_000, 6, 'up', 29, 29, '0.004834', PER_SECOND],
    ['6 dp', 29_000, 6, 'down', 29, 29, '0.004833', PER_SECOND],
    ['6 dp', 30_000, 3, 'half_up', 30, 30, '0.005', PER_SECOND],
    ['6 dp', 31_000, 3, 'half_up', 31, 31, '0.005', PER_SECOND],
    ['6 dp', 31_000, 3, 'up', 31, 31, '0.006', PER_SECOND],
    // no decimals at all
    ['0 dp', 545_000, 0, 'half_up', 19, 570, '1', DEFAULT],
    ['0 dp', 545_000, 0, 'up', 19, 570, '1', DEFAULT],
    ['0 dp', 545_000, 0, 'down', 19, 570, '0', DEFAULT],
    ['0 dp', 285_000, 0, 'half_up', 10, 300, '1', DEFAULT],
    ['0 dp', 270_000, 0, 'half_up', 9, 270, '0', DEFAULT],
    // no-charge boundary: free up to and including it, then the first block and the fee
    ['no charge', 5_000, 2, 'half_up', 0, 0, '0.00', FREE_FIVE],
    ['no charge', 5_001, 2, 'half_up', 1, 60, '0.17', FREE_FIVE],
    ['no charge', 1, 2, 'half_up', 0, 0, '0.00', FREE_FIVE],
    ['no charge > first', 90_000, 4, 'up', 0, 0, '0.0000', FREE_NINETY],
    ['no charge > first', 90_001, 4, 'up', 12, 96, '0.0196', FREE_NINETY],
    // the longest call at the largest price and fee stays exact
    [
      'largest',
      2_147_483_647,
      6,
      'half_up',
      2_147_484,
      2_147_484,
      '2147484999997.852515',
      LARGEST,
    ],
    [
      'largest',
      2_147_483_647,
      2,
      'half_up',
      2_147_484,
      2_147_484,
      '2147484999997.85',
      LARGEST,
    ],
    [
      'largest',
      2_147_483_647,
      0,
      'up',
      2_147_484,
      2_147_484,
      '2147484999998',
      LARGEST,
    ],
    [
      'largest',
      2_147_483_647,
      6,
      'down',
      25,
      2_160_000,
      '2159999999997.840000',
      terms(86_400, 86_400, '999999.999999', 1),
    ],
  ])(
    '%s: %i ms at %i decimals %s → %i blocks, %i s, "%s"',
    (_name, durationMs, decimals, rounding, blocks, seconds, amount, rate) => {
      const rated = rateCall(durationMs, rate, decimals, rounding);
      expect(rated.blockCount).toBe(blocks);
      expect(rated.billedSeconds).toBe(seconds);
      expect(formatMicros(rated.amountMicros, decimals)).toBe(amount);
    },
  );

  it('charges nothing for a zero-second call even with a connect fee', () => {
    expect(rateCall(0, WITH_FEE, 2, 'up')).toEqual({
      blockCount: 0,
      billedSeconds: 0,
      amountMicros: 0n,
    });
  });

  it('charges the connect fee alone at a zero price', () => {
    const rated = rateCall(1, terms(1, 1, '0', 60, '0.15'), 2, 'half_up');
    expect(formatMicros(rated.amountMicros, 2)).toBe('0.15');
  });

  it.each([-1, 1.5, 2_147_483_648, Number.NaN, Infinity])(
    'refuses the duration %p',
    (durationMs) => {
      expect(() => rateCall(durationMs, DEFAULT, 2, 'half_up')).toThrow(
        RangeError,
      );
    },
  );

  it.each([-1, 7, 2.5])('refuses %p amount decimals', (decimals) => {
    expect(() => rateCall(1, DEFAULT, decimals, 'half_up')).toThrow(RangeError);
  });

  it.each<[string, Partial<RateTerms>]>([
    ['a zero first block', { firstBlockSeconds: 0 }],
    ['a zero increment', { incrementSeconds: 0 }],
    ['a fractional increment', { incrementSeconds: 0.5 }],
    ['a day and a second', { priceUnitSeconds: 86_401 }],
    ['a negative no-charge', { noChargeSeconds: -1 }],
    ['a negative price', { priceMicros: -1n }],
    ['a negative fee', { connectFeeMicros: -1n }],
  ])('refuses terms with %s', (_name, change) => {
    expect(() => rateCall(1, { ...DEFAULT, ...change }, 2, 'half_up')).toThrow(
      RangeError,
    );
  });

  it('refuses an unknown rounding', () => {
    expect(() =>
      rateCall(1, DEFAULT, 2, 'half_even' as unknown as Rounding),
    ).toThrow(RangeError);
  });
});

describe('defaultTerms', () => {
  it('bills whole blocks at the block price, without fee or free time', () => {
    expect(defaultTerms(30, 50_000n)).toEqual({
      firstBlockSeconds: 30,
      incrementSeconds: 30,
      priceMicros: 50_000n,
      priceUnitSeconds: 30,
      connectFeeMicros: 0n,
      noChargeSeconds: 0,
    });
  });
});
