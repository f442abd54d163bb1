import { amountFor, blocksForCall, parsePrice } from './billing-rule.js';

const BLOCK_MS = 30_000;

describe('blocksForCall', () => {
  it.each([
    [0, 0],
    [1, 1],
    [29_999, 1],
    [30_000, 1],
    [30_001, 2],
    [59_999, 2],
    [60_000, 2],
    [60_001, 3],
    [545_000, 19],
    [2_147_483_647, 71_583],
  ])('bills %i ms as %i blocks of 30 s', (durationMs, blocks) => {
    expect(blocksForCall(durationMs, BLOCK_MS)).toBe(blocks);
  });

  it.each([
    [1, 1_000, 1],
    [1_000, 1_000, 1],
    [1_001, 1_000, 2],
    [2_147_483_647, 1, 2_147_483_647],
    [3_600_000, 60_000, 60],
  ])(
    'bills %i ms with %i ms blocks as %i blocks',
    (durationMs, blockMs, blocks) => {
      expect(blocksForCall(durationMs, blockMs)).toBe(blocks);
    },
  );

  it.each([-1, 1.5, Number.NaN])('rejects the duration %p', (durationMs) => {
    expect(() => blocksForCall(durationMs, BLOCK_MS)).toThrow(RangeError);
  });

  it.each([0, -30_000, 0.5])('rejects the block length %p', (blockMs) => {
    expect(() => blocksForCall(1, blockMs)).toThrow(RangeError);
  });
});

describe('parsePrice', () => {
  it.each([
    ['0.05', 5n, 2],
    ['1', 1n, 0],
    ['1.50', 150n, 2],
    ['0.000001', 1n, 6],
    ['12.3', 123n, 1],
  ])('reads "%s" as %p units at scale %i', (decimal, units, scale) => {
    expect(parsePrice(decimal)).toEqual({ units, scale });
  });

  it.each(['', '-0.05', '0,05', '.5', '5.', '1e3', ' 1'])(
    'rejects "%s"',
    (decimal) => {
      expect(() => parsePrice(decimal)).toThrow(RangeError);
    },
  );
});

describe('amountFor', () => {
  it.each([
    [0n, '0.05', '0.00'],
    [1n, '0.05', '0.05'],
    [19n, '0.05', '0.95'],
    [21n, '0.05', '1.05'],
    [20n, '0.05', '1.00'],
    [3n, '1', '3'],
    [7n, '0.000001', '0.000007'],
    [71_583n, '0.05', '3579.15'],
    // Far beyond 2^53: the amount stays exact.
    [9_007_199_254_740_993n, '0.05', '450359962737049.65'],
    [2n, '0.10', '0.20'],
  ])('%p blocks at %s cost %s', (blocks, price, amount) => {
    expect(amountFor(blocks, parsePrice(price))).toBe(amount);
  });

  it('rejects a negative block count', () => {
    expect(() => amountFor(-1n, parsePrice('0.05'))).toThrow(RangeError);
  });
});
