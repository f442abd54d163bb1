import type { CallRecord } from './call-record.rules.js';

/** What a batch does with each item, decided before anything is written. */
export interface BatchPlan {
  readonly toInsert: readonly CallRecord[];
  readonly duplicates: number;
  /** Indexes of items whose key is already taken by a call of another duration. */
  readonly conflicts: readonly number[];
}

/** Identifies a key within its user's namespace. */
export function keyOf(userName: string, idempotencyKey: string): string {
  return `${userName}\u0000${idempotencyKey}`;
}

/**
 * Sorts a batch's items into new calls, duplicates (key already recorded with the same duration,
 * or repeated within the batch) and conflicts (the same key with another duration).
 * `recorded` maps {@link keyOf} to the stored call's duration.
 */
export function planBatch(
  records: readonly CallRecord[],
  recorded: ReadonlyMap<string, number>,
): BatchPlan {
  const seen = new Map(recorded);
  const toInsert: CallRecord[] = [];
  const conflicts: number[] = [];
  let duplicates = 0;
  records.forEach((record, index) => {
    if (record.idempotencyKey === undefined) {
      toInsert.push(record);
      return;
    }
    const key = keyOf(record.userName, record.idempotencyKey);
    const duration = seen.get(key);
    if (duration === undefined) {
      seen.set(key, record.durationMs);
      toInsert.push(record);
    } else if (duration === record.durationMs) {
      duplicates++;
    } else {
      conflicts.push(index);
    }
  });
  return { toInsert, duplicates, conflicts };
}
