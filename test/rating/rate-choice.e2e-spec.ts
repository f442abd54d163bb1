/**
 * SPEC §7 "Which rate": the user's plan in force at the call's start, that plan's version in
 * force then (else `default`'s), and in it the longest prefix of the destination. Versions and
 * assignments are placed a few seconds ahead and calls started around them, so that nothing
 * sleeps but the one test about a version taking effect on the clock.
 */
import { versionJson } from '../support/admin-api.js';
import { DEFAULT_RATE } from '../support/oracle/tariff.js';
import { eventually } from '../support/eventually.js';
import { expectProblem } from '../support/expectations.js';
import { micros } from '../support/oracle/decimal.js';
import { iso, secondsAhead } from '../support/dates.js';
import { listAll, PATHS, recordCalls, useRatingApp } from './support.js';
import type { CallJson } from '../support/oracle/call-json.js';

const { t, admin, recorder } = useRatingApp();

const FIRST_VERSION = DEFAULT_RATE.version;

/** One minute at a price per minute: the amount names the rate that priced it. */
const perMinute = (prefix: string, price: string) => ({ prefix, price });

/** The rate of each call of `user`, by call_duration. */
async function ratesOf(user: string) {
  const calls = await listAll(t, user);
  return calls
    .sort((a, b) => a.call_duration - b.call_duration)
    .map(({ call_duration, rate, amount }: CallJson) => ({
      ms: call_duration,
      ...rate,
      amount,
    }));
}

/** A call of each of `users` at each of `starts`, the n-th start's calls a minute and n ms long. */
function callsAt(starts: readonly number[], users: readonly string[]) {
  return starts.flatMap((start, index) =>
    users.map((user) => ({
      user,
      durationMs: 60_000 + index,
      startedAt: iso(start),
    })),
  );
}

describe('the longest prefix', () => {
  const PREFIX_CASES: [string | null | undefined, string, string][] = [
    [undefined, '', '0.01'],
    [null, '', '0.01'],
    ['+4930123', '4930', '0.05'],
    ['4930', '4930', '0.05'],
    ['493', '49', '0.04'],
    ['49', '49', '0.04'],
    ['4', '4', '0.03'],
    ['44', '4', '0.03'],
    ['+4412', '441', '0.06'],
    ['3', '', '0.01'],
    ['0049', '', '0.01'],
    ['+19', '1', '0.02'],
  ];

  it.each(PATHS)(
    'picks the rate of the longest prefix, "" for no destination or no match, through %s',
    async (path) => {
      const at = secondsAhead(30);
      await admin.defineVersion('intl', at, {
        rates: [
          perMinute('', '0.01'),
          perMinute('1', '0.02'),
          perMinute('4', '0.03'),
          perMinute('49', '0.04'),
          perMinute('4930', '0.05'),
          perMinute('441', '0.06'),
        ],
      });
      await admin.assignPlan('alice', 'intl', at);

      await recordCalls(
        recorder,
        path,
        PREFIX_CASES.map(([destination], index) => ({
          user: 'alice',
          durationMs: 60_000 - index,
          startedAt: iso(at + 1_000),
          destination,
        })),
      );

      const rates = (await ratesOf('alice')).reverse();
      expect(rates).toEqual(
        PREFIX_CASES.map(([, prefix, amount], index) => ({
          ms: 60_000 - index,
          plan: 'intl',
          version: iso(at),
          prefix,
          amount,
        })),
      );
    },
  );

  it('answers GET /mobile/{user}/rate with the rate a call would get, in full', async () => {
    const at = secondsAhead(30);
    await admin.defineVersion('intl', at, {
      amount_decimals: 4,
      rounding: 'down',
      rates: [
        perMinute('', '0.01'),
        {
          prefix: '49',
          first_block_seconds: 30,
          increment_seconds: 6,
          price: '0.006',
          price_unit_seconds: 60,
          connect_fee: '0.15',
          no_charge_seconds: 3,
        },
      ],
    });
    await admin.assignPlan('alice', 'intl', at);

    const later = await admin.rate('alice', {
      destination: '+4930',
      at: iso(at + 1_000),
    });
    const earlier = await admin.rate('alice', {
      destination: '+4930',
      at: iso(at - 1),
    });

    expect(later.statusCode).toBe(200);
    const rate = later.json<Record<string, string>>();
    expect(rate).toEqual({
      plan: 'intl',
      version: iso(at),
      prefix: '49',
      first_block_seconds: 30,
      increment_seconds: 6,
      price: rate.price,
      price_unit_seconds: 60,
      connect_fee: rate.connect_fee,
      no_charge_seconds: 3,
      amount_decimals: 4,
      rounding: 'down',
      currency: 'USD',
    });
    expect([micros(rate.price), micros(rate.connect_fee)]).toEqual([
      6_000n,
      150_000n,
    ]);
    expect(earlier.json()).toMatchObject({
      plan: 'default',
      version: FIRST_VERSION,
      prefix: '',
      first_block_seconds: 30,
      increment_seconds: 30,
      price_unit_seconds: 30,
      amount_decimals: 2,
      rounding: 'half_up',
    });
  });
});

