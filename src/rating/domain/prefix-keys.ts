/**
 * A prefix as one double, its key: the number that "1" followed by its digits spells ("" → 1,
 * "44" → 144, "044" → 1044), unique per prefix and exact (16 digits < 2^53); keys of n digits
 * lie in [10^n, 2 × 10^n), so keys sort by length first. The rates' columns keep prefixes so,
 * and {@link PrefixKeys} finds a prefix of a deck being read given twice as soon as it comes,
 * with where it came first: a Set of a million strings costs ~100 MB, its table of typed arrays
 * a quarter of that.
 */

const MAX_DIGITS = 15;
const EMPTY = 0;
const INITIAL_BITS = 12;
// Read once: inside a vm sandbox (jest) each read of the global `Math` is slow.
const { floor, imul } = Math;
/** 10^n for n = 0…15, exact as doubles. */
const POWERS_OF_TEN = Float64Array.from(
  { length: MAX_DIGITS + 1 },
  (_, n) => 10 ** n,
);

/** The key of `prefix` ("" or 1–15 digits, checked by the caller). */
export function prefixKey(prefix: string): number {
  return Number(`1${prefix}`);
}

/** The prefix a key stands for (integers below 2^53 print as plain digits). */
export function prefixOfKey(key: number): string {
  return String(key).slice(1);
}

/** The key of the prefix of `digits` digits that spell `value` (below 10^digits). */
export function keyOfValue(value: number, digits: number): number {
  return POWERS_OF_TEN[digits] + value;
}

/** How many digits the prefix of `key` has. */
export function digitsOfKey(key: number): number {
  let digits = 0;
  while (digits < MAX_DIGITS && key >= POWERS_OF_TEN[digits + 1]) digits++;
  return digits;
}

export function duplicatePrefix(
  prefix: string,
  first: number,
  second: number,
): RangeError {
  return new RangeError(
    `prefix ${JSON.stringify(prefix)} appears twice, at ${first} and ${second}`,
  );
}

export function isPrefix(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_DIGITS) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

export class PrefixKeys {
  private bits: number;
  private keys: Float64Array;
  private origins: Int32Array;
  private count = 0;

  /** Sized for `expected` keys up front: growing rehashes them all, in one go. */
  constructor(expected = 0) {
    this.bits = INITIAL_BITS;
    while (1 << this.bits < expected * 2) this.bits++;
    this.keys = new Float64Array(1 << this.bits);
    this.origins = new Int32Array(1 << this.bits);
  }

  /**
   * Adds `key`, first seen at `origin` (a row or line number); answers the origin it already
   * had, or -1 when it is new.
   */
  add(key: number, origin: number): number {
    const slot = this.find(key);
    if (this.keys[slot] === key) return this.origins[slot];
    this.keys[slot] = key;
    this.origins[slot] = origin;
    if (++this.count * 2 > this.keys.length) this.grow();
    return -1;
  }

  private find(key: number): number {
    const mask = this.keys.length - 1;
    const low = key >>> 0;
    const high = floor(key / 4_294_967_296);
    let slot =
      imul(low ^ imul(high, 0x85ebca6b), 0x9e3779b1) >>> (32 - this.bits);
    while (this.keys[slot] !== EMPTY && this.keys[slot] !== key) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private grow(): void {
    const { keys, origins } = this;
    this.bits++;
    this.keys = new Float64Array(1 << this.bits);
    this.origins = new Int32Array(1 << this.bits);
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === EMPTY) continue;
      const slot = this.find(keys[i]);
      this.keys[slot] = keys[i];
      this.origins[slot] = origins[i];
    }
  }
}
