import { type Call } from '../src/call-billing/persistence/call.entity.js';
import { CallsRepository } from '../src/call-billing/persistence/calls.repository.js';
import type { CallRecord } from '../src/call-billing/domain/call-record.rules.js';
import {
  CallRecorder,
  type RecordOutcome,
} from '../src/call-billing/services/call-recorder.js';
import { TotalsRebuildService } from '../src/call-billing/services/totals-rebuild.service.js';
import { Database } from '../src/platform/database/database.js';
import { buildCall } from './factories/call.factory.js';
import { withKey } from './support/api.js';
import { useTestApp } from './support/test-app.js';
import { describeOnMysql } from './support/test-database.js';

const t = useTestApp();

const put = (user: string, callDuration: number, key?: string) =>
  t.putCall(user, { call_duration: callDuration }, withKey(key));

describe('concurrent PUTs sharing transactions (group commit)', () => {
  it('store every call once, each with its own id, and count them all in the bill', async () => {
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => put(`user${i % 7}`, 30_000 + i)),
    );

    expect(responses.every((response) => response.statusCode === 201)).toBe(
      true,
    );
    const calls = responses.map((response) =>
      response.json<{ id: string; user_name: string; call_duration: number }>(),
    );
    expect(new Set(calls.map((call) => call.id)).size).toBe(300);
    const stored = await t.storedCalls();
    expect(stored).toHaveLength(300);
    // Each response names the row that holds its own call.
    const byId = new Map(stored.map((call) => [String(call.id), call]));
    for (const call of calls) {
      expect(byId.get(call.id)).toMatchObject({
        userName: call.user_name,
        callDuration: call.call_duration,
      });
    }
    const bill = await t.getBill('user0');
    expect(bill.json()).toMatchObject({ call_count: 43 });
  });

  it('answer a conflicting key with 409 without failing the calls it shared a transaction with', async () => {
    await put('alice', 1, 'taken');

    const responses = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => put('alice', 100 + i)),
      put('alice', 2, 'taken'),
      put('alice', 1, 'taken'),
      ...Array.from({ length: 20 }, (_, i) => put('bob', 100 + i, `bob-${i}`)),
    ]);

    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(201));
    expect(statuses[20]).toBe(409);
    expect(statuses[21]).toBe(200);
    expect(statuses.slice(22)).toEqual(Array(20).fill(201));
    expect(await t.callCount()).toBe(41);
  });
});

/** Records `records` as one group, through the write pipeline, as the PUTs of a group go. */
function writeGroup(records: readonly CallRecord[]): Promise<RecordOutcome[]> {
  return t.app
    .get(CallRecorder)
    .record(records, { onConflict: 'leave-out', giveIds: true, source: 'put' });
}

describeOnMysql('a group on MySQL', () => {
  it('gives each call the id of its own row, keys repeated, totals added', async () => {
    for (const batch of [0, 1]) {
      const records: CallRecord[] = Array.from({ length: 40 }, (_, i) => ({
        userName: `user${i % 6}`,
        durationMs: 1_000 * batch + i * 7_001,
        idempotencyKey: i % 10 === 0 ? `key-${batch}-${i}` : undefined,
      }));
      const recorded = await writeGroup([
        ...records,
        {
          userName: 'user0',
          durationMs: 1_000 * batch,
          idempotencyKey: `key-${batch}-0`,
        },
      ]);

      const stored = await t.storedCalls();
      const byId = new Map(stored.map((call) => [String(call.id), call]));
      records.forEach((record, index) => {
        const outcome = recorded[index];
        expect(outcome?.kind).toBe('stored');
        const id = outcome?.kind === 'stored' ? outcome.call.id : '';
        expect(byId.get(id)).toMatchObject({
          userName: record.userName,
          callDuration: record.durationMs,
          idempotencyKey: record.idempotencyKey ?? null,
        });
      });
      // The repeated key is answered with the group's first call under it, stored once.
      expect(recorded[40]).toEqual({
        kind: 'repeat',
        call: (recorded[0] as { call: Call }).call,
      });
    }
    expect(await t.callCount()).toBe(80);
    await expect(t.app.get(TotalsRebuildService).audit()).resolves.toEqual([]);
  });

  // MariaDB inserts a group with one INSERT … RETURNING; MySQL 8, which has no RETURNING, with
  // one INSERT per call. Both ways run here, whichever server this is.
  it.each([
    ['one INSERT per call (MySQL 8)', false],
    ['one INSERT … RETURNING (MariaDB)', true],
  ])('gives each call its own id with %s', async (_, insertReturning) => {
    const calls = Array.from({ length: 25 }, (_, i) =>
      buildCall({
        userName: `user${i % 4}`,
        callDuration: i * 1_000 + 1,
        createdAt: new Date(),
      }),
    );
    const repository = t.app.get(CallsRepository);
    await t.app
      .get(Database)
      .transaction((transaction) =>
        transaction.commit(
          ...repository.insert(calls, { insertReturning }, { giveIds: true }),
        ),
      );
    const stored = await t.storedCalls();
    const byId = new Map(stored.map((call) => [String(call.id), call]));
    for (const call of calls) {
      expect(byId.get(call.id)?.callDuration).toBe(call.callDuration);
    }
  });
});
