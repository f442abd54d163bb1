/** What the unit specs of rate lookups share: tables built from plain rates, in one go. */
import { RateColumns } from '../../../src/rating/domain/rate-columns.js';
import { RateTable, type Rate } from '../../../src/rating/domain/rate-table.js';

/** Every step of a computation written as a generator, at once; what it returns. */
export function finish<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

export function columnsOf(rates: readonly Rate[]): RateColumns {
  const columns = new RateColumns(rates.length);
  for (const rate of rates) {
    columns.push(
      rate.prefix,
      rate.firstBlockSeconds,
      rate.incrementSeconds,
      Number(rate.priceMicros),
      rate.priceUnitSeconds,
      Number(rate.connectFeeMicros),
      rate.noChargeSeconds,
    );
  }
  return columns;
}

export function tableOf(rates: readonly Rate[]): RateTable {
  return finish(RateTable.of(columnsOf(rates)));
}
