import { type DeckOutcome, MAX_RATES, RateDeckBuilder } from './rate-deck.js';
import { faults, ratesOf } from '../../../test/support/spec/rate-decks.js';
import { finish } from '../../../test/support/spec/rate-tables.js';

/** The outcome of a JSON deck of `rates`, with the version's `options`. */
function deckOf(rates: readonly unknown[], options: object = {}): DeckOutcome {
  const builder = new RateDeckBuilder('json', (n) => `rates[${n}]`);
  rates.forEach((rate, index) => builder.add(index, rate));
  return finish(builder.finish(options));
}

const BASE = { prefix: '', price: '0.05' };

describe('RateDeckBuilder (SPEC §7 rates)', () => {
  it('gives every field its default', () => {
    const outcome = deckOf([BASE]);

    expect(ratesOf(outcome)).toEqual([
      {
        prefix: '',
        firstBlockSeconds: 60,
        incrementSeconds: 60,
        priceMicros: 50_000n,
        priceUnitSeconds: 60,
        connectFeeMicros: 0n,
        noChargeSeconds: 0,
      },
    ]);
    expect(outcome).toMatchObject({
      deck: { amountDecimals: 2, rounding: 'half_up', size: 1 },
    });
  });

  it('keeps every field given, in order', () => {
    const rates = ratesOf(
      deckOf([
        BASE,
        {
          prefix: '4420',
          first_block_seconds: 30,
          increment_seconds: 6,
          price: '0.006',
          price_unit_seconds: 1,
          connect_fee: '0.15',
          no_charge_seconds: 86_400,
        },
      ]),
    );

    expect(rates[1]).toEqual({
      prefix: '4420',
      firstBlockSeconds: 30,
      incrementSeconds: 6,
      priceMicros: 6_000n,
      priceUnitSeconds: 1,
      connectFeeMicros: 150_000n,
      noChargeSeconds: 86_400,
    });
  });

  it('makes the increment the first block when it is not given', () => {
    const [rate] = ratesOf(deckOf([{ ...BASE, first_block_seconds: 30 }]));

    expect(rate).toMatchObject({ firstBlockSeconds: 30, incrementSeconds: 30 });
  });

  it.each([
    [[{ prefix: '', price: '1' }], 0],
    [[{ prefix: '', price: '0.050' }], 3],
    [[{ prefix: '', price: '0.1', connect_fee: '0.0001' }], 4],
    [[BASE, { prefix: '1', price: '0.123456' }], 6],
  ])(
    'defaults amount_decimals to the most decimals among prices and fees: %j → %p',
    (rates, decimals) => {
      expect(deckOf(rates)).toMatchObject({
        deck: { amountDecimals: decimals },
      });
    },
  );

  it.each([0, 6])('takes amount_decimals %p', (amount_decimals) => {
    expect(deckOf([BASE], { amount_decimals })).toMatchObject({
      deck: { amountDecimals: amount_decimals },
    });
  });

  it.each(['half_up', 'up', 'down'])('takes rounding %p', (rounding) => {
    expect(deckOf([BASE], { rounding })).toMatchObject({ deck: { rounding } });
  });

  it.each([
    [{ amount_decimals: 7 }, 'amount_decimals'],
    [{ amount_decimals: -1 }, 'amount_decimals'],
    [{ amount_decimals: 1.5 }, 'amount_decimals'],
    [{ amount_decimals: '2' }, 'amount_decimals'],
    [{ amount_decimals: null }, 'amount_decimals'],
    [{ rounding: 'half_even' }, 'rounding'],
    [{ rounding: 'UP' }, 'rounding'],
    [{ rounding: null }, 'rounding'],
  ])('refuses the option %j', (options, field) => {
    expect(faults(deckOf([BASE], options))).toEqual([
      { field, message: expect.stringContaining(field) as unknown },
    ]);
  });

  const bad: [string, unknown, RegExp][] = [
    ['prefix', '1234567890123456', /"" or 1 to 15 digits/],
    ['prefix', '+44', /digits/],
    ['prefix', '4a', /digits/],
    ['prefix', ' 44', /digits/],
    ['prefix', 44, /digits/],
    ['prefix', null, /digits/],
    ['prefix', undefined, /prefix is required/],
    ['first_block_seconds', 0, /from 1 to 86400/],
    ['first_block_seconds', 86_401, /from 1 to 86400/],
    ['first_block_seconds', 1.5, /integer/],
    ['first_block_seconds', '60', /integer/],
    ['first_block_seconds', null, /integer/],
    ['increment_seconds', 0, /from 1 to 86400/],
    ['increment_seconds', 86_401, /from 1 to 86400/],
    ['price_unit_seconds', 0, /from 1 to 86400/],
    ['price_unit_seconds', true, /integer/],
    ['no_charge_seconds', -1, /from 0 to 86400/],
    ['no_charge_seconds', 86_401, /from 0 to 86400/],
    ['price', 0.05, /a JSON number is not exact/],
    ['price', '-0.05', /decimal string/],
    ['price', '1.', /decimal string/],
    ['price', '.5', /decimal string/],
    ['price', '1e3', /decimal string/],
    ['price', '0.0000001', /decimal string/],
    ['price', '1234567', /decimal string/],
    ['price', '', /decimal string/],
    ['price', null, /decimal string/],
    ['price', undefined, /price is required/],
    ['connect_fee', 0, /a JSON number is not exact/],
    ['connect_fee', '-1', /decimal string/],
    ['connect_fee', '0.1234567', /decimal string/],
  ];
  it.each(bad)(
    'refuses %s %j, naming the item and field',
    (field, value, message) => {
      const rate: Record<string, unknown> = {
        ...BASE,
        prefix: '1',
        [field]: value,
      };
      if (value === undefined) delete rate[field];

      expect(faults(deckOf([BASE, rate]))).toEqual([
        {
          field: `rates[1].${field}`,
          message: expect.stringMatching(message) as unknown,
        },
      ]);
    },
  );

  it('takes the largest values allowed', () => {
    const [rate] = ratesOf(
      deckOf([
        {
          prefix: '',
          price: '999999.999999',
          connect_fee: '999999.999999',
          first_block_seconds: 86_400,
          increment_seconds: 86_400,
          price_unit_seconds: 86_400,
        },
        { prefix: '123456789012345', price: '0' },
      ]),
    );

    expect(rate?.priceMicros).toBe(999_999_999_999n);
  });

  it('refuses a prefix given twice, naming both places', () => {
    expect(
      faults(
        deckOf([BASE, { ...BASE, prefix: '44' }, { ...BASE, prefix: '44' }]),
      ),
    ).toEqual([
      {
        field: 'rates[2].prefix',
        message: 'prefix "44" is given twice: first at rates[1]',
      },
    ]);
    expect(faults(deckOf([BASE, BASE]))[0]?.field).toBe('rates[1].prefix');
  });

  it('tells "0044" from "44" and "" from "0"', () => {
    expect(
      ratesOf(
        deckOf([
          BASE,
          { ...BASE, prefix: '0' },
          { ...BASE, prefix: '0044' },
          { ...BASE, prefix: '44' },
        ]),
      ).map((rate) => rate.prefix),
    ).toEqual(['', '0', '0044', '44']);
  });

  it('requires the rate of prefix ""', () => {
    expect(faults(deckOf([{ ...BASE, prefix: '1' }]))).toEqual([
      {
        field: 'rates',
        message: expect.stringMatching(/prefix ""/) as unknown,
      },
    ]);
    expect(faults(deckOf([]))[0]?.field).toBe('rates');
  });

  it('refuses unknown fields and items that are not objects', () => {
    expect(
      faults(
        deckOf([
          { ...BASE, Price: '1' },
          null,
          [],
          'x',
          { prefix: '2', price: '1', ['k'.repeat(100)]: 1 },
        ]),
      ),
    ).toEqual([
      { field: 'rates[0].Price', message: 'property Price should not exist' },
      { field: 'rates[1]', message: 'rates[1] must be an object' },
      { field: 'rates[2]', message: 'rates[2] must be an object' },
      { field: 'rates[3]', message: 'rates[3] must be an object' },
      {
        field: `rates[4].${'k'.repeat(64)}…`,
        message: `property ${'k'.repeat(64)}… should not exist`,
      },
    ]);
  });

  it('names the first 10 faults and counts them all', () => {
    const rates = [
      BASE,
      ...Array.from({ length: 25 }, (_, i) => ({
        prefix: String(i),
        price: 1,
      })),
    ];
    const outcome = deckOf(rates);

    expect(outcome).toMatchObject({ ok: false, faultCount: 25 });
    expect(faults(outcome)).toHaveLength(10);
  });

  it(`refuses more than ${MAX_RATES} rates, and stops reading there`, () => {
    const builder = new RateDeckBuilder(
      'json',
      (n) => `rates[${n}]`,
      MAX_RATES,
    );
    const rate = { prefix: '', price: '1' };
    let accepted = 0;
    for (let i = 0; i <= MAX_RATES; i++) {
      rate.prefix = i === 0 ? '' : String(i);
      if (builder.add(i, rate)) accepted++;
    }

    expect(accepted).toBe(MAX_RATES);
    expect(faults(finish(builder.finish()))).toEqual([
      { field: 'rates', message: `a version has at most ${MAX_RATES} rates` },
    ]);
  });

  it(`keeps ${MAX_RATES} rates`, () => {
    const builder = new RateDeckBuilder('csv', (n) => `lines[${n}]`, 10);
    const row: Record<string, string | undefined> = {
      prefix: '',
      price: '0.01',
    };
    for (let i = 0; i < MAX_RATES; i++) {
      row.prefix = i === 0 ? '' : String(1_000_000 + i);
      builder.add(i, row);
    }
    const outcome = finish(builder.finish({}));

    expect(outcome).toMatchObject({ ok: true, deck: { size: MAX_RATES } });
    expect(ratesOf(outcome)[MAX_RATES - 1]?.prefix).toBe('1999999');
  });
});
