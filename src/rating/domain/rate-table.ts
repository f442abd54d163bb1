import { PrefixIndex } from './prefix-index.js';
import type { RateTerms, Rounding } from './rate-arithmetic.js';

/** One rate as a version lists it. */
export interface Rate extends RateTerms {
  readonly prefix: string;
}

/**
 * A version's rates, looked up by longest prefix. The terms live in typed arrays by position
 * (about 32 bytes a rate) rather than a million objects the garbage collector would walk.
 */
export class RateTable {
  private constructor(
    private readonly index: PrefixIndex,
    private readonly firstBlock: Int32Array,
    private readonly increment: Int32Array,
    private readonly price: BigInt64Array,
    private readonly unit: Int32Array,
    private readonly fee: BigInt64Array,
    private readonly noCharge: Int32Array,
  ) {}

  static of(rates: readonly Rate[]): RateTable {
    const count = rates.length;
    const table = new RateTable(
      PrefixIndex.build(rates.map(({ prefix }) => prefix)),
      new Int32Array(count),
      new Int32Array(count),
      new BigInt64Array(count),
      new Int32Array(count),
      new BigInt64Array(count),
      new Int32Array(count),
    );
    rates.forEach((rate, position) => {
      table.firstBlock[position] = rate.firstBlockSeconds;
      table.increment[position] = rate.incrementSeconds;
      table.price[position] = rate.priceMicros;
      table.unit[position] = rate.priceUnitSeconds;
      table.fee[position] = rate.connectFeeMicros;
      table.noCharge[position] = rate.noChargeSeconds;
    });
    return table;
  }

  get size(): number {
    return this.index.size;
  }

  /** The rate of the longest prefix of `digits` ("" for none); every version has a "" rate. */
  match(digits: string): Rate {
    const position = this.index.longestMatch(digits);
    if (position < 0) throw new RangeError('the version has no "" rate');
    return {
      prefix: this.index.prefixAt(position),
      firstBlockSeconds: this.firstBlock[position],
      incrementSeconds: this.increment[position],
      priceMicros: this.price[position],
      priceUnitSeconds: this.unit[position],
      connectFeeMicros: this.fee[position],
      noChargeSeconds: this.noCharge[position],
    };
  }
}

/** A version in force from `effectiveFrom`, with its rates. */
export interface RatedVersion {
  readonly plan: string;
  readonly effectiveFrom: Date;
  readonly amountDecimals: number;
  readonly rounding: Rounding;
  readonly rates: RateTable;
}
