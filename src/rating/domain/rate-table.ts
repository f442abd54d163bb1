import { PrefixIndex } from './prefix-index.js';
import type { RateColumns } from './rate-columns.js';
import type { RateTerms, Rounding } from './rate-arithmetic.js';

/** One rate as a version lists it. */
export interface Rate extends RateTerms {
  readonly prefix: string;
}

/**
 * A version's rates, looked up by longest prefix: the rates stay in their typed columns
 * (`rate-columns.ts`, about 40 bytes a rate) and the index answers positions into them.
 */
export class RateTable {
  /** `index`: over the keys of `columns`, which nothing may add to after. */
  constructor(
    private readonly columns: RateColumns,
    private readonly index: PrefixIndex,
  ) {}

  /**
   * The table of `columns`, which it keeps as they are (nothing may add to them after), built
   * in steps to run between other work (see `PrefixIndex.build`). A prefix given twice is a
   * RangeError.
   */
  static *of(columns: RateColumns): Generator<void, RateTable> {
    const index = yield* PrefixIndex.build(columns.keys, columns.size);
    return new RateTable(columns, index);
  }

  get size(): number {
    return this.index.size;
  }

  /** The rate of the longest prefix of `digits` ("" for none); every version has a "" rate. */
  match(digits: string): Rate {
    const position = this.index.longestMatch(digits);
    if (position < 0) throw new RangeError('the version has no "" rate');
    return this.columns.rate(position);
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
