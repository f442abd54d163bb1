/**
 * SPEC §7 "Arithmetic", every example of it, through each way a call is recorded: blocks,
 * billed seconds and the amount, rounded to the version's decimals by its rounding. The
 * expected figures are the SPEC's own, written out by hand.
 */
import type { RateBody, Rounding } from '../support/oracle/tariff.js';
import { iso, secondsAhead } from '../support/dates.js';
import {
  listAll,
  PATHS,
  recordCalls,
  type CallInput,
  useRatingApp,
} from './support.js';

const { t, admin, recorder } = useRatingApp();

/** The SPEC's tariffs, one plan (and one user on it) each. */
const PLANS: Record<
  string,
  { amount_decimals: number; rounding?: Rounding; rate: RateBody }
> = {
  pulse: {
    amount_decimals: 4,
    rate: {
      prefix: '',
      first_block_seconds: 30,
      increment_seconds: 6,
      price: '0.006',
      price_unit_seconds: 60,
    },
  },
  fee: {
    amount_decimals: 2,
    rate: {
      prefix: '',
      first_block_seconds: 60,
      increment_seconds: 60,
      price: '0.02',
      price_unit_seconds: 60,
      connect_fee: '0.15',
    },
  },
  ...Object.fromEntries(
    (['half_up', 'up', 'down'] as const).map((rounding) => [
      rounding.replace('_', '-'),
      {
        amount_decimals: 2,
        rounding,
        rate: {
          prefix: '',
          first_block_seconds: 1,
          increment_seconds: 1,
          price: '0.01',
          price_unit_seconds: 60,
        },
      },
    ]),
  ),
};

/** [plan (and user), duration in ms, blocks, billed seconds, amount]. */
const EXAMPLES: [string, number, number, number, string][] = [
  ['pulse', 32_000, 2, 36, '0.0036'],
  ['pulse', 57_000, 6, 60, '0.0060'],
  ['pulse', 75_000, 9, 78, '0.0078'],
  ['pulse', 30_000, 1, 30, '0.0030'],
  ['pulse', 30_001, 2, 36, '0.0036'],
  ['pulse', 1, 1, 30, '0.0030'],
  ['pulse', 0, 0, 0, '0.0000'],
  ['fee', 61_000, 2, 120, '0.19'],
  ['fee', 60_000, 1, 60, '0.17'],
  ['fee', 0, 0, 0, '0.00'],
  ['half-up', 29_000, 29, 29, '0.00'],
  ['up', 29_000, 29, 29, '0.01'],
  ['down', 29_000, 29, 29, '0.00'],
  // 30 s at 0.01 a minute is exactly 0.005: half_up goes up, down does not.
  ['half-up', 30_000, 30, 30, '0.01'],
  ['up', 30_000, 30, 30, '0.01'],
  ['down', 30_000, 30, 30, '0.00'],
  ['down', 59_999, 60, 60, '0.01'],
  ['up', 1, 1, 1, '0.01'],
];

/** Every second at the largest price the service takes, to six decimals. */
const dearest = (connect_fee: string) => ({
  amount_decimals: 6,
  rate: {
    prefix: '',
    first_block_seconds: 1,
    price: '999999.999999',
    price_unit_seconds: 1,
    connect_fee,
  },
});

/** Stores each plan from `at` and puts its user on it. */
async function definePlans(plans: typeof PLANS, at: number): Promise<void> {
  for (const [plan, { amount_decimals, rounding, rate }] of Object.entries(
    plans,
  )) {
    await admin.defineVersion(plan, at, {
      amount_decimals,
      rounding,
      rates: [rate],
    });
    await admin.assignPlan(plan, plan, at);
  }
}

/** Each user's calls as [plan, ms, blocks, billed seconds, amount], by plan then duration. */
async function pricedCalls(users: readonly string[]) {
  const rows: [string, number, number, number, string][] = [];
  for (const user of users) {
    for (const call of await listAll(t, user)) {
      rows.push([
        call.rate.plan,
        call.call_duration,
        call.block_count,
        call.billed_seconds,
        call.amount,
      ]);
    }
  }
  return rows;
}

const byPlanAndDuration = (
  a: readonly [string, number, ...unknown[]],
  b: readonly [string, number, ...unknown[]],
) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]);

