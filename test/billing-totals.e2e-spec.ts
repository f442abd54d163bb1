import { CsvImportService } from '../src/call-billing/services/csv-import.service.js';
import { TotalsRebuildService } from '../src/call-billing/services/totals-rebuild.service.js';
import { withKey } from './support/api.js';
import { ExpectedBills } from './support/expectations.js';
import { useTempFolder } from './support/temp-folder.js';
import { useTestApp } from './support/test-app.js';

const t = useTestApp();
const folder = useTempFolder('call-billing-totals-test-');

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const USERS = ['alice', 'Alice', 'bob', 'c.d+e@f', 'g_h-i'];

describe('running totals', () => {
  it('equal a recount from the calls after a random workload through PUT, batch and import', async () => {
    const next = random(2026);
    const pick = <T>(items: readonly T[]): T =>
      items[Math.floor(next() * items.length)];
    const duration = () =>
      next() < 0.1
        ? pick([0, 1, 30_000, 30_001, 2_147_483_647])
        : Math.floor(next() * 3_600_000);
    const expected = new ExpectedBills(USERS);

    const puts = Array.from({ length: 120 }, (_, i) => ({
      user: pick(USERS),
      ms: duration(),
      key: i % 3 === 0 ? `put-${i}` : undefined,
    }));
    await Promise.all(
      puts.map(async ({ user, ms, key }) => {
        const put = () =>
          t.putCall(
            encodeURIComponent(user),
            { call_duration: ms },
            withKey(key),
          );
        expect((await put()).statusCode).toBe(201);
        expected.count(user, ms);
        // A retry of a keyed call must not count twice.
        if (key !== undefined) expect((await put()).statusCode).toBe(200);
      }),
    );

    const batches = Array.from({ length: 4 }, (_, b) =>
      Array.from({ length: 250 }, (_, i) => ({
        user_name: pick(USERS),
        call_duration: duration(),
        idempotency_key: i % 2 === 0 ? `batch-${b}-${i}` : undefined,
      })),
    );
    await Promise.all(
      batches.map(async (calls) => {
        const response = await t.postBatch(calls);
        expect(response.json()).toEqual({ inserted: 250, duplicates: 0 });
        calls.forEach((call) =>
          expected.count(call.user_name, call.call_duration),
        );
      }),
    );
    // The same batch again records nothing new for its keyed items, and its unkeyed items again.
    const again = batches[0] ?? [];
    await t.postBatch(again);
    again
      .filter((call) => call.idempotency_key === undefined)
      .forEach((call) => expected.count(call.user_name, call.call_duration));

    const lines = ['user_name,call_duration'];
    for (let i = 0; i < 3_000; i++) {
      const user = pick(USERS);
      const ms = duration();
      lines.push(`${user},${ms}`);
      expected.count(user, ms);
    }
    const csv = folder.write('workload.csv', `${lines.join('\n')}\n`);
    const listener = { rejected: () => undefined, progress: () => undefined };
    await t.app.get(CsvImportService).import(csv, listener);
    await t.app.get(CsvImportService).import(csv, listener);

    await expect(t.app.get(TotalsRebuildService).audit()).resolves.toEqual([]);
    await expected.expectBilled(t);
  }, 120_000);

  it('are refused, not misused, after the block length changes, until a rebuild recounts them', async () => {
    for (const ms of [1, 30_001, 60_001]) {
      await t.putCall('alice', { call_duration: ms });
    }
    await t.restart({ BILLING_BLOCK_SECONDS: '60' });

    const refusedBill = await t.getBill('alice');
    const refusedCall = await t.putCall('alice', { call_duration: 5 });
    expect(refusedBill.statusCode).toBe(503);
    expect(refusedBill.headers['retry-after']).toBeDefined();
    expect(refusedBill.json<{ detail: string }>().detail).toMatch(
      /billing:rebuild/,
    );
    expect(refusedCall.statusCode).toBe(503);
    expect(await t.callCount()).toBe(3);

    await expect(t.app.get(TotalsRebuildService).rebuild()).resolves.toBe(3);

    const bill = await t.getBill('alice');
    // 1 ms → 1, 30,001 ms → 1, 60,001 ms → 2 blocks of 60 s.
    expect(bill.json()).toMatchObject({
      call_count: 3,
      block_count: 4,
      block_seconds: 60,
    });
    await expect(t.app.get(TotalsRebuildService).audit()).resolves.toEqual([]);
    await t.restart({ BILLING_BLOCK_SECONDS: '30' });
  });

  it('are reported by the audit when they differ from the calls', async () => {
    await t.putCall('alice', { call_duration: 45_000 });
    await t.dataSource.query(
      'UPDATE usage_totals SET block_count = block_count + 1',
    );

    const differences = await t.app.get(TotalsRebuildService).audit();

    expect(differences).toHaveLength(1);
    expect(differences[0]?.stored?.userName).toBe('alice');
    expect(differences[0]?.stored?.blockCount).toBe(3n);
    expect(differences[0]?.recounted?.blockCount).toBe(2n);
  });
});
