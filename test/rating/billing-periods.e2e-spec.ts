/**
 * SPEC §7 "Billing period" and §3.2: a call is billed in the month of its `started_at` in
 * BILLING_TIMEZONE (Europe/Berlin here), `period=` selects bills and listings by it, and a bill
 * has a line per rate, ordered by plan, version and prefix, its amount written with the most
 * decimals among them.
 */
import { expectedBill } from './expected-bill.js';
import { periodOf } from '../support/oracle/tariff.js';
import { iso, secondsAhead } from '../support/dates.js';
import { listAll, PATHS, recordCalls, useRatingApp } from './support.js';
import type { CallJson } from '../support/oracle/call-json.js';

const ZONE = 'Europe/Berlin';
const { t, admin, recorder } = useRatingApp({ BILLING_TIMEZONE: ZONE });

/** Instants at the edges of Berlin's months, in winter and summer time, and their month there. */
const EDGES: [string, string][] = [
  ['2025-12-31T22:59:59.999Z', '2025-12'],
  ['2025-12-31T23:00:00.000Z', '2026-01'],
  ['2026-03-31T21:59:59.999Z', '2026-03'],
  ['2026-03-31T22:00:00.000Z', '2026-04'],
  ['2026-10-31T22:59:59.999Z', '2026-10'],
  ['2026-10-31T23:00:00.000Z', '2026-11'],
  ['2026-10-31T23:30:00.000Z', '2026-11'],
  ['2026-11-30T23:30:00.000Z', '2026-12'],
];

const bills = async (user: string, period?: string) => {
  const response = await t.getBill(user, period);
  expect(response.statusCode).toBe(200);
  return response.json<Record<string, unknown>>();
};

describe('billing periods in BILLING_TIMEZONE', () => {
  it.each(PATHS)(
    'bills each call in the Berlin month of its start, through %s',
    async (path) => {
      await recordCalls(recorder, path, [
        ...EDGES.map(([startedAt], index) => ({
          user: 'alice',
          durationMs: index + 1,
          startedAt,
        })),
      ]);

      const calls = await listAll(t, 'alice');
      const periods = calls
        .sort((a, b) => a.call_duration - b.call_duration)
        .map(({ started_at, billing_period }) => [started_at, billing_period]);
      expect(periods).toEqual(EDGES);
    },
  );

  it('selects bills and listings by billing period', async () => {
    const starts = [
      '2026-10-31T22:59:59.999Z',
      '2026-10-31T23:30:00Z',
      '2026-11-15T12:00:00+01:00',
      '2026-11-30T23:30:00Z',
    ];
    for (const [index, started_at] of starts.entries()) {
      await t.putCall('alice', {
        call_duration: (index + 1) * 30_000,
        started_at,
      });
    }
    const all = await listAll(t, 'alice');
    const inPeriod = (period: string) =>
      all.filter((call) => call.billing_period === period);

    for (const [period, count] of [
      ['2026-10', 1],
      ['2026-11', 2],
      ['2026-12', 1],
      ['2020-01', 0],
    ] as const) {
      const listed = await listAll(t, 'alice', { period });
      expect(listed.map(({ id }) => id).sort()).toEqual(
        inPeriod(period)
          .map(({ id }) => id)
          .sort(),
      );
      expect(listed).toHaveLength(count);
      expect(await bills('alice', period)).toMatchObject({
        period,
        status: 'open',
        ...expectedBill(listed, 2),
      });
    }
    const bill = await bills('alice');
    expect(bill).toMatchObject(expectedBill(all, 2));
    expect(bill).toMatchObject({
      period: null,
      status: null,
      call_count: 4,
      amount: '0.50',
    });
    expect(await bills('alice', '2020-01')).toMatchObject({
      call_count: 0,
      amount: '0.00',
      lines: [],
    });
  });

  it('answers bills asked at once (one read) as it answers them one by one', async () => {
    const users = ['alice', 'bob'];
    for (const [index, started_at] of [
      '2026-10-31T22:59:59.999Z',
      '2026-11-15T12:00:00Z',
      '2026-11-30T23:30:00Z',
    ].entries()) {
      for (const user of users) {
        await t.putCall(user, {
          call_duration: (index + 1) * 30_000 + user.length,
          started_at,
        });
      }
    }
    const questions = users.flatMap((user) =>
      [undefined, '2026-10', '2026-11', '2026-12', '2020-01'].map(
        (period) => [user, period] as const,
      ),
    );
    const oneByOne = [];
    for (const [user, period] of questions) {
      oneByOne.push(await bills(user, period));
    }
    // Each question twice, all in flight together: they share reads, and a repeat its sum.
    const atOnce = await Promise.all(
      [...questions, ...questions].map(([user, period]) => bills(user, period)),
    );
    expect(atOnce).toEqual([...oneByOne, ...oneByOne]);
    expect(oneByOne.map(({ call_count }) => call_count)).toEqual([
      3, 1, 1, 1, 0, 3, 1, 1, 1, 0,
    ]);
  });

  it('keeps the period a call was rated with when the time zone setting changes', async () => {
    const started_at = '2026-10-31T23:30:00Z';
    const first = await t.putCall('alice', { call_duration: 1, started_at });
    await t.restart({ BILLING_TIMEZONE: 'UTC' });
    try {
      const second = await t.putCall('alice', { call_duration: 2, started_at });

      expect(first.json()).toMatchObject({ billing_period: '2026-11' });
      expect(second.json()).toMatchObject({ billing_period: '2026-10' });
      const listed = await listAll(t, 'alice');
      expect(
        listed.map(({ call_duration, billing_period }) => [
          call_duration,
          billing_period,
        ]),
      ).toEqual([
        [2, '2026-10'],
        [1, '2026-11'],
      ]);
      expect(await bills('alice', '2026-11')).toMatchObject({ call_count: 1 });
    } finally {
      await t.restart();
    }
  });
});