describe('versions in time', () => {
  it('prices a call by the version in force at its start, to the millisecond', async () => {
    const at = secondsAhead(30);
    await admin.defineVersion('default', at, {
      rates: [perMinute('', '1.00')],
    });
    await admin.defineVersion('p', at + 10_000, {
      rates: [perMinute('', '2.00')],
    });
    await admin.defineVersion('p', at + 20_000, {
      rates: [perMinute('', '3.00')],
    });
    await admin.assignPlan('bob', 'p');
    const starts = [
      at - 1,
      at,
      at + 9_999,
      at + 10_000,
      at + 19_999,
      at + 20_000,
    ];

    await recordCalls(recorder, 'batch', callsAt(starts, ['alice', 'bob']));

    const byDefault = [
      FIRST_VERSION,
      iso(at),
      iso(at),
      iso(at),
      iso(at),
      iso(at),
    ];
    expect(
      (await ratesOf('alice')).map(({ plan, version }) => [plan, version]),
    ).toEqual(byDefault.map((version) => ['default', version]));
    expect(
      (await ratesOf('bob')).map(({ plan, version }) => [plan, version]),
    ).toEqual([
      ['default', FIRST_VERSION],
      ['default', iso(at)],
      ['default', iso(at)],
      ['p', iso(at + 10_000)],
      ['p', iso(at + 10_000)],
      ['p', iso(at + 20_000)],
    ]);
  });

  it('rates a call recorded without started_at by a version once its instant has passed, and then keeps the version', async () => {
    const at = Date.now() + 2_000;
    await admin.defineVersion('default', at, {
      amount_decimals: 3,
      rates: [perMinute('', '1.5')],
    });
    const before = await t.putCall('alice', { call_duration: 60_000 });

    await eventually(() => Date.now() > at + 50, 10, 20);
    const after = await t.putCall('alice', { call_duration: 60_000 });

    expect(before.json()).toMatchObject({
      amount: '0.10',
      rate: { plan: 'default', version: FIRST_VERSION, prefix: '' },
    });
    expect(after.json()).toMatchObject({
      amount: '1.500',
      rate: { plan: 'default', version: iso(at), prefix: '' },
    });
    expectProblem(
      await admin.putVersion('default', at, { rates: [perMinute('', '9')] }),
      409,
    );
    expectProblem(await admin.deleteVersion('default', at), 409);
  });

  it('replaces (200) or deletes (204) a version not yet in force; calls then get what is left', async () => {
    const at = secondsAhead(30);
    await admin.defineVersion('default', at, { rates: [perMinute('', '1')] });
    const replaced = await admin.putVersion('default', at, {
      rates: [perMinute('', '2')],
    });
    await admin.defineVersion('default', at + 10_000, {
      rates: [perMinute('', '3')],
    });
    const deleted = await admin.deleteVersion('default', at + 10_000);
    const again = await admin.deleteVersion('default', at + 10_000);

    await recordCalls(recorder, 'put', [
      { user: 'alice', durationMs: 60_000, startedAt: iso(at + 11_000) },
    ]);

    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toEqual(versionJson('default', iso(at), 0, 1));
    expect(deleted.statusCode).toBe(204);
    expectProblem(again, 404);
    expect(await ratesOf('alice')).toEqual([
      {
        ms: 60_000,
        plan: 'default',
        version: iso(at),
        prefix: '',
        amount: '2',
      },
    ]);
  });
});

describe('plan assignments', () => {
  it("uses the plan assigned to the user at the call's start", async () => {
    const at = secondsAhead(30);
    await admin.defineVersion('a', at, { rates: [perMinute('', '0.20')] });
    await admin.defineVersion('b', at, { rates: [perMinute('', '0.30')] });
    await admin.assignPlan('carol', 'a', at + 5_000);
    const answer = await admin.assignPlan('carol', 'b', at + 15_000);
    const starts = [at + 4_999, at + 5_000, at + 14_999, at + 15_000];

    await recordCalls(recorder, 'csv', callsAt(starts, ['carol', 'dave']));

    expect(answer.json()).toEqual({
      user_name: 'carol',
      assignments: [
        { plan: 'a', effective_from: iso(at + 5_000) },
        { plan: 'b', effective_from: iso(at + 15_000) },
      ],
    });
    expect((await admin.assignments('carol')).json()).toEqual(answer.json());
    expect((await ratesOf('carol')).map(({ plan }) => plan)).toEqual([
      'default',
      'a',
      'a',
      'b',
    ]);
    expect((await ratesOf('dave')).map(({ plan }) => plan)).toEqual([
      'default',
      'default',
      'default',
      'default',
    ]);
  });

  it("falls back to the default plan's version while the assigned plan has none yet", async () => {
    const at = secondsAhead(30);
    await admin.defineVersion('later', at + 20_000, {
      rates: [perMinute('', '0.40')],
    });
    await admin.assignPlan('erin', 'later');

    await recordCalls(recorder, 'put', [
      { user: 'erin', durationMs: 60_000, startedAt: iso(at) },
      { user: 'erin', durationMs: 59_999, startedAt: iso(at + 20_000) },
    ]);

    expect(await ratesOf('erin')).toEqual([
      {
        ms: 59_999,
        plan: 'later',
        version: iso(at + 20_000),
        prefix: '',
        amount: '0.40',
      },
      {
        ms: 60_000,
        plan: 'default',
        version: FIRST_VERSION,
        prefix: '',
        amount: '0.10',
      },
    ]);
  });

  it('refuses an unknown plan with a 400 naming the field, and a past start without backdate with a 409', async () => {
    const unknown = await admin.assign('frank', 'nosuch');
    const past = await admin.assign('frank', 'default', Date.now() - 60_000);

    expectProblem(unknown, 400);
    expect(unknown.json()).toMatchObject({
      errors: [expect.objectContaining({ field: 'plan' })],
    });
    expectProblem(past, 409);
    expect((await admin.assignments('frank')).json()).toEqual({
      user_name: 'frank',
      assignments: [],
    });
  });
});
