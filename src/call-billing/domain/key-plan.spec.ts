import { keyOf, keyPairs, planKeys, type SameCall } from './key-plan.js';

interface Sent {
  readonly userName: string;
  readonly durationMs: number;
  readonly idempotencyKey?: string;
}

const call = (
  userName: string,
  durationMs: number,
  idempotencyKey?: string,
): Sent => ({ userName, durationMs, idempotencyKey });

/** Stored calls are represented by their duration here. */
const byDuration: SameCall<Sent, number> = {
  asStored: (record, stored) => record.durationMs === stored,
  asSent: (record, earlier) => record.durationMs === earlier.durationMs,
};

const plan = (records: Sent[], stored: [string, number][] = []) =>
  planKeys(records, new Map(stored), byDuration).map((d) => d.kind);

describe('planKeys', () => {
  it('stores every call without a key, even identical ones', () => {
    expect(plan([call('alice', 1), call('alice', 1)])).toEqual(['new', 'new']);
  });

  it('repeats a key already recorded with the same call', () => {
    const decisions = planKeys(
      [call('alice', 5, 'k')],
      new Map([[keyOf('alice', 'k'), 5]]),
      byDuration,
    );
    expect(decisions).toEqual([{ kind: 'stored-before', call: 5 }]);
  });

  it('names a key already recorded with another call a conflict', () => {
    expect(
      plan(
        [call('alice', 5, 'a'), call('alice', 6, 'k')],
        [[keyOf('alice', 'k'), 5]],
      ),
    ).toEqual(['new', 'conflict']);
  });

  it('stores a key repeated within the group once, its first record leading', () => {
    const decisions = planKeys(
      [call('bob', 7, 'k'), call('bob', 7, 'k'), call('bob', 7, 'k')],
      new Map(),
      byDuration,
    );
    expect(decisions).toEqual([
      { kind: 'new' },
      { kind: 'earlier-in-group', leader: 0 },
      { kind: 'earlier-in-group', leader: 0 },
    ]);
  });

  it('takes a key repeated within the group with another call for a conflict', () => {
    expect(plan([call('bob', 7, 'k'), call('bob', 8, 'k')])).toEqual([
      'new',
      'conflict',
    ]);
  });

  it('scopes keys to their user, exactly', () => {
    expect(
      plan(
        [call('alice', 1, 'k'), call('Alice', 2, 'k')],
        [[keyOf('bob', 'k'), 9]],
      ),
    ).toEqual(['new', 'new']);
  });
});

describe('keyPairs', () => {
  it('lists each (user, key) once and skips calls without a key', () => {
    expect(
      keyPairs([
        call('a', 1, 'k'),
        call('a', 2, 'k'),
        call('b', 1, 'k'),
        call('c', 1),
      ]),
    ).toEqual([
      ['a', 'k'],
      ['b', 'k'],
    ]);
  });
});
