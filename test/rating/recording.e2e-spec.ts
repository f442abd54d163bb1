/**
 * SPEC §3.1 and §3.3: recording a call with `started_at` and `destination` through PUT, batch
 * and CSV import: the answer's fields, what is accepted and refused, and idempotent replays that
 * compare every field sent.
 */
import { withKey, type Response } from '../support/api.js';
import { expectProblem } from '../support/expectations.js';
import {
  importCsv,
  listAll,
  PATHS,
  recordOne,
  useRatingApp,
} from './support.js';
import { iso } from '../support/dates.js';
import type { CallJson } from '../support/oracle/call-json.js';
import { DEFAULT_RATE } from '../support/oracle/tariff.js';

const { t, recorder } = useRatingApp();

/** SPEC §3.1's call of 545,000 ms to +49 30 123456 on 24 November, as it is rated and stored. */
const RATED_CALL = {
  user_name: 'alice',
  call_duration: 545_000,
  started_at: '2026-11-24T10:15:30.123Z',
  destination: '4930123456',
  billing_period: '2026-11',
  late: false,
  block_count: 19,
  billed_seconds: 570,
  amount: '0.95',
  rate: DEFAULT_RATE,
};

const fieldsOf = (response: Response) =>
  response
    .json<{ errors?: { field: string }[] }>()
    .errors?.map(({ field }) => field) ?? [];

/** A 400 problem that names `field`, and nothing else. */
function expectRefused(response: Response, field: string): void {
  expectProblem(response, 400);
  expect(fieldsOf(response)).toEqual([field]);
}

