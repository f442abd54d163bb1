import type { EntityManager } from 'typeorm';
import { keyOf } from '../domain/batch-plan.js';
import { Call } from './call.entity.js';
import type { CallRecord } from '../domain/call-record.rules.js';

/** The distinct (user, key) pairs of the records that carry a key. */
export function keyPairs(
  records: Iterable<Pick<CallRecord, 'userName' | 'idempotencyKey'>>,
): [string, string][] {
  const pairs = new Map<string, [string, string]>();
  for (const { userName, idempotencyKey } of records) {
    if (idempotencyKey === undefined) continue;
    pairs.set(keyOf(userName, idempotencyKey), [userName, idempotencyKey]);
  }
  return [...pairs.values()];
}

/**
 * The calls stored under `pairs` (from {@link keyPairs}), through TypeORM: the portable way,
 * which reads SQLite's and MySQL's column types alike.
 */
export async function storedCalls(
  manager: EntityManager,
  pairs: readonly (readonly [string, string])[],
): Promise<Call[]> {
  if (pairs.length === 0) return [];
  return manager.getRepository(Call).find({
    where: pairs.map(([userName, idempotencyKey]) => ({
      userName,
      idempotencyKey,
    })),
  });
}

/** Calls by {@link keyOf} their user and key. */
export function byKey(calls: readonly Call[]): Map<string, Call> {
  return new Map(
    calls.map(
      (call) =>
        [keyOf(call.userName, call.idempotencyKey ?? ''), call] as const,
    ),
  );
}

/** A row of {@link storedCallsSql}, as MySQL gives it. */
export interface StoredCallRow {
  readonly id: number | string;
  readonly user_name: string;
  readonly call_duration: number;
  readonly idempotency_key: string;
  readonly created_at: Date;
  readonly updated_at: Date;
}

/** The stored calls under `pairs` (user, key) pairs, bound in that order. */
export function storedCallsSql(pairs: number): string {
  return (
    'SELECT id, user_name, call_duration, idempotency_key, created_at, updated_at FROM calls ' +
    `WHERE (user_name, idempotency_key) IN (${Array.from({ length: pairs }, () => '(?, ?)').join(', ')})`
  );
}

/** A MySQL row of {@link storedCallsSql} as a call. */
export function callOf(row: StoredCallRow): Call {
  const call = new Call();
  call.id = String(row.id);
  call.userName = row.user_name;
  call.callDuration = Number(row.call_duration);
  call.idempotencyKey = row.idempotency_key;
  call.createdAt = row.created_at;
  call.updatedAt = row.updated_at;
  return call;
}
