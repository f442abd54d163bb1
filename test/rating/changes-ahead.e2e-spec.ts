/**
 * SPEC §3.1 lets a call start up to 5 minutes ahead of the service's clock, and §7 rates it when
 * it is recorded. A change for the next few minutes may therefore reach calls already priced:
 * it is refused (409) when it would price one of them otherwise, and accepted when it prices them
 * as they were; as a correction (`backdate=true`) it re-rates them. No call keeps a price that
 * the stored tariffs contradict.
 */
import { jest } from '@jest/globals';
import { LedgerStateRepository } from '../../src/call-billing/persistence/ledger-state.repository.js';
import { RateSets } from '../../src/rating/services/rate-sets.js';
import { RerateService } from '../../src/call-billing/services/rerate.service.js';
import { utcDatetimeText } from '../../src/platform/database/sql-values.js';
import { expectProblem, expectStatus } from '../support/expectations.js';
import { iso, secondsAhead } from '../support/dates.js';
import type { CallJson } from '../support/oracle/call-json.js';
import { auditTotals, listAll, useRatingApp } from './support.js';

const { t, admin } = useRatingApp();

const DEAR = { rates: [{ prefix: '', price: '1.00' }] };
const GOLD = { rates: [{ prefix: '', price: '0.50' }] };

/** Records a minute-long call of `user` started at `startedAt` (ms); its answer. */
async function callAt(user: string, startedAt: number): Promise<CallJson> {
  const response = await t.putCall(user, {
    call_duration: 60_000,
    started_at: iso(startedAt),
  });
  expectStatus(response, 201);
  return response.json<CallJson>();
}

/** The only call of `user`, as listed now. */
async function onlyCallOf(user: string) {
  const [call, ...others] = await listAll(t, user);
  expect(others).toEqual([]);
  return call;
}

function expectRefused(
  response: Awaited<ReturnType<typeof admin.putVersion>>,
  calls: number,
) {
  expectProblem(response, 409);
  const problem = response.json<{ detail: string; errors: unknown[] }>();
  expect(problem.detail).toContain(
    `${calls} recorded call${calls === 1 ? '' : 's'} started at or after it`,
  );
  expect(problem.detail).toContain('backdate=true');
  expect(problem.errors).toEqual([
    expect.objectContaining({ field: 'effective_from' }),
  ]);
}