describe('recording a call with started_at and destination', () => {
  it('answers 201 with exactly the fields of SPEC §3.1', async () => {
    const before = Date.now();
    const response = await t.putCall('alice', {
      call_duration: 545_000,
      started_at: '2026-11-24T10:15:30.123Z',
      destination: '+4930123456',
    });
    const after = Date.now();

    expect(response.statusCode).toBe(201);
    const body = response.json<CallJson>();
    expect(body).toEqual({
      ...RATED_CALL,
      id: expect.stringMatching(/^\d+$/) as unknown,
      created_at: body.created_at,
      updated_at: body.created_at,
    });
    expect(Date.parse(body.created_at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(body.created_at)).toBeLessThanOrEqual(after);
  });

  it('starts a call without started_at at its recording instant, in that month', async () => {
    const response = await t.putCall('alice', { call_duration: 30_001 });

    const body = response.json<CallJson>();
    expect(response.statusCode).toBe(201);
    expect(body.started_at).toBe(body.created_at);
    expect(body.billing_period).toBe(body.created_at.slice(0, 7));
    expect(body).toMatchObject({
      destination: null,
      block_count: 2,
      billed_seconds: 60,
      amount: '0.10',
      rate: DEFAULT_RATE,
    });
  });

  it('takes a null destination as no destination, in the answer and in a replay', async () => {
    const first = await t.putCall(
      'alice',
      { call_duration: 1_000, destination: null },
      withKey('k-null'),
    );
    const replay = await t.putCall(
      'alice',
      { call_duration: 1_000 },
      withKey('k-null'),
    );

    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      destination: null,
      rate: DEFAULT_RATE,
    });
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
  });

  it.each([
    ['2026-11-24T10:15:30Z', '2026-11-24T10:15:30.000Z', '2026-11'],
    ['2026-11-24T10:15:30.1Z', '2026-11-24T10:15:30.100Z', '2026-11'],
    ['2026-11-24T10:15:30.12Z', '2026-11-24T10:15:30.120Z', '2026-11'],
    ['2026-11-24T12:15:30.123+02:00', '2026-11-24T10:15:30.123Z', '2026-11'],
    ['2026-11-24T04:45:30.123-05:30', '2026-11-24T10:15:30.123Z', '2026-11'],
    ['2026-11-01T00:30:00+01:00', '2026-10-31T23:30:00.000Z', '2026-10'],
    ['2026-10-31T23:30:00-01:00', '2026-11-01T00:30:00.000Z', '2026-11'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z', '2024-02'],
    ['2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z', '2000-01'],
    ['2000-01-01T01:00:00+01:00', '2000-01-01T00:00:00.000Z', '2000-01'],
  ])(
    'accepts started_at %s as %s, billed in %s (UTC)',
    async (sent, stored, period) => {
      const response = await t.putCall('alice', {
        call_duration: 1,
        started_at: sent,
      });

      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        started_at: stored,
        billing_period: period,
      });
    },
  );

  it('accepts a start 4 minutes ahead of its clock and refuses one 6 minutes ahead', async () => {
    const soon = await t.putCall('alice', {
      call_duration: 1,
      started_at: iso(Date.now() + 4 * 60_000),
    });
    const late = await t.putCall('alice', {
      call_duration: 1,
      started_at: iso(Date.now() + 6 * 60_000),
    });

    expect(soon.statusCode).toBe(201);
    expectRefused(late, 'started_at');
    expect(await t.callCount()).toBe(1);
  });

  /** Values the SPEC refuses, by field, each with what is wrong with it. */
  const BAD_VALUES = Object.entries({
    started_at: {
      '4 fraction digits': '2026-11-24T10:15:30.1234Z',
      '6 fraction digits': '2026-11-24T10:15:30.123456Z',
      'a day ahead': iso(Date.now() + 86_400_000),
      'before 2000-01-01': '1999-12-31T23:59:59.999Z',
      'before 2000-01-01 by its offset': '2000-01-01T00:59:59.999+01:00',
      '29 February of a common year': '2026-02-29T10:00:00Z',
      '31 April': '2026-04-31T10:00:00Z',
      'month 13': '2026-13-01T10:00:00Z',
      'hour 25': '2026-11-24T25:00:00Z',
      'minute 60': '2026-11-24T10:60:00Z',
      'no zone': '2026-11-24T10:15:30',
      'a space for T': '2026-11-24 10:15:30Z',
      'a date alone': '2026-11-24',
      'an empty string': '',
      words: 'yesterday',
      'a number': 1_795_513_330_123,
    },
    destination: {
      '+': '+',
      'an empty string': '',
      '16 digits': '1234567890123456',
      '+ and 16 digits': '+1234567890123456',
      'a space': '49 30',
      'a dash': '+49-30',
      'two +': '++4930',
      letters: 'abc',
      'a number': 4930,
    },
  } satisfies Record<string, Record<string, unknown>>).flatMap(
    ([field, values]) =>
      Object.entries(values).map(([name, value]): [string, string, unknown] => [
        field,
        name,
        value,
      ]),
  );

  it.each(BAD_VALUES)(
    'refuses %s with %s (400 naming it, nothing stored) on PUT and in a batch',
    async (field, _, value) => {
      const put = await t.putCall('alice', {
        call_duration: 1,
        [field]: value,
      });
      const batch = await t.postBatch([
        { user_name: 'bob', call_duration: 1 },
        { user_name: 'bob', call_duration: 1, [field]: value },
      ]);

      expectRefused(put, field);
      expectRefused(batch, `calls[1].${field}`);
      expect(await t.callCount()).toBe(0);
    },
  );

  it.each([
    ['1', '1'],
    ['+1', '1'],
    ['123456789012345', '123456789012345'],
    ['+123456789012345', '123456789012345'],
    ['0049', '0049'],
  ])('stores destination %s as %s', async (sent, stored) => {
    const response = await t.putCall('alice', {
      call_duration: 1,
      destination: sent,
    });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ destination: stored });
  });
});

