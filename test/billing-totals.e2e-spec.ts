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

  it('keep counting with the stored default version after a restart with other block settings (SPEC §7)', async () => {
    for (const ms of [1, 30_001, 60_001]) {
      await t.putCall('alice', { call_duration: ms });
    }
    const before = (await t.getBill('alice')).json<Record<string, unknown>>();
    // 1 ms → 1, 30,001 ms → 2, 60,001 ms → 3 blocks of 30 s at 0.05.
    expect(before).toMatchObject({
      call_count: 3,
      block_count: 6,
      billed_seconds: 180,
      block_seconds: 30,
      price_per_block: '0.05',
      amount: '0.30',
    });

    // Once the default plan has a version, these settings no longer rate: nothing is refused.
    await t.restart({
      BILLING_BLOCK_SECONDS: '60',
      BILLING_PRICE_PER_BLOCK: '0.125',
    });
    try {
      expect((await t.getBill('alice')).json()).toStrictEqual(before);
      const put = await t.putCall('alice', { call_duration: 45_000 });
      const batch = await t.postBatch([
        { user_name: 'alice', call_duration: 60_001 },
      ]);

      expect(put.statusCode).toBe(201);
      expect(put.json()).toMatchObject({
        block_count: 2,
        billed_seconds: 60,
        amount: '0.10',
        rate: {
          plan: 'default',
          version: '1970-01-01T00:00:00.000Z',
          prefix: '',
        },
      });
      expect(batch.json()).toEqual({ inserted: 1, duplicates: 0 });
      expect((await t.getBill('alice')).json()).toMatchObject({
        call_count: 5,
        block_count: 11,
        billed_seconds: 330,
        block_seconds: 30,
        price_per_block: '0.05',
        amount: '0.55',
      });
      await expect(t.app.get(TotalsRebuildService).audit()).resolves.toEqual(
        [],
      );
    } finally {
      await t.restart();
    }
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
