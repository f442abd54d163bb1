import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PrefixIndex } from './prefix-index.js';

// Read once: jest's sandbox makes every read of the global `Math` slow in these long loops.
const { floor, imul } = Math;

/** A small deterministic generator, so a failing random deck is the same deck next run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Built with join, not +=, so the text is flat like parsed input rather than a rope. */
function digits(next: () => number, length: number): string {
  const chars: number[] = [];
  for (let i = 0; i < length; i++) chars.push(48 + floor(next() * 10));
  return String.fromCharCode(...chars);
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
  const index = PrefixIndex.build(DECK);

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
    const position = index.longestMatch(destination);
    expect(position).toBe(DECK.indexOf(prefix));
    expect(index.prefixAt(position)).toBe(prefix);
  });

  it('answers -1 when nothing matches and there is no ""', () => {
    const withoutEmpty = PrefixIndex.build(['1', '44']);
    expect(withoutEmpty.longestMatch('33')).toBe(-1);
    expect(withoutEmpty.longestMatch('')).toBe(-1);
    expect(withoutEmpty.longestMatch('441')).toBe(1);
  });

  it('answers the "" position alone for an index of just ""', () => {
    const onlyEmpty = PrefixIndex.build(['']);
    expect(onlyEmpty.longestMatch('123')).toBe(0);
    expect(onlyEmpty.prefixAt(0)).toBe('');
    expect(PrefixIndex.build([]).longestMatch('123')).toBe(-1);
  });

  it('holds 15-digit prefixes exactly, leading zeros included', () => {
    const deck = ['999999999999999', '999999999999998', '000000000000001'];
    const longest = PrefixIndex.build(['', ...deck]);
    expect(longest.longestMatch('999999999999999')).toBe(1);
    expect(longest.longestMatch('999999999999998')).toBe(2);
    expect(longest.longestMatch('999999999999997')).toBe(0);
    expect(longest.longestMatch('000000000000001')).toBe(3);
    expect(longest.longestMatch('1')).toBe(0);
    expect(deck.map((_, i) => longest.prefixAt(i + 1))).toEqual(deck);
  });

  it('ignores a prefix longer than the destination', () => {
    const deck = PrefixIndex.build(['', '12345']);
    expect(deck.longestMatch('1234')).toBe(0);
    expect(deck.longestMatch('12345')).toBe(1);
  });

  it('reports its size and gives every prefix back as written', () => {
    expect(index.size).toBe(DECK.length);
    expect(DECK.map((_, i) => index.prefixAt(i))).toEqual(DECK);
  });

  it.each([-1, 8, 1.5])('refuses the position %p', (position) => {
    expect(() => index.prefixAt(position)).toThrow(RangeError);
  });

  it.each([
    [['1', '2', '1']],
    [['', '']],
    [['0044', '44', '0044']],
    [['999999999999999', '999999999999999']],
  ])('refuses the duplicate in %p', (deck) => {
    expect(() => PrefixIndex.build(deck)).toThrow(/appears twice/);
  });

  it.each(['1234567890123456', '12a', ' 1', '+44', '1.5', '١'])(
    'refuses the prefix %p',
    (prefix) => {
      expect(() => PrefixIndex.build(['', prefix])).toThrow(RangeError);
    },
  );

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
    const built = PrefixIndex.build(deck);

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
    expect(deck.filter((prefix, i) => built.prefixAt(i) !== prefix)).toEqual(
      [],
    );
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
    const built = PrefixIndex.build(deck);
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
