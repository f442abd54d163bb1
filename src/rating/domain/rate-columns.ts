/**
 * A version's rates by position, one typed array per field, grown by doubling: at most 40 bytes
 * a rate, 16 when the rates differ only in prefix and price; a million `Rate` objects (a string
 * and two BigInts each) would cost several times that and keep the garbage collector walking
 * them. An upload's deck is read into them (`rate-deck.ts`), the catalog loads stored rates into
 * them page by page, and a `RateTable` looks rates up in them as they are.
 */
import { duplicatePrefix, keyOfValue, prefixOfKey } from './prefix-keys.js';
import type { Rate } from './rate-table.js';

const MAX_DIGITS = 15;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

export class RateColumns {
  /** Each prefix as its key (`prefix-keys.ts`): "" → 1, "044" → 1044. */
  keys: Float64Array;
  readonly firstBlock = new Column(Int32Array);
  readonly increment = new Column(Int32Array);
  /** Micros, exact in a double (at most 6 integer and 6 fraction digits). */
  readonly price = new Column(Float64Array);
  readonly priceUnit = new Column(Int32Array);
  readonly connectFee = new Column(Float64Array);
  readonly noCharge = new Column(Int32Array);
  size = 0;
  /** Where "" is, to refuse a second one as it comes; -1 before it. */
  private emptyAt = -1;

  /** Room for `capacity` rates up front (the pages untouched stay unallocated). */
  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(1, capacity));
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
    const capacity = this.keys.length;
    this.keys[at] = key;
    this.firstBlock.set(at, firstBlockSeconds, capacity);
    this.increment.set(at, incrementSeconds, capacity);
    this.price.set(at, priceMicros, capacity);
    this.priceUnit.set(at, priceUnitSeconds, capacity);
    this.connectFee.set(at, connectFeeMicros, capacity);
    this.noCharge.set(at, noChargeSeconds, capacity);
    this.size = at + 1;
  }

  rate(position: number): Rate {
    return {
      prefix: prefixOfKey(this.keys[position]),
      firstBlockSeconds: this.firstBlock.at(position),
      incrementSeconds: this.increment.at(position),
      priceMicros: BigInt(this.price.at(position)),
      priceUnitSeconds: this.priceUnit.at(position),
      connectFeeMicros: BigInt(this.connectFee.at(position)),
      noChargeSeconds: this.noCharge.at(position),
    };
  }

  private grow(): void {
    const capacity = this.keys.length * 2;
    const keys = new Float64Array(capacity);
    keys.set(this.keys);
    this.keys = keys;
    for (const column of [
      this.firstBlock,
      this.increment,
      this.price,
      this.priceUnit,
      this.connectFee,
      this.noCharge,
    ]) {
      column.grow(capacity);
    }
  }
}

/**
 * One field of the rates by position. Nothing is stored while every rate has the same value
 * (most decks give a prefix and a price, and leave the other fields at their defaults): an array
 * only from the first rate that differs.
 */
export class Column {
  private values: Float64Array | Int32Array | undefined;
  private same = 0;

  constructor(private readonly kind: typeof Float64Array | typeof Int32Array) {}

  at(position: number): number {
    return this.values === undefined ? this.same : this.values[position];
  }

  /** Sets the value at `position`, the next one to set; `capacity` sizes a new array. */
  set(position: number, value: number, capacity: number): void {
    if (this.values !== undefined) {
      this.values[position] = value;
    } else if (position === 0) {
      this.same = value;
    } else if (value !== this.same) {
      const values = new this.kind(capacity);
      values.fill(this.same, 0, position);
      values[position] = value;
      this.values = values;
    }
  }

  grow(capacity: number): void {
    if (this.values === undefined) return;
    const values = new this.kind(capacity);
    values.set(this.values);
    this.values = values;
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
