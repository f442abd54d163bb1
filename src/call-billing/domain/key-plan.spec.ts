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
  it.each<[string, Sent[], [string, number][], string[]]>([
    [
      'stores every call without a key, even identical ones',
      [call('alice', 1), call('alice', 1)],
      [],
      ['new', 'new'],
    ],
    [
      'names a key already recorded with another call a conflict',
      [call('alice', 5, 'a'), call('alice', 6, 'k')],
      [[keyOf('alice', 'k'), 5]],
      ['new', 'conflict'],
    ],
    [
      'takes a key repeated within the group with another call for a conflict',
      [call('bob', 7, 'k'), call('bob', 8, 'k')],
      [],
      ['new', 'conflict'],
    ],
    [
      'scopes keys to their user, exactly',
      [call('alice', 1, 'k'), call('Alice', 2, 'k')],
      [[keyOf('bob', 'k'), 9]],
      ['new', 'new'],
    ],
  ])('%s', (_, records, stored, kinds) => {
    expect(plan(records, stored)).toEqual(kinds);
  });

  it('repeats a key already recorded with the same call', () => {
    const decisions = planKeys(
      [call('alice', 5, 'k')],
      new Map([[keyOf('alice', 'k'), 5]]),
      byDuration,
    );
    expect(decisions).toEqual([{ kind: 'stored-before', call: 5 }]);
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
