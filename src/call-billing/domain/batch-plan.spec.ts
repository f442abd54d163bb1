import { keyOf, planBatch } from './batch-plan.js';

const call = (
  userName: string,
  durationMs: number,
  idempotencyKey?: string,
) => ({
  userName,
  durationMs,
  idempotencyKey,
});

describe('planBatch', () => {
  it('inserts every call without a key, even identical ones', () => {
    const records = [call('alice', 1), call('alice', 1)];
    expect(planBatch(records, new Map())).toEqual({
      toInsert: records,
      duplicates: 0,
      conflicts: [],
    });
  });

  it('counts a key already recorded with the same duration as a duplicate', () => {
    const plan = planBatch(
      [call('alice', 5, 'k')],
      new Map([[keyOf('alice', 'k'), 5]]),
    );
    expect(plan).toEqual({ toInsert: [], duplicates: 1, conflicts: [] });
  });

  it('names a key already recorded with another duration as a conflict', () => {
    const plan = planBatch(
      [call('alice', 5, 'a'), call('alice', 6, 'k')],
      new Map([[keyOf('alice', 'k'), 5]]),
    );
    expect(plan.conflicts).toEqual([1]);
  });

  it('records a key repeated within the batch once', () => {
    const plan = planBatch(
      [call('bob', 7, 'k'), call('bob', 7, 'k'), call('bob', 7, 'k')],
      new Map(),
    );
    expect(plan).toEqual({
      toInsert: [call('bob', 7, 'k')],
      duplicates: 2,
      conflicts: [],
    });
  });

  it('treats a repeated key with another duration within the batch as a conflict', () => {
    expect(
      planBatch([call('bob', 7, 'k'), call('bob', 8, 'k')], new Map())
        .conflicts,
    ).toEqual([1]);
  });

  it('scopes keys to their user', () => {
    const plan = planBatch(
      [call('alice', 1, 'k'), call('Alice', 2, 'k')],
      new Map([[keyOf('bob', 'k'), 9]]),
    );
    expect(plan.toInsert).toHaveLength(2);
    expect(plan.duplicates).toBe(0);
  });
});