describe('Changes that take effect within minutes, and the calls already priced', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  describe('a version', () => {
    it('is refused when it would price a call that started after it otherwise, and stores nothing', async () => {
      const at = secondsAhead(60);
      const early = await callAt('alice', at + 60_000);

      const refused = await admin.putVersion('default', at, DEAR);

      expectRefused(refused, 1);
      expectProblem(await admin.getVersion('default', at), 404);
      // Its rates, stored before the change was refused, are gone with it.
      const [rates] = await t.dataSource.query<{ n: unknown }[]>(
        "SELECT COUNT(*) AS n FROM tariff_rates WHERE rate_set <> 'default'",
      );
      expect(Number(rates?.n)).toBe(0);
      expect(await onlyCallOf('alice')).toMatchObject({
        amount: early.amount,
        rate: early.rate,
      });
    });

    it('re-rates those calls when sent as a correction, keeping the totals exact', async () => {
      const at = secondsAhead(60);
      await callAt('alice', at + 60_000);
      await callAt('alice', at - 1_000);

      const response = await admin.putVersion('default', at, DEAR, {
        backdate: 'true',
      });

      expectStatus(response, 201);
      expect(response.json()).toMatchObject({
        rerated_calls: 1,
        delta: '0.90',
      });
      const [before, after] = await listAll(t, 'alice');
      expect(after).toMatchObject({
        amount: '1.00',
        rate: { plan: 'default', version: iso(at), prefix: '' },
      });
      expect(before).toMatchObject({ amount: '0.10' });
      expect(await auditTotals(t.app)).toEqual([]);
    });

    it('is refused as a replacement or a removal once it priced such a call; the same rates are accepted', async () => {
      const at = secondsAhead(60);
      await admin.defineVersion('default', at, DEAR);
      const priced = await callAt('alice', at + 60_000);
      expect(priced).toMatchObject({ amount: '1.00' });

      expectRefused(await admin.putVersion('default', at, GOLD), 1);
      expectRefused(await admin.deleteVersion('default', at), 1);
      expectStatus(await admin.putVersion('default', at, DEAR), 200);

      expect(await onlyCallOf('alice')).toMatchObject({
        amount: '1.00',
        rate: priced.rate,
      });
      expect(
        (await admin.getVersion('default', at)).json<{ data: unknown[] }>()
          .data,
      ).toEqual([expect.objectContaining({ prefix: '', price: '1' })]);
    });

    it('goes as a correction when removed with backdate=true, re-rating the calls it priced; a dry run only tells', async () => {
      const at = secondsAhead(60);
      await admin.defineVersion('default', at, DEAR);
      await callAt('alice', at + 60_000);
      const remove = (query: string) =>
        t.inject({
          method: 'DELETE',
          url: `/admin/plans/default/versions/${iso(at)}?${query}`,
        });

      const dryRun = await remove('backdate=true&dry_run=true');
      expectStatus(dryRun, 200);
      expect(dryRun.json()).toMatchObject({
        plan: 'default',
        effective_from: iso(at),
        rerated_calls: 1,
        delta: '-0.90',
      });
      expect(await onlyCallOf('alice')).toMatchObject({ amount: '1.00' });

      const removed = await remove('backdate=true');
      expectStatus(removed, 200);
      expect(removed.json()).toMatchObject({
        rerated_calls: 1,
        delta: '-0.90',
      });
      expectProblem(await admin.getVersion('default', at), 404);
      expect(await onlyCallOf('alice')).toMatchObject({
        amount: '0.10',
        rate: { version: '1970-01-01T00:00:00.000Z' },
      });
      expect(await auditTotals(t.app)).toEqual([]);
    });

    it("never removes the default plan's first version, not even as a correction", async () => {
      const response = await t.inject({
        method: 'DELETE',
        url: '/admin/plans/default/versions/1970-01-01T00:00:00.000Z?backdate=true',
      });

      expectProblem(response, 409);
      expect(response.json<{ detail: string }>().detail).toContain(
        "the default plan's first version",
      );
      expectStatus(
        await admin.getVersion('default', '1970-01-01T00:00:00.000Z'),
        200,
      );
    });

    it('is refused before its rates are stored or the ledger locked, so that writers never wait for a refusal', async () => {
      const at = secondsAhead(60);
      await callAt('alice', at + 60_000);
      const locks = jest.spyOn(t.app.get(LedgerStateRepository), 'forChange');
      const stores = jest.spyOn(t.app.get(RateSets), 'store');

      expectRefused(await admin.putVersion('default', at, DEAR), 1);
      expect(locks).not.toHaveBeenCalled();
      expect(stores).not.toHaveBeenCalled();
    });

    it('is refused under the lock when such a call is recorded after the check made without it', async () => {
      const at = secondsAhead(60);
      const rerate = t.app.get(RerateService);
      const check = rerate.refuseContradicted.bind(rerate);
      let checks = 0;
      jest
        .spyOn(rerate, 'refuseContradicted')
        .mockImplementation(async (...args) => {
          checks += 1;
          await check(...args);
          // The first check, without the lock, found nothing: a call comes in before the lock.
          if (checks === 1) await callAt('alice', at + 60_000);
        });

      expectRefused(await admin.putVersion('default', at, DEAR), 1);
      expect(checks).toBe(2);
      expectProblem(await admin.getVersion('default', at), 404);
    });

    it('finds such a call among older ones, by when they were recorded', async () => {
      const at = secondsAhead(60);
      const older = await t.postBatch(
        Array.from({ length: 40 }, (_, index) => ({
          user_name: `user${index}`,
          call_duration: 1_000,
          started_at: iso(Date.now() - 3_600_000),
        })),
      );
      expectStatus(older, 200);
      // Recorded an hour ago: too long ago to have started after a change a minute ahead.
      const anHourAgo = utcDatetimeText(new Date(Date.now() - 3_600_000));
      await t.dataSource.query(
        'UPDATE calls SET created_at = ?, updated_at = ?',
        [anHourAgo, anHourAgo],
      );
      await callAt('alice', at + 60_000);
      await callAt('bob', at - 1_000);

      expectRefused(await admin.putVersion('default', at, DEAR), 1);
    });

    it('is accepted when the calls that started after it are priced by another plan, or started before it', async () => {
      const at = secondsAhead(60);
      await admin.defineVersion('gold', '2000-01-01T00:00:00Z', GOLD, {
        backdate: 'true',
      });
      await admin.assignPlan('bob', 'gold', Date.parse('2000-01-01'), {
        backdate: 'true',
      });
      await callAt('bob', at + 60_000);
      await callAt('alice', at - 1);

      expectStatus(await admin.putVersion('default', at, DEAR), 201);
      expectStatus(await admin.deleteVersion('default', at), 204);
      expect(await onlyCallOf('bob')).toMatchObject({
        amount: '0.50',
        rate: { plan: 'gold' },
      });
      expect(await onlyCallOf('alice')).toMatchObject({ amount: '0.10' });
    });
  });

  describe('a plan assignment', () => {
    beforeEach(async () => {
      await admin.defineVersion('gold', '2000-01-01T00:00:00Z', GOLD, {
        backdate: 'true',
      });
    });

    it("is refused when a call of the user started after it, and leaves the user's plan as it was", async () => {
      const at = secondsAhead(60);
      await callAt('carol', at + 60_000);

      expectRefused(await admin.assign('carol', 'gold', at), 1);
      const assignments = await admin.assignments('carol');
      expect(assignments.json()).toEqual({
        user_name: 'carol',
        assignments: [],
      });
      expect(await onlyCallOf('carol')).toMatchObject({
        rate: { plan: 'default' },
      });
    });

    it('is refused from now, by default, when a call of the user started ahead of the clock', async () => {
      await callAt('carol', secondsAhead(120));

      expectRefused(await admin.assign('carol', 'gold'), 1);
    });

    it("is accepted when the user's calls started before it, or only other users' calls started after it", async () => {
      const at = secondsAhead(60);
      await callAt('carol', at - 1);
      await callAt('dave', at + 60_000);

      await admin.assignPlan('carol', 'gold', at);
      expect(await onlyCallOf('carol')).toMatchObject({
        rate: { plan: 'default' },
      });
    });

    it('re-rates the calls when sent as a correction', async () => {
      const at = secondsAhead(60);
      await callAt('carol', at + 60_000);

      const response = await admin.assign('carol', 'gold', at, {
        backdate: 'true',
      });

      expectStatus(response, 200);
      expect(response.json()).toMatchObject({
        rerated_calls: 1,
        delta: '0.40',
      });
      expect(await onlyCallOf('carol')).toMatchObject({
        amount: '0.50',
        rate: { plan: 'gold' },
      });
      expect(await auditTotals(t.app)).toEqual([]);
    });
  });
});
