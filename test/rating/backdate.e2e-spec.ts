/**
 * SPEC §7 backdated corrections: `?backdate=true` stores a version or an assignment that takes
 * effect in the past and re-rates, in the same operation, exactly the recorded calls it
 * affects, keeping every total exact; `&dry_run=true` reports the same figures and changes
 * nothing. The expected figures are written out by hand and checked against the oracle too.
 */
import { versionJson } from '../support/admin-api.js';
import { expectedBill } from './expected-bill.js';
import { expectProblem, expectStatus } from '../support/expectations.js';
import {
  DEFAULT_VERSION,
  versionOf,
  type VersionBody,
} from '../support/oracle/tariff.js';
import { expectedRating, TariffModel } from './oracle.js';
import { micros } from '../support/oracle/decimal.js';
import { auditTotals, listAll, recordCalls, useRatingApp } from './support.js';
import type { CallJson } from '../support/oracle/call-json.js';

const { t, admin, recorder } = useRatingApp();

const USERS = ['alice', 'bob', 'carol'];
const CHEAP_FROM = '2026-11-01T00:00:00.000Z';
const CHEAP: VersionBody = { rates: [{ prefix: '', price: '0.01' }] };
const FROM = '2026-11-15T00:00:00.000Z';
/** The correction of `default` from FROM: minutes, dearer to Germany. */
const CORRECTION: VersionBody = {
  amount_decimals: 3,
  rates: [
    { prefix: '', price: '0.06' },
    { prefix: '49', price: '0.12' },
  ],
};
const BACKDATE = { backdate: 'true' };
const DRY_RUN = { backdate: 'true', dry_run: 'true' };

/** The tariffs as the suite sets them up before any call: carol on `cheap`. */
function model(): TariffModel {
  const tariffs = new TariffModel(DEFAULT_VERSION);
  tariffs.putVersion(versionOf('cheap', Date.parse(CHEAP_FROM), CHEAP));
  tariffs.assign('carol', 'cheap', Date.parse(CHEAP_FROM));
  return tariffs;
}

/**
 * Calls in November (open) around FROM, and one started now. Durations tell them apart:
 * alice 90,000 (11-10: before FROM), 90,001 (after), 61,000 to +49 (after), 30,000 (now);
 * bob 30,000 to 4930 (11-16) and 30,001 (just before FROM); carol 60,000 on cheap.
 */
async function seed(): Promise<void> {
  await admin.defineVersion('cheap', CHEAP_FROM, CHEAP, BACKDATE);
  await admin.assignPlan('carol', 'cheap', Date.parse(CHEAP_FROM), BACKDATE);
  await recordCalls(recorder, 'batch', [
    { user: 'alice', durationMs: 90_000, startedAt: '2026-11-10T12:00:00Z' },
    { user: 'alice', durationMs: 90_001, startedAt: '2026-11-20T12:00:00Z' },
    {
      user: 'alice',
      durationMs: 61_000,
      startedAt: '2026-11-20T13:00:00Z',
      destination: '+4930',
    },
    { user: 'alice', durationMs: 30_000 },
    {
      user: 'bob',
      durationMs: 30_000,
      startedAt: '2026-11-16T00:00:00Z',
      destination: '4930',
    },
    { user: 'bob', durationMs: 30_001, startedAt: '2026-11-14T23:59:59.999Z' },
    { user: 'carol', durationMs: 60_000, startedAt: '2026-11-20T00:00:00Z' },
  ]);
}

interface Snapshot {
  readonly calls: Record<string, CallJson[]>;
  readonly bills: Record<string, unknown>;
}

/** Every user's calls and bills (all time, and each period), as the API gives them now. */
async function snapshot(): Promise<Snapshot> {
  const calls: Record<string, CallJson[]> = {};
  const bills: Record<string, unknown> = {};
  for (const user of USERS) {
    calls[user] = await listAll(t, user);
    for (const period of [undefined, '2026-11', '2026-12']) {
      bills[`${user} ${period ?? 'all'}`] = (
        await t.getBill(user, period)
      ).json();
    }
  }
  return { calls, bills };
}