describe('bill lines', () => {
  it('has one line per rate, by plan, version and prefix, the amount with the most decimals', async () => {
    const at = secondsAhead(30);
    await admin.defineVersion('zulu', at, {
      amount_decimals: 3,
      rates: [
        { prefix: '', price: '0.6' },
        { prefix: '2', price: '1.2' },
        { prefix: '12', price: '1.8' },
        { prefix: '1', price: '2.4' },
      ],
    });
    await admin.defineVersion('alpha', at, {
      amount_decimals: 5,
      rates: [
        {
          prefix: '',
          first_block_seconds: 1,
          price: '0.00001',
          price_unit_seconds: 1,
        },
      ],
    });
    await admin.defineVersion('alpha', at + 10_000, {
      amount_decimals: 1,
      rates: [{ prefix: '', price: '0.5' }],
    });
    await admin.assignPlan('alice', 'zulu', at);
    await admin.assignPlan('alice', 'alpha', at + 5_000);
    const call = (offset: number, destination?: string) => ({
      user: 'alice',
      durationMs: 60_000,
      startedAt: iso(at + offset),
      destination,
    });
    await recordCalls(recorder, 'batch', [
      { user: 'alice', durationMs: 60_000, startedAt: '2026-11-10T10:00:00Z' },
      call(1_000, '2'),
      call(1_000, '12345'),
      call(1_000, '13'),
      call(1_000, '3'),
      call(1_000),
      call(6_000, '2'),
      call(11_000, '2'),
    ]);

    const bill = await bills('alice');
    const all = await listAll(t, 'alice');

    const version = iso(at);
    expect(bill.lines).toEqual([
      line('alpha', version, '', 1, '0.00060', 60),
      line('alpha', iso(at + 10_000), '', 1, '0.5'),
      line('default', '1970-01-01T00:00:00.000Z', '', 1, '0.10', 2),
      line('zulu', version, '', 2, '1.200'),
      line('zulu', version, '1', 1, '2.400'),
      line('zulu', version, '12', 1, '1.800'),
      line('zulu', version, '2', 1, '1.200'),
    ]);
    expect(bill).toMatchObject({ call_count: 8, amount: '7.20060' });
    expect(bill).toMatchObject(expectedBill(all, 2));
    const now = periodOf(at, ZONE);
    const current = await bills('alice', now);
    expect(current).toMatchObject({ amount: '7.10060' });
    expect(current).toMatchObject(expectedBill(inPeriod(all, now), 2));
    expect(await bills('alice', '2026-11')).toMatchObject({
      amount: '0.10',
      lines: [line('default', '1970-01-01T00:00:00.000Z', '', 1, '0.10', 2)],
    });
  });

  it('describes the equal-block rate a call without destination would get now, else null', async () => {
    const past = '2026-01-01T00:00:00.000Z';
    const backdate = { backdate: 'true' };
    await admin.defineVersion(
      'flat',
      past,
      { rates: [{ prefix: '', price: '0.12' }] },
      backdate,
    );
    await admin.defineVersion(
      'pulse',
      past,
      {
        rates: [
          {
            prefix: '',
            first_block_seconds: 30,
            increment_seconds: 6,
            price: '0.06',
          },
        ],
      },
      backdate,
    );
    await admin.assignPlan('bob', 'flat');
    await admin.assignPlan('carol', 'pulse');

    expect(await bills('alice')).toMatchObject({
      block_seconds: 30,
      price_per_block: '0.05',
    });
    expect(await bills('bob')).toMatchObject({
      block_seconds: 60,
      price_per_block: '0.12',
    });
    expect(await bills('carol')).toMatchObject({
      block_seconds: null,
      price_per_block: null,
    });
  });
});

function inPeriod(calls: readonly CallJson[], period: string): CallJson[] {
  return calls.filter((call) => call.billing_period === period);
}

/** A usage line of `calls` calls of 60 s, each `blocks` blocks. */
function line(
  plan: string,
  version: string,
  prefix: string,
  calls: number,
  amount: string,
  blocks = 1,
) {
  return {
    kind: 'usage',
    plan,
    version,
    prefix,
    call_count: calls,
    total_duration: calls * 60_000,
    block_count: calls * blocks,
    billed_seconds: calls * 60,
    amount,
  };
}
