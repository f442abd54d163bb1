import type { CallRecord } from './call-record.rules.js';

/** Identifies a key within its user's namespace. */
export function keyOf(userName: string, idempotencyKey: string): string {
  return `${userName}\u0000${idempotencyKey}`;
}

/**
 * What becomes of one record of a group, batch or import, decided before anything is written:
 * - `new`: stored (no key, or a key seen for the first time);
 * - `stored-before`: its key is recorded already, with the same call: nothing new is stored;
 * - `earlier-in-group`: its key came earlier in the same group with the same call, which is
 *   stored once (`leader` is that record's index);
 * - `conflict`: its key is taken by another call.
 */
export type KeyDecision<S> =
  | { readonly kind: 'new' }
  | { readonly kind: 'stored-before'; readonly call: S }
  | { readonly kind: 'earlier-in-group'; readonly leader: number }
  | { readonly kind: 'conflict' };

/** Whether a record repeats the call it is compared with: same key, same call. */
export interface SameCall<R, S> {
  /** Against a call stored under the key. */
  asStored(record: R, stored: S): boolean;
  /** Against an earlier record of the same group. */
  asSent(record: R, earlier: R): boolean;
}

/**
 * The one rule for idempotency keys, for every way calls arrive: a key's first call is stored
 * and every later one with the same call repeats it; the same key with another call is a
 * conflict. `stored` maps {@link keyOf} to the call already recorded under it.
 */
export function planKeys<R extends CallRecord, S>(
  records: readonly R[],
  stored: ReadonlyMap<string, S>,
  same: SameCall<R, S>,
): KeyDecision<S>[] {
  const leaders = new Map<string, number>();
  return records.map((record, index): KeyDecision<S> => {
    if (record.idempotencyKey === undefined) return { kind: 'new' };
    const key = keyOf(record.userName, record.idempotencyKey);
    const before = stored.get(key);
    if (before !== undefined) {
      return same.asStored(record, before)
        ? { kind: 'stored-before', call: before }
        : { kind: 'conflict' };
    }
    const leader = leaders.get(key);
    if (leader === undefined) {
      leaders.set(key, index);
      return { kind: 'new' };
    }
    return same.asSent(record, records[leader])
      ? { kind: 'earlier-in-group', leader }
      : { kind: 'conflict' };
  });
}

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