describe('the arithmetic of SPEC §7', () => {
  it.each(PATHS)(
    'prices every example of the SPEC through %s',
    async (path) => {
      const at = secondsAhead(30);
      await definePlans(PLANS, at);
      const calls: CallInput[] = EXAMPLES.map(([plan, durationMs]) => ({
        user: plan,
        durationMs,
        startedAt: iso(at + 1_000),
      }));

      await recordCalls(recorder, path, calls);

      expect(
        (await pricedCalls(Object.keys(PLANS))).sort(byPlanAndDuration),
      ).toEqual([...EXAMPLES].sort(byPlanAndDuration));
    },
  );

  it('charges nothing, not even the connect fee, up to no_charge_seconds, and everything after', async () => {
    const at = secondsAhead(30);
    await definePlans(
      {
        grace: {
          amount_decimals: 2,
          rate: {
            prefix: '',
            price: '0.02',
            connect_fee: '0.15',
            no_charge_seconds: 5,
          },
        },
      },
      at,
    );

    await recordCalls(
      recorder,
      'batch',
      [0, 4_999, 5_000, 5_001, 60_000, 60_001].map((durationMs) => ({
        user: 'grace',
        durationMs,
        startedAt: iso(at),
      })),
    );

    expect((await pricedCalls(['grace'])).sort(byPlanAndDuration)).toEqual([
      ['grace', 0, 0, 0, '0.00'],
      ['grace', 4_999, 0, 0, '0.00'],
      ['grace', 5_000, 0, 0, '0.00'],
      ['grace', 5_001, 1, 60, '0.17'],
      ['grace', 60_000, 1, 60, '0.17'],
      ['grace', 60_001, 2, 120, '0.19'],
    ]);
  });

  it("takes a rate's defaults (60 s blocks and unit, no fee) and the most decimals among its prices", async () => {
    const at = secondsAhead(30);
    await admin.defineVersion('plain', at, {
      rates: [
        { prefix: '', price: '0.0125' },
        { prefix: '1', price: '0.5', connect_fee: '0.000001' },
      ],
    });
    await admin.assignPlan('plain', 'plain', at);

    await recordCalls(recorder, 'put', [
      { user: 'plain', durationMs: 61_000, startedAt: iso(at) },
      {
        user: 'plain',
        durationMs: 120_000,
        startedAt: iso(at),
        destination: '1',
      },
    ]);

    expect((await pricedCalls(['plain'])).sort(byPlanAndDuration)).toEqual([
      ['plain', 61_000, 2, 120, '0.025000'],
      ['plain', 120_000, 2, 120, '1.000001'],
    ]);
  });

  // Amounts of 2^53 micro-units and more once came back from SQLite through a double (the answer
  // to PUT was exact, the listing and the bill were not).
  it('keeps every digit of an amount past 2^53 micro-units in the answer, the listing and the bill', async () => {
    const at = secondsAhead(30);
    await definePlans({ long: dearest('999999.999999') }, at);

    const [answer] = await recordCalls(recorder, 'put', [
      { user: 'long', durationMs: 2_147_483_647, startedAt: iso(at) },
    ]);

    // 2,147,484 s × 999,999.999999 + the fee: far beyond what a double holds exactly.
    expect(answer.amount).toBe('2147484999997.852515');
    expect((await t.getBill('long')).json()).toMatchObject({
      amount: '2147484999997.852515',
    });
    expect(await pricedCalls(['long'])).toEqual([
      ['long', 2_147_483_647, 2_147_484, 2_147_484, '2147484999997.852515'],
    ]);
  });

  // A bill's total of 2^53 micro-units and more once came back from SQLite through a double,
  // though every call in it was exact.
  it('bills a total past 2^53 micro-units (each call below it) to the last digit', async () => {
    const at = secondsAhead(30);
    await definePlans({ big: dearest('0') }, at);

    await recordCalls(recorder, 'batch', [
      ...Array.from({ length: 9 }, () => ({
        user: 'big',
        durationMs: 1_000_000,
        startedAt: iso(at),
      })),
      { user: 'big', durationMs: 1_001_000, startedAt: iso(at) },
    ]);

    // 9 × 999,999,999.999 + 1,000,999,999.998999: 10,000,999,999,989,999 µ, odd, past 2^53.
    expect(
      (await pricedCalls(['big'])).map(([, , , , amount]) => amount).sort(),
    ).toEqual([
      '1000999999.998999',
      ...Array.from({ length: 9 }, () => '999999999.999000'),
    ]);
    expect((await t.getBill('big')).json()).toMatchObject({
      call_count: 10,
      amount: '10000999999.989999',
    });
  });
});