/** The change of each call's amount in micros, by user, and the calls whose rating changed. */
function changes(before: Snapshot, after: Snapshot) {
  const changed: string[] = [];
  const deltas: Record<string, bigint> = {};
  for (const user of USERS) {
    deltas[user] = 0n;
    const previous = new Map(before.calls[user].map((call) => [call.id, call]));
    for (const call of after.calls[user]) {
      const old = previous.get(call.id);
      if (old === undefined) throw new Error(`call ${call.id} appeared`);
      if (JSON.stringify(old) === JSON.stringify(call)) continue;
      changed.push(`${user} ${call.call_duration}`);
      deltas[user] += micros(call.amount) - micros(old.amount);
    }
  }
  return { changed: changed.sort(), deltas };
}

/** Every call is rated as `tariffs` rate it, and every bill adds up its calls. */
function expectRatedBy(tariffs: TariffModel, state: Snapshot): void {
  for (const user of USERS) {
    for (const call of state.calls[user]) {
      const expected = expectedRating(
        tariffs,
        {
          user,
          durationMs: call.call_duration,
          startedAt: Date.parse(call.started_at),
          destination: call.destination,
        },
        'UTC',
      );
      expect(call).toMatchObject({
        billing_period: expected.billing_period,
        block_count: expected.block_count,
        billed_seconds: expected.billed_seconds,
        amount: expected.amount,
        rate: expected.rate,
      });
    }
    expect(state.bills[`${user} all`]).toMatchObject(
      expectedBill(state.calls[user], 2),
    );
  }
}

const amountOf = (state: Snapshot, user: string) =>
  micros((state.bills[`${user} all`] as { amount: string }).amount);

