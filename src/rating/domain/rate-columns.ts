/**
 * A version's rates by position, one typed array per field, grown by doubling: about 40 bytes a
 * rate, where a million `Rate` objects (a string and two BigInts each) would cost several times
 * that and keep the garbage collector walking them. An upload's deck is read into them
 * (`rate-deck.ts`), the catalog loads stored rates into them page by page, and a `RateTable`
 * looks rates up in them as they are.
 */
import { duplicatePrefix, keyOfValue, prefixOfKey } from './prefix-keys.js';
import type { Rate } from './rate-table.js';

const MAX_DIGITS = 15;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

export class RateColumns {
  /** Each prefix as its key (`prefix-keys.ts`): "" → 1, "044" → 1044. */
  keys: Float64Array;
  firstBlock: Int32Array;
  increment: Int32Array;
  /** Micros, exact in a double (at most 6 integer and 6 fraction digits). */
  price: Float64Array;
  priceUnit: Int32Array;
  connectFee: Float64Array;
  noCharge: Int32Array;
  size = 0;
  /** Where "" is, to refuse a second one as it comes; -1 before it. */
  private emptyAt = -1;

  /** Room for `capacity` rates up front (the pages untouched stay unallocated). */
  constructor(capacity: number) {
    const room = Math.max(1, capacity);
    this.keys = new Float64Array(room);
    this.firstBlock = new Int32Array(room);
    this.increment = new Int32Array(room);
    this.price = new Float64Array(room);
    this.priceUnit = new Int32Array(room);
    this.connectFee = new Float64Array(room);
    this.noCharge = new Int32Array(room);
  }

  /**
   * Appends a rate. A prefix that is not "" or 1–15 digits, or a second "", is a RangeError
   * naming its position (a duplicate of any other prefix is found by the index, after sorting).
   */
  push(
    prefix: string,
    firstBlockSeconds: number,
    incrementSeconds: number,
    priceMicros: number,
    priceUnitSeconds: number,
    connectFeeMicros: number,
    noChargeSeconds: number,
  ): void {
    const at = this.size;
    const key = keyOf(prefix, at);
    if (key === 1) {
      if (this.emptyAt >= 0) throw duplicatePrefix('', this.emptyAt, at);
      this.emptyAt = at;
    }
    if (at === this.keys.length) this.grow();
    this.keys[at] = key;
    this.firstBlock[at] = firstBlockSeconds;
    this.increment[at] = incrementSeconds;
    this.price[at] = priceMicros;
    this.priceUnit[at] = priceUnitSeconds;
    this.connectFee[at] = connectFeeMicros;
    this.noCharge[at] = noChargeSeconds;
    this.size = at + 1;
  }

  rate(position: number): Rate {
    return {
      prefix: prefixOfKey(this.keys[position]),
      firstBlockSeconds: this.firstBlock[position],
      incrementSeconds: this.increment[position],
      priceMicros: BigInt(this.price[position]),
      priceUnitSeconds: this.priceUnit[position],
      connectFeeMicros: BigInt(this.connectFee[position]),
      noChargeSeconds: this.noCharge[position],
    };
  }

  private grow(): void {
    const capacity = this.keys.length * 2;
    const grown = <A extends Float64Array | Int32Array>(
      array: A,
      make: (length: number) => A,
    ): A => {
      const copy = make(capacity);
      copy.set(array);
      return copy;
    };
    this.keys = grown(this.keys, (n) => new Float64Array(n));
    this.firstBlock = grown(this.firstBlock, (n) => new Int32Array(n));
    this.increment = grown(this.increment, (n) => new Int32Array(n));
    this.price = grown(this.price, (n) => new Float64Array(n));
    this.priceUnit = grown(this.priceUnit, (n) => new Int32Array(n));
    this.connectFee = grown(this.connectFee, (n) => new Float64Array(n));
    this.noCharge = grown(this.noCharge, (n) => new Int32Array(n));
  }
}

/** The key of `prefix`, the rate at `position`; a RangeError when it is not a prefix. */
function keyOf(prefix: unknown, position: number): number {
  if (typeof prefix === 'string' && prefix.length <= MAX_DIGITS) {
    let value = 0;
    let i = 0;
    for (; i < prefix.length; i++) {
      const code = prefix.charCodeAt(i);
      if (code < DIGIT_0 || code > DIGIT_9) break;
      value = value * 10 + (code - DIGIT_0);
    }
    if (i === prefix.length) return keyOfValue(value, prefix.length);
  }
  throw new RangeError(
    `prefix ${position} must be "" or 1–15 digits, got ${JSON.stringify(prefix)}`,
  );
}