describe('an idempotent replay compares every field sent', () => {
  const FIRST = {
    call_duration: 61_000,
    started_at: '2026-11-24T10:15:30.123Z',
    destination: '+4930123456',
  };

  it('replays the same call (200, the first answer) and records it once', async () => {
    const first = await t.putCall('alice', FIRST, withKey('k'));
    const again = await t.putCall('alice', FIRST, withKey('k'));

    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await t.callCount()).toBe(1);
  });

  it.each([
    [
      'another started_at',
      { ...FIRST, started_at: '2026-11-24T10:15:30.124Z' },
    ],
    ['no started_at', { ...FIRST, started_at: undefined }],
    ['another destination', { ...FIRST, destination: '+4930123457' }],
    ['no destination', { ...FIRST, destination: undefined }],
    ['a null destination', { ...FIRST, destination: null }],
  ])(
    'answers 409 to the same key with %s, storing nothing',
    async (_, body) => {
      const first = await t.putCall('alice', FIRST, withKey('k'));
      const other = await t.putCall('alice', body, withKey('k'));

      expect(first.statusCode).toBe(201);
      expectProblem(other, 409);
      expect(await listAll(t, 'alice')).toEqual([
        { ...first.json<CallJson>(), voided_at: null, void_reason: null },
      ]);
    },
  );

  it('counts a batch item with the same key and fields as a duplicate, and one with another start as a 409', async () => {
    await t.putCall('alice', FIRST, withKey('k'));
    const item = {
      user_name: 'alice',
      idempotency_key: 'k',
      ...FIRST,
    };

    const same = await t.postBatch([item]);
    const moved = await t.postBatch([
      { user_name: 'bob', call_duration: 1 },
      { ...item, started_at: '2026-11-24T10:15:31.123Z' },
    ]);

    expect(same.json()).toEqual({ inserted: 0, duplicates: 1 });
    expectProblem(moved, 409);
    expect(fieldsOf(moved)).toEqual(['calls[1].idempotency_key']);
    expect(await t.callCount()).toBe(1);
  });
});

describe('batch and CSV import', () => {
  it.each(PATHS)(
    'record started_at and destination through %s as PUT does',
    async (path) => {
      const call = await recordOne(recorder, path, {
        user: 'alice',
        durationMs: 545_000,
        startedAt: '2026-11-24T11:15:30.123+01:00',
        destination: '+4930123456',
      });

      expect(call).toMatchObject({
        ...RATED_CALL,
        voided_at: null,
        void_reason: null,
      });
    },
  );

  it('imports started_at and destination columns, empty cells as absent, and reports bad ones by line', async () => {
    const before = Date.now();
    const result = await importCsv(recorder, [
      'destination,user_name,started_at,call_duration',
      '+4930123456,alice,2026-11-24T10:15:30.123Z,1000',
      ',bob,,2000',
      '4930,carol,2026-11-24T10:15:30.1234Z,3000',
      '49 30,carol,2026-11-24T10:15:30Z,4000',
      ',carol,2026-02-29T10:00:00Z,5000',
    ]);

    expect(result).toMatchObject({ rows: 5, inserted: 2, rejected: 3 });
    expect(result.rejectedLines.map(({ line }) => line)).toEqual([4, 5, 6]);
    const reasons = result.rejectedLines.map(({ reason }) => reason);
    expect(reasons[0]).toMatch(/started_at/);
    expect(reasons[1]).toMatch(/destination/);
    expect(reasons[2]).toMatch(/started_at/);
    const [alice] = await listAll(t, 'alice');
    const [bob] = await listAll(t, 'bob');
    expect(alice).toMatchObject({
      started_at: '2026-11-24T10:15:30.123Z',
      destination: '4930123456',
    });
    expect(bob).toMatchObject({
      started_at: bob.created_at,
      destination: null,
    });
    expect(Date.parse(bob.started_at)).toBeGreaterThanOrEqual(before);
  });

  it('imports a line whose key was recorded with the same fields as a duplicate, and rejects one with another start', async () => {
    await t.putCall(
      'alice',
      { call_duration: 1_000, started_at: '2026-11-24T10:15:30.123Z' },
      withKey('k'),
    );

    const result = await importCsv(recorder, [
      'user_name,call_duration,idempotency_key,started_at',
      'alice,1000,k,2026-11-24T10:15:30.123Z',
      'alice,1000,k,2026-11-24T10:15:31.123Z',
    ]);

    expect(result).toMatchObject({ inserted: 0, duplicates: 1, rejected: 1 });
    expect(result.rejectedLines.map(({ line }) => line)).toEqual([3]);
    expect(await t.callCount()).toBe(1);
  });
});
