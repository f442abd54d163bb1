import { turnsDuring } from '../../../test/support/spec/event-loop-turns.js';
import {
  columnsOf,
  finish,
  tableOf,
} from '../../../test/support/spec/rate-tables.js';
import {
  finishInSlices,
  TimeSlices,
} from '../../platform/concurrency/time-slices.js';
import { defaultTerms } from './rate-arithmetic.js';
import { RateColumns } from './rate-columns.js';
import { RateTable } from './rate-table.js';

const rate = (prefix: string, priceMicros: bigint) => ({
  ...defaultTerms(60, priceMicros),
  prefix,
});

describe('RateTable', () => {
  it('answers the rate of the longest prefix, with its terms', () => {
    const table = tableOf([
      rate('', 10_000n),
      rate('44', 20_000n),
      rate('4420', 30_000n),
    ]);

    expect(table.size).toBe(3);
    expect(table.match('442012')).toEqual(rate('4420', 30_000n));
    expect(table.match('4430')).toEqual(rate('44', 20_000n));
    expect(table.match('')).toEqual(rate('', 10_000n));
  });

  it('refuses a lookup in a table without ""', () => {
    const table = tableOf([rate('1', 10_000n)]);
    expect(() => table.match('2')).toThrow('the version has no "" rate');
  });

  it('refuses a prefix given twice', () => {
    const columns = columnsOf([rate('', 1n), rate('7', 1n), rate('7', 2n)]);
    expect(() => finish(RateTable.of(columns))).toThrow(
      'prefix "7" appears twice, at 1 and 2',
    );
  });

  it('built in slices between other work, answers as built at once', async () => {
    const columns = new RateColumns(0);
    columns.push('', 60, 60, 1, 60, 0, 0);
    for (let i = 0; i < 100_000; i++) {
      columns.push(String(i * 7 + 1_000_000), 60, 60, i, 60, 0, 0);
    }
    const whole = finish(RateTable.of(columns));
    let sliced: RateTable | undefined;

    const turns = await turnsDuring(async () => {
      sliced = await finishInSlices(RateTable.of(columns), new TimeSlices(0));
    });

    expect(turns).toBeGreaterThan(10);
    for (const destination of ['1000007', '10000071', '1000008', '99', '']) {
      expect(sliced?.match(destination)).toEqual(whole.match(destination));
    }
  });
});
