// Rate decks for the rating phase, as an operator uploads them (SPEC §7: CSV with a header line
// naming the rate fields), and the destinations the calls dial. Made from a seeded generator, so
// every run uploads the same decks and dials the same numbers.

/** A small fast generator of numbers in [0, 1) (mulberry32), the same for the same seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function digits(next: () => number, length: number): string {
  let text = String(1 + Math.floor(next() * 9));
  while (text.length < length) text += String(Math.floor(next() * 10));
  return text;
}

/**
 * `count` distinct prefixes (the first digit never 0), 3 to 8 digits long, or 4 to 9 for a
 * deck of more than 200,000: a mix of short and long ones, as real decks have.
 */
export function prefixes(count: number, seed: number): string[] {
  const next = random(seed);
  const [shortest, longest] = count > 200_000 ? [4, 9] : [3, 8];
  const found = new Set<string>();
  while (found.size < count) {
    found.add(
      digits(next, shortest + Math.floor(next() * (longest - shortest + 1))),
    );
  }
  return [...found];
}

export const DECK_HEADER =
  'prefix,price,first_block_seconds,increment_seconds,price_unit_seconds,connect_fee';

/**
 * A deck's CSV: the rate for no destination (prefix "", which SPEC §7 requires) and one per
 * prefix, with prices of up to 4 decimals per minute, 30/6, 60/60 or 1/1 blocks, and a connect
 * fee on every tenth.
 */
export function deckCsv(deck: readonly string[], seed: number): Buffer {
  const next = random(seed);
  const blocks = ['30,6', '60,60', '1,1'];
  const parts = [`${DECK_HEADER}\n,0.05,30,30,30,0\n`];
  let chunk = '';
  deck.forEach((prefix, index) => {
    const price = (1 + Math.floor(next() * 4999)) / 10_000;
    const block = blocks[index % blocks.length] ?? '60,60';
    const fee = index % 10 === 0 ? '0.015' : '0';
    chunk += `${prefix},${price.toFixed(4)},${block},60,${fee}\n`;
    if (chunk.length > 65_536) {
      parts.push(chunk);
      chunk = '';
    }
  });
  parts.push(chunk);
  return Buffer.from(parts.join(''), 'ascii');
}

/** `count` numbers to dial, each a deck's prefix followed by digits up to 11 in all (or more). */
export function destinations(
  deck: readonly string[],
  count: number,
  seed: number,
): string[] {
  const next = random(seed);
  const numbers: string[] = [];
  for (let i = 0; i < count; i++) {
    const prefix = deck[Math.floor(next() * deck.length)] ?? '';
    let number = prefix;
    while (number.length < Math.max(11, prefix.length + 2))
      number += String(Math.floor(next() * 10));
    numbers.push(number);
  }
  return numbers;
}