describe('a backdated version', () => {
  beforeEach(seed);

  it('reports in a dry run what it would re-rate, and changes nothing', async () => {
    const before = await snapshot();

    const dry = await admin.putVersion('default', FROM, CORRECTION, DRY_RUN);

    expectStatus(dry, 200, 201);
    expect(dry.json()).toMatchObject({ rerated_calls: 4 });
    expect(micros(dry.json<{ delta: string }>().delta)).toBe(90_000n);
    expect(await snapshot()).toEqual(before);
    expectProblem(await admin.getVersion('default', FROM), 404);
    await expect(auditTotals(t.app)).resolves.toEqual([]);
  });

  it('re-rates exactly the calls it affects and moves each bill by their difference', async () => {
    const before = await snapshot();
    const dry = await admin.putVersion('default', FROM, CORRECTION, DRY_RUN);

    const response = await admin.putVersion(
      'default',
      FROM,
      CORRECTION,
      BACKDATE,
    );
    const after = await snapshot();

    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      ...versionJson('default', FROM, 3, 2),
      rerated_calls: 4,
      delta: dry.json<{ delta: string }>().delta,
    });
    const { changed, deltas } = changes(before, after);
    expect(changed).toEqual([
      'alice 30000',
      'alice 61000',
      'alice 90001',
      'bob 30000',
    ]);
    // alice: 90,001 ms 0.20 → 0.120, 61,000 ms to +49 0.15 → 0.240, 30,000 ms now 0.05 → 0.060;
    // bob: 30,000 ms to 4930 0.05 → 0.120.
    expect(deltas).toEqual({ alice: 20_000n, bob: 70_000n, carol: 0n });
    for (const user of USERS) {
      expect(amountOf(after, user) - amountOf(before, user)).toBe(deltas[user]);
    }
    const corrected = model();
    corrected.putVersion(versionOf('default', Date.parse(FROM), CORRECTION));
    expectRatedBy(corrected, after);
    await expect(auditTotals(t.app)).resolves.toEqual([]);
  });

  it('rates a call recorded afterwards by the correction, and re-rates nothing when sent again', async () => {
    await admin.defineVersion('default', FROM, CORRECTION, BACKDATE);

    const again = await admin.putVersion('default', FROM, CORRECTION, BACKDATE);
    const call = await t.putCall('alice', {
      call_duration: 1,
      started_at: '2026-11-15T00:00:00.000Z',
      destination: '+49',
    });

    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ rerated_calls: 0 });
    expect(micros(again.json<{ delta: string }>().delta)).toBe(0n);
    expect(call.json()).toMatchObject({
      amount: '0.120',
      rate: { plan: 'default', version: FROM, prefix: '49' },
    });
  });

  it('corrects a version in force: the calls it priced, and only those', async () => {
    const before = await snapshot();

    const response = await admin.putVersion(
      'cheap',
      CHEAP_FROM,
      { rates: [{ prefix: '', price: '0.02' }] },
      BACKDATE,
    );

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ rate_count: 1, rerated_calls: 1 });
    expect(micros(response.json<{ delta: string }>().delta)).toBe(10_000n);
    expect(changes(before, await snapshot())).toEqual({
      changed: ['carol 60000'],
      deltas: { alice: 0n, bob: 0n, carol: 10_000n },
    });
    await expect(auditTotals(t.app)).resolves.toEqual([]);
  });

  it('is refused without backdate=true (409), changing nothing', async () => {
    const before = await snapshot();

    const version = await admin.putVersion('default', FROM, CORRECTION);
    const assignment = await admin.assign('bob', 'cheap', Date.parse(FROM));

    expectProblem(version, 409);
    expectProblem(assignment, 409);
    expect(await snapshot()).toEqual(before);
  });
  it('is refused (409) from an instant in a closed period, changing nothing', async () => {
    const close = await t.inject({
      method: 'POST',
      url: '/admin/periods/2026-11/close',
    });
    expectStatus(close, 200, 201);
    const before = await snapshot();

    const version = await admin.putVersion(
      'default',
      FROM,
      CORRECTION,
      BACKDATE,
    );
    const assignment = await admin.assign(
      'bob',
      'cheap',
      Date.parse(FROM),
      BACKDATE,
    );

    expectProblem(version, 409);
    expectProblem(assignment, 409);
    expect(await snapshot()).toEqual(before);
    expectProblem(await admin.getVersion('default', FROM), 404);
  });
});

describe('a backdated assignment', () => {
  beforeEach(seed);

  it("re-rates that user's calls from its instant, and only those, after a dry run that changes nothing", async () => {
    const before = await snapshot();
    const from = Date.parse('2026-11-15T12:00:00Z');

    const dry = await admin.assign('bob', 'cheap', from, DRY_RUN);
    const unchanged = await snapshot();
    const planned = await admin.assignments('bob');
    const response = await admin.assign('bob', 'cheap', from, BACKDATE);
    const after = await snapshot();

    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ rerated_calls: 1 });
    expect(unchanged).toEqual(before);
    expect(planned.json()).toEqual({ user_name: 'bob', assignments: [] });
    expect((await admin.assignments('bob')).json()).toMatchObject({
      assignments: [
        { plan: 'cheap', effective_from: new Date(from).toISOString() },
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      user_name: 'bob',
      rerated_calls: 1,
      delta: dry.json<{ delta: string }>().delta,
    });
    // bob's 30 s to 4930 on 11-16: 0.05 under default, 0.01 under cheap.
    expect(micros(response.json<{ delta: string }>().delta)).toBe(-40_000n);
    expect(changes(before, after)).toEqual({
      changed: ['bob 30000'],
      deltas: { alice: 0n, bob: -40_000n, carol: 0n },
    });
    const tariffs = model();
    tariffs.assign('bob', 'cheap', from);
    expectRatedBy(tariffs, after);
    await expect(auditTotals(t.app)).resolves.toEqual([]);
  });
});
