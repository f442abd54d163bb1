import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { finish } from '../../../test/support/spec/rate-tables.js';
import { PrefixIndex } from './prefix-index.js';
import { prefixKey } from './prefix-keys.js';
import { random } from '../../../test/support/spec/random.js';

// Read once: jest's sandbox makes every read of the global `Math` slow in these long loops.
const { floor } = Math;

/** Built with join, not +=, so the text is flat like parsed input rather than a rope. */
function digits(next: () => number, length: number): string {
  const chars: number[] = [];
  for (let i = 0; i < length; i++) chars.push(48 + floor(next() * 10));
  return String.fromCharCode(...chars);
}

/** The index of `prefixes` (each "" or 1–15 digits), built `step` items at a time. */
function build(prefixes: readonly string[], step?: number): PrefixIndex {
  const keys = Float64Array.from(prefixes, prefixKey);
  return finish(PrefixIndex.build(keys, keys.length, step));
}

/** The obvious implementation, to check the compact one against. */
function naiveLongestMatch(
  positions: Map<string, number>,
  destination: string,
): number {
  for (let length = destination.length; length >= 0; length--) {
    const position = positions.get(destination.slice(0, length));
    if (position !== undefined) return position;
  }
  return -1;
}

describe('PrefixIndex', () => {
  const DECK = ['', '1', '1555', '15551', '44', '0044', '4420', '0'];
  const index = build(DECK);

  it.each([
    ['15551234567', '15551'],
    ['15550000000', '1555'],
    ['15561234567', '1'],
    ['1', '1'],
    ['155', '1'],
    ['1555', '1555'],
    ['15551', '15551'],
    ['4420123', '4420'],
    ['4421123', '44'],
    ['004420', '0044'],
    ['00442', '0044'],
    ['044', '0'],
    ['004', '0'],
    ['4', ''],
    ['33123', ''],
    ['', ''],
  ])('matches %p with %p', (destination, prefix) => {
    expect(index.longestMatch(destination)).toBe(DECK.indexOf(prefix));
  });

  it('answers -1 when nothing matches and there is no ""', () => {
    const withoutEmpty = build(['1', '44']);
    expect(withoutEmpty.longestMatch('33')).toBe(-1);
    expect(withoutEmpty.longestMatch('')).toBe(-1);
    expect(withoutEmpty.longestMatch('441')).toBe(1);
  });

  it('answers the "" position alone for an index of just ""', () => {
    const onlyEmpty = build(['']);
    expect(onlyEmpty.longestMatch('123')).toBe(0);
    expect(build([]).longestMatch('123')).toBe(-1);
  });

  it('holds 15-digit prefixes exactly, leading zeros included', () => {
    const deck = ['999999999999999', '999999999999998', '000000000000001'];
    const longest = build(['', ...deck]);
    expect(longest.longestMatch('999999999999999')).toBe(1);
    expect(longest.longestMatch('999999999999998')).toBe(2);
    expect(longest.longestMatch('999999999999997')).toBe(0);
    expect(longest.longestMatch('000000000000001')).toBe(3);
    expect(longest.longestMatch('1')).toBe(0);
  });

  it('ignores a prefix longer than the destination', () => {
    const deck = build(['', '12345']);
    expect(deck.longestMatch('1234')).toBe(0);
    expect(deck.longestMatch('12345')).toBe(1);
  });

  it('reports its size', () => {
    expect(index.size).toBe(DECK.length);
  });

  it.each([
    [['1', '2', '1'], 'prefix "1" appears twice, at 0 and 2'],
    [['', ''], 'prefix "" appears twice, at 0 and 1'],
    [['0044', '44', '0044'], 'prefix "0044" appears twice, at 0 and 2'],
    [['7', '44', '44', '7', '44'], 'prefix "7" appears twice, at 0 and 3'],
    [
      ['999999999999999', '999999999999999'],
      'prefix "999999999999999" appears twice, at 0 and 1',
    ],
  ])('refuses the duplicate in %p, the shortest first', (deck, message) => {
    expect(() => build(deck)).toThrow(message);
  });

  it.each(['1234567890123456', '12a', '+44', ' 1'])(
    'refuses the destination %p',
    (destination) => {
      expect(() => index.longestMatch(destination)).toThrow(RangeError);
    },
  );

  it('agrees with the naive lookup on a random deck of 200,000', () => {
    const next = random(20_240_601);
    const unique = new Set<string>(['']);
    while (unique.size < 200_000) {
      // Short prefixes are few and crowded, long ones many: like real decks, where "1" and
      // "1555" and "15551234" all exist and a lookup has to walk past several lengths.
      unique.add(digits(next, 1 + floor(next() * next() * 15)));
    }
    const deck = shuffle([...unique], next);
    const positions = new Map(deck.map((prefix, i) => [prefix, i]));
    const built = build(deck);

    const mismatches: string[] = [];
    let matchedLong = 0;
    for (let i = 0; i < 50_000; i++) {
      const base = deck[floor(next() * deck.length)];
      const destination =
        i % 4 === 0
          ? digits(next, 1 + floor(next() * 15))
          : (base + digits(next, 15)).slice(0, 1 + floor(next() * 15));
      const expected = naiveLongestMatch(positions, destination);
      if (built.longestMatch(destination) !== expected) {
        mismatches.push(destination);
      }
      if (deck[expected].length > 6) matchedLong++;
    }
    expect(mismatches).toEqual([]);
    expect(matchedLong).toBeGreaterThan(1_000);
  });

  it.each([1, 3, 7, 1000])(
    'answers alike whether built %p items a step or all in one, on random decks',
    (step) => {
      for (let seed = 1; seed <= 5; seed++) {
        const next = random(seed * 7_919 + step);
        const unique = new Set<string>(['']);
        while (unique.size < 3_000) {
          unique.add(digits(next, 1 + floor(next() * next() * 15)));
        }
        const deck = shuffle([...unique], next);
        const stepwise = build(deck, step);
        const whole = build(deck, deck.length);
        for (let i = 0; i < 3_000; i++) {
          const destination = (
            deck[floor(next() * deck.length)] + digits(next, 15)
          ).slice(0, floor(next() * 16));
          expect(stepwise.longestMatch(destination)).toBe(
            whole.longestMatch(destination),
          );
        }
        // The same deck with some prefixes given again: the same refusal either way.
        const repeated = [...deck];
        for (let i = 0; i < 3; i++) {
          repeated.splice(
            floor(next() * repeated.length),
            0,
            deck[floor(next() * deck.length)],
          );
        }
        const refusal = (size: number) => {
          try {
            build(repeated, size);
          } catch (error) {
            return (error as Error).message;
          }
          return 'accepted';
        };
        expect(refusal(step)).toBe(firstDuplicate(repeated));
        expect(refusal(repeated.length)).toBe(firstDuplicate(repeated));
      }
    },
  );

  it('yields between steps of the size asked for', () => {
    const deck = ['', ...Array.from({ length: 999 }, (_, i) => String(i))];
    const keys = Float64Array.from(deck, prefixKey);
    let yields = 0;
    const steps = PrefixIndex.build(keys, keys.length, 10);
    let step = steps.next();
    for (; step.done !== true; step = steps.next()) yields++;
    // Each pass over the prefixes (lengths, segments, sort, duplicates) yields per 10.
    expect(yields).toBeGreaterThan(4 * 100);
    expect(step.value.longestMatch('4421')).toBe(deck.indexOf('442'));
  });

  it('builds and answers a deck of 1,000,000 (figures printed, not asserted)', () => {
    const next = random(7);
    const deck = shuffle(spreadDeck(1_000_000), next);
    // Half extend a prefix of the deck, half are random numbers: hits at many lengths, and misses.
    const destinations = Array.from({ length: 100_000 }, (_, i) =>
      i % 2 === 0
        ? (deck[floor(next() * deck.length)] + digits(next, 6)).slice(0, 15)
        : digits(next, 12),
    );
    const gc = exposeGc();
    gc();
    const before = process.memoryUsage();
    const started = process.hrtime.bigint();
    const built = build(deck);
    const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
    gc();
    const after = process.memoryUsage();
    const retained =
      after.heapUsed +
      after.arrayBuffers -
      before.heapUsed -
      before.arrayBuffers;

    let checksum = 0;
    const lookupStarted = process.hrtime.bigint();
    for (let round = 0; round < 10; round++) {
      for (const destination of destinations) {
        checksum += built.longestMatch(destination);
      }
    }
    const lookupNs =
      Number(process.hrtime.bigint() - lookupStarted) /
      (10 * destinations.length);
    expect(checksum).toBeGreaterThan(0);
    process.stdout.write(
      `PrefixIndex, 1,000,000 prefixes: build ${buildMs.toFixed(0)} ms, ` +
        `retained ${(retained / 2 ** 20).toFixed(1)} MiB, ` +
        `lookup ${lookupNs.toFixed(0)} ns\n`,
    );
  });
});

/**
 * `count` distinct prefixes of 6–14 digits without a Set of a million strings: position i of
 * length class L gets (i × 7,919 + 13) mod 10^L, distinct because 7,919 is prime to 10.
 */
function spreadDeck(count: number): string[] {
  const deck: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = 6 + (i % 9);
    const value = (floor(i / 9) * 7_919 + 13) % 10 ** length;
    deck.push(String(value).padStart(length, '0'));
  }
  return deck;
}

/** The refusal of a deck with duplicates: the shortest, then least, prefix given twice. */
function firstDuplicate(deck: readonly string[]): string {
  const positions = new Map<string, number[]>();
  deck.forEach((prefix, i) =>
    positions.set(prefix, [...(positions.get(prefix) ?? []), i]),
  );
  const [prefix, [first, second]] = [...positions]
    .filter(([, at]) => at.length > 1)
    .sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1))[0];
  return `prefix "${prefix}" appears twice, at ${first} and ${second}`;
}

function shuffle<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = floor(next() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** The collector, so the printed memory figure is what the index keeps, not build garbage. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
