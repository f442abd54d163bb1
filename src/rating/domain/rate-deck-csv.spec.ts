import { cellsOf, MAX_LINE_CHARS, readCsvDeck } from './rate-deck-csv.js';
import type { DeckOptions } from './rate-deck.js';
import {
  faults,
  noPause,
  prefixes,
} from '../../../test/support/spec/rate-decks.js';

function read(csv: string | Buffer, options: DeckOptions = {}) {
  return readCsvDeck(
    typeof csv === 'string' ? Buffer.from(csv) : csv,
    options,
    noPause,
  );
}

describe('cellsOf', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    [',,', ['', '', '']],
    ['', ['']],
    ['"a,b",c', ['a,b', 'c']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['  "a" ,b', ['a', 'b']],
    ['"",""', ['', '']],
  ])('%p → %j', (line, cells) => {
    expect(cellsOf(line)).toEqual(cells);
  });

  it.each(['"a', 'a"b,c', '"a"b,c', '"a",b"'])(
    'refuses the quotes of %p',
    (line) => {
      expect(cellsOf(line)).toBeUndefined();
    },
  );
});

describe('readCsvDeck (SPEC §7 CSV)', () => {
  it('reads rates with the defaults for absent columns and empty cells', async () => {
    const outcome = await read('prefix,price\n,0.05\n44,0.1\n');

    expect(prefixes(outcome)).toEqual(['', '44']);
    if (!outcome.ok) return;
    expect(outcome.deck.rates.rate(1)).toEqual({
      prefix: '44',
      firstBlockSeconds: 60,
      incrementSeconds: 60,
      priceMicros: 100_000n,
      priceUnitSeconds: 60,
      connectFeeMicros: 0n,
      noChargeSeconds: 0,
    });
    expect(outcome.deck).toMatchObject({
      amountDecimals: 2,
      rounding: 'half_up',
    });
  });

  it('reads columns in any order, names in any case, empty cells as defaults', async () => {
    const outcome = await read(
      ' Price , NO_CHARGE_SECONDS,first_block_seconds,increment_seconds,prefix\n' +
        '1,,,,\n' +
        '2,5,30,,491\n',
    );

    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(outcome.deck.rates.rate(1)).toMatchObject({
      prefix: '491',
      priceMicros: 2_000_000n,
      noChargeSeconds: 5,
      firstBlockSeconds: 30,
      incrementSeconds: 30,
    });
  });

  it('skips blank lines, reads CRLF, a BOM and a last line without a newline', async () => {
    const outcome = await read('\ufeffprefix,price\r\n\r\n,1\r\n   \r\n7,2');

    expect(prefixes(outcome)).toEqual(['', '7']);
  });

  it('takes amount_decimals and rounding as query text', async () => {
    expect(
      await read('prefix,price\n,1\n', {
        amount_decimals: '3',
        rounding: 'up',
      }),
    ).toMatchObject({ deck: { amountDecimals: 3, rounding: 'up' } });
    expect(
      faults(await read('prefix,price\n,1\n', { amount_decimals: '03' })),
    ).toEqual([
      { field: 'amount_decimals', message: expect.any(String) as unknown },
    ]);
  });

  it.each([
    ['no header at all', '\n\n', 'body', /header line/],
    ['a header without prefix', 'price\n1\n', 'lines[1]', /prefix column/],
    ['a header without price', 'prefix\n\n', 'lines[1]', /price column/],
    [
      'an unknown column',
      'prefix,price,note\n',
      'lines[1]',
      /"note" is not a rate field/,
    ],
    ['a column named twice', 'prefix,price,Price\n', 'lines[1]', /named twice/],
    [
      'an unclosed quote in the header',
      '"prefix,price\n',
      'lines[1]',
      /not closed/,
    ],
  ])('refuses %s', async (_, csv, field, message) => {
    expect(faults(await read(csv))).toContainEqual({
      field,
      message: expect.stringMatching(message) as unknown,
    });
  });

  it.each([
    [
      'too few cells',
      'prefix,price\n,1\n44\n',
      'lines[3]',
      /1 cells where the header names 2/,
    ],
    ['too many cells', 'prefix,price\n,1\n44,1,\n', 'lines[3]', /3 cells/],
    ['a bad prefix', 'prefix,price\n,1\n+44,1\n', 'lines[3].prefix', /digits/],
    [
      'a bad price',
      'prefix,price\n,1\n44,0.1234567\n',
      'lines[3].price',
      /decimal/,
    ],
    [
      'an empty price',
      'prefix,price\n,1\n44,\n',
      'lines[3].price',
      /price is required/,
    ],
    [
      'a fraction of a second',
      'prefix,price,price_unit_seconds\n,1,1.5\n',
      'lines[2].price_unit_seconds',
      /integer/,
    ],
    [
      'a number in another form',
      'prefix,price,first_block_seconds\n,1,6e1\n',
      'lines[2].first_block_seconds',
      /integer/,
    ],
    [
      'a duplicate after blank lines',
      'prefix,price\n,1\n\n\n,2\n',
      'lines[5].prefix',
      /first at lines\[2\]/,
    ],
  ])('names %s by its line', async (_, csv, field, message) => {
    expect(faults(await read(csv))).toContainEqual({
      field,
      message: expect.stringMatching(message) as unknown,
    });
  });

  it('stops at a line longer than the limit', async () => {
    const outcome = await read(
      `prefix,price\n,1\n${'9'.repeat(MAX_LINE_CHARS + 1)}`,
    );

    expect(faults(outcome)).toEqual([
      {
        field: 'lines[3]',
        message: expect.stringMatching(/at most/) as unknown,
      },
    ]);
  });

  it('refuses a body that is not UTF-8', async () => {
    expect(faults(await read(Buffer.from([0x70, 0xc3, 0x28, 0x0a])))).toEqual([
      { field: 'body', message: 'The request body is not valid UTF-8' },
    ]);
  });

  it('reads a large body a slice at a time, lines and characters cut by slices included', async () => {
    const lines = ['prefix,price,connect_fee', ',1,'];
    for (let i = 1; i < 20_000; i++) lines.push(`${i},0.${i % 10},"0.5"`);
    let pauses = 0;
    const outcome = await readCsvDeck(
      Buffer.from(`${lines.join('\r\n')}\r\n`),
      {},
      () => {
        pauses++;
        return Promise.resolve();
      },
    );

    expect(prefixes(outcome)).toHaveLength(20_000);
    expect(pauses).toBeGreaterThan(10);
    expect(outcome).toMatchObject({ deck: { amountDecimals: 1 } });
  });

  it('joins a character cut in two by a slice', async () => {
    // Blank lines, then a header whose 2-byte "é"s run across the 8 KiB boundary, one cut.
    const outcome = await read(
      `${'\n'.repeat(100)}prefix,price,${'é'.repeat(4080)}\n`,
    );

    expect(faults(outcome)).toEqual([
      {
        field: 'lines[101]',
        message: expect.stringContaining(`"${'é'.repeat(64)}"`) as unknown,
      },
    ]);
  });
});
