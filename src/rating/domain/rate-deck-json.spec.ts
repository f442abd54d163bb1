import {
  MAX_ITEM_CHARS,
  MAX_SKELETON_CHARS,
  readJsonDeck,
} from './rate-deck-json.js';
import {
  faults,
  noPause,
  prefixes,
} from '../../../test/support/spec/rate-decks.js';

function read(body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return readJsonDeck(Buffer.from(text), noPause);
}

const RATE = { prefix: '', price: '0.05' };

describe('readJsonDeck (SPEC §7 JSON)', () => {
  it('reads the rates and the version’s options, in any order', async () => {
    const outcome = await read(
      ' {"rates" : [ {"prefix":"","price":"1"} , {"price":"2","prefix":"44"} ],' +
        ' "rounding": "down", "amount_decimals": 4 } ',
    );

    expect(prefixes(outcome)).toEqual(['', '44']);
    expect(outcome).toMatchObject({
      deck: { amountDecimals: 4, rounding: 'down' },
    });
  });

  it('is not misled by brackets, commas and quotes inside strings', async () => {
    const outcome = await read({
      rates: [RATE, { prefix: '1', price: '1', 'x],["rates":': '"]' }],
    });

    expect(faults(outcome)).toEqual([
      {
        field: 'rates[1].x],["rates":',
        message: 'property x],["rates": should not exist',
      },
    ]);
  });

  it('reads "rates" spelled with an escape, from the rest of the body', async () => {
    expect(
      prefixes(await read('{"r\\u0061tes": [{"prefix": "", "price": "1"}]}')),
    ).toEqual(['']);
  });

  it('takes nested arrays and objects in the other fields as the other fields they are', async () => {
    expect(
      faults(await read({ rates: [RATE], meta: { rates: [[1]] } })),
    ).toEqual([{ field: 'meta', message: 'property meta should not exist' }]);
  });

  it.each([
    ['an empty array', { rates: [] }, 'rates', /prefix ""/],
    ['no rates', { rounding: 'up' }, 'rates', /rates is required/],
    [
      'rates that are not an array',
      { rates: { prefix: '' } },
      'rates',
      /an array/,
    ],
    ['rates given twice', '{"rates":[],"rates":[]}', 'rates', /twice/],
    ['a body that is an array', [RATE], 'body', /JSON object/],
    ['a body that is null', 'null', 'body', /JSON object/],
    ['a body that is a string', '"rates"', 'body', /JSON object/],
    [
      'a trailing comma',
      '{"rates":[{"prefix":"","price":"1"},]}',
      'rates[0]',
      /not valid JSON/,
    ],
    [
      'a leading comma',
      '{"rates":[,{"prefix":"","price":"1"}]}',
      'rates[0]',
      /not valid JSON/,
    ],
    [
      'two commas',
      '{"rates":[{"prefix":"","price":"1"},,{}]}',
      'rates[0]',
      /not valid JSON/,
    ],
    [
      'a bad item',
      '{"rates":[{"prefix":"","price":1.}]}',
      'rates[0]',
      /not valid JSON/,
    ],
    [
      'a body cut short',
      '{"rates":[{"prefix":"","price":"1"}',
      'body',
      /ends too soon/,
    ],
    [
      'a missing comma outside rates',
      '{"rates":[] "rounding":"up"}',
      'body',
      /not valid JSON/,
    ],
    [
      'a string cut short',
      '{"rates":[], "rounding":"up',
      'body',
      /ends too soon/,
    ],
  ])('refuses %s', async (_, body, field, message) => {
    expect(faults(await read(body))).toContainEqual({
      field,
      message: expect.stringMatching(message) as unknown,
    });
  });

  it('refuses fractions that a double would round to whole numbers, in the rates and around them', async () => {
    const outcome = await read(
      '{"amount_decimals": 2.0000000000000001, "rates": [' +
        '{"prefix":"","price":"1","first_block_seconds":60.0000000000000001},' +
        '{"prefix":"4","price":"1","no_charge_seconds":1e-400},' +
        '{"prefix":"5","price":"1","increment_seconds":6e1}]}',
    );

    expect(faults(outcome).map(({ field }) => field)).toEqual([
      'rates[0].first_block_seconds',
      'rates[1].no_charge_seconds',
      'amount_decimals',
    ]);
  });

  it('refuses an item past the size of any rate', async () => {
    const big = { prefix: '1', price: '1', note: 'x'.repeat(MAX_ITEM_CHARS) };

    expect(faults(await read({ rates: [RATE, big] }))).toEqual([
      {
        field: 'rates[1]',
        message: expect.stringMatching(/at most/) as unknown,
      },
    ]);
  });

  it('refuses other fields past their size, or nested past the JSON limits', async () => {
    expect(
      faults(
        await read({ rates: [RATE], note: 'x'.repeat(MAX_SKELETON_CHARS) }),
      ),
    ).toEqual([
      {
        field: 'body',
        message: expect.stringMatching(/besides the items/) as unknown,
      },
    ]);
    const deep = `${'['.repeat(40)}${']'.repeat(40)}`;
    expect(
      faults(await read(`{"rates":[], "x": ${deep}}`))[0]?.message,
    ).toMatch(/nested more than/);
  });

  it('refuses a body that is not UTF-8', async () => {
    const outcome = await readJsonDeck(
      Buffer.from([0x7b, 0xff, 0x7d]),
      noPause,
    );

    expect(faults(outcome)).toEqual([
      { field: 'body', message: 'The request body is not valid UTF-8' },
    ]);
  });

  it('reads a large body a slice at a time, items cut by slices included', async () => {
    const rates = [RATE];
    for (let i = 1; i < 20_000; i++) {
      rates.push({ prefix: String(i), price: `0.0${i % 10}` });
    }
    let pauses = 0;
    const outcome = await readJsonDeck(
      Buffer.from(JSON.stringify({ rates }, null, 2)),
      () => {
        pauses++;
        return Promise.resolve();
      },
    );

    expect(prefixes(outcome)).toHaveLength(20_000);
    expect(pauses).toBeGreaterThan(10);
  });

  it('names the items of a large body by their index', async () => {
    const rates = Array.from({ length: 5000 }, (_, i) => ({
      prefix: i === 0 ? '' : String(i),
      price: i === 4321 ? 'free' : '1',
    }));

    expect(faults(await read({ rates }))).toEqual([
      { field: 'rates[4321].price', message: expect.any(String) as unknown },
    ]);
  });
});
