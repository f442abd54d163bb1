import type { FieldError } from '../../platform/errors/problem.js';
import { noPause } from '../../../test/support/spec/rate-decks.js';
import { DeckFaults, FIELD } from './deck-faults.js';
import { prefixKey } from './prefix-keys.js';
import { readCsvDeck } from './rate-deck-csv.js';
import { readJsonDeck } from './rate-deck-json.js';
import { random } from '../../../test/support/spec/random.js';

// Read once: jest's sandbox makes every read of the global `Math` slow.
const { floor } = Math;

type Row =
  | { readonly kind: 'rate'; readonly prefix: string; readonly price: string }
  | { readonly kind: 'blank' }
  | { readonly kind: 'cells' };

/** A deck of rates with faults of every kind, prefixes often given again, "" now and then. */
function randomRows(next: () => number, count: number): Row[] {
  const rows: Row[] = [];
  const given: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = next();
    if (roll < 0.05) rows.push({ kind: 'blank' });
    else if (roll < 0.08) rows.push({ kind: 'cells' });
    else {
      const again = given.length > 0 && next() < 0.15;
      const prefix = again
        ? given[floor(next() * given.length)]
        : next() < 0.03
          ? ''
          : next() < 0.04
            ? `${floor(next() * 100)}x`
            : String(floor(next() * 500));
      given.push(prefix);
      rows.push({ kind: 'rate', prefix, price: next() < 0.1 ? '1e3' : '0.5' });
    }
  }
  return rows;
}

/**
 * The faults as the builder named them while it held every prefix seen in a hash: each item's
 * faults in turn, a prefix given again right after its item's other faults.
 */
function expectedCsv(rows: readonly Row[]): {
  listed: FieldError[];
  count: number;
} {
  const all: FieldError[] = [];
  const first = new Map<string, number>();
  rows.forEach((row, index) => {
    const line = index + 2;
    const label = `lines[${line}]`;
    if (row.kind === 'blank') return;
    if (row.kind === 'cells') {
      all.push({
        field: label,
        message: 'the line has 3 cells where the header names 2',
      });
      return;
    }
    const valid = /^\d{0,15}$/.test(row.prefix);
    if (!valid) {
      all.push({
        field: `${label}.prefix`,
        message: 'prefix must be "" or 1 to 15 digits',
      });
    }
    if (row.price !== '0.5') {
      all.push({
        field: `${label}.price`,
        message:
          'price must be a decimal string of at most 6 integer and 6 fraction digits, like "0.05"',
      });
    }
    if (!valid) return;
    const seen = first.get(row.prefix);
    if (seen === undefined) first.set(row.prefix, line);
    else {
      all.push({
        field: `${label}.prefix`,
        message: `prefix "${row.prefix}" is given twice: first at lines[${seen}]`,
      });
    }
  });
  if (!first.has('')) {
    all.push({
      field: 'rates',
      message:
        'rates must include the rate of prefix "" (calls without a destination, or matching no other prefix)',
    });
  }
  return { listed: all.slice(0, 10), count: all.length };
}

function csvOf(rows: readonly Row[]): string {
  const lines = rows.map((row) =>
    row.kind === 'blank'
      ? ''
      : row.kind === 'cells'
        ? '1,2,3'
        : `${row.prefix},${row.price}`,
  );
  return `prefix,price\n${lines.join('\n')}\n`;
}

describe('DeckFaults', () => {
  it('names duplicates where the read met them, after the other faults of their item', () => {
    const faults = new DeckFaults((n) => `rates[${n}]`);
    faults.add({ field: 'rates[3].price', message: 'price' }, 3, FIELD);
    faults.duplicate(3, 1, prefixKey('44'));
    faults.duplicate(2, 0, prefixKey(''));
    faults.add({ field: 'rates[5]', message: 'object' }, 5, FIELD);

    expect(faults.total).toBe(4);
    expect(faults.list().map(({ field }) => field)).toEqual([
      'rates[2].prefix',
      'rates[3].price',
      'rates[3].prefix',
      'rates[5]',
    ]);
    expect(faults.list()[0]?.message).toBe(
      'prefix "" is given twice: first at rates[0]',
    );
  });

  it('keeps the duplicates of the lowest items, whatever order they are found in', () => {
    const faults = new DeckFaults((n) => `rates[${n}]`);
    for (const item of [40, 12, 30, 11, 50, 13, 14, 15, 16, 17, 18, 19, 20]) {
      faults.duplicate(item, 0, prefixKey('7'));
    }

    expect(faults.total).toBe(13);
    expect(faults.list().map(({ field }) => field)).toEqual(
      [11, 12, 13, 14, 15, 16, 17, 18, 19, 20].map((n) => `rates[${n}].prefix`),
    );
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'names and counts the faults of a random CSV deck as a read holding every prefix would (seed %p)',
    async (seed) => {
      const next = random(seed);
      const rows = randomRows(next, 20 + floor(next() * 400));
      const expected = expectedCsv(rows);

      const outcome = await readCsvDeck(Buffer.from(csvOf(rows)), {}, noPause);

      expect(outcome).toEqual(
        expected.count === 0
          ? expect.objectContaining({ ok: true })
          : { ok: false, errors: expected.listed, faultCount: expected.count },
      );
    },
  );

  it("names a JSON deck's duplicates among its other faults, the body's after them", async () => {
    const body = JSON.stringify({
      rates: [
        { prefix: '', price: '1' },
        { prefix: '7', price: 1 },
        { prefix: '7', price: '1' },
        { prefix: '', price: '1', Price: '2' },
      ],
      Extra: true,
    });

    const outcome = await readJsonDeck(Buffer.from(body), noPause);

    expect(outcome).toEqual({
      ok: false,
      faultCount: 5,
      errors: [
        {
          field: 'rates[1].price',
          message:
            'price must be a decimal string of at most 6 integer and 6 fraction digits, like "0.05": a JSON number is not exact, send a string',
        },
        {
          field: 'rates[2].prefix',
          message: 'prefix "7" is given twice: first at rates[1]',
        },
        { field: 'rates[3].Price', message: 'property Price should not exist' },
        {
          field: 'rates[3].prefix',
          message: 'prefix "" is given twice: first at rates[0]',
        },
        { field: 'Extra', message: 'property Extra should not exist' },
      ],
    });
  });
});
