import { expectProblem } from './support/expectations.js';
import { useTestApp } from './support/test-app.js';
import { withKey } from './support/api.js';

const t = useTestApp();

interface Item {
  user_name?: unknown;
  call_duration?: unknown;
  idempotency_key?: unknown;
  [field: string]: unknown;
}

const items = (count: number, make: (i: number) => Item): Item[] =>
  Array.from({ length: count }, (_, i) => make(i));

describe('POST /calls/batch', () => {
  it('stores every item of a valid batch, of any users, and reports the counts', async () => {
    const response = await t.postBatch([
      { user_name: 'alice', call_duration: 545_000 },
      { user_name: 'bob', call_duration: 30_001, idempotency_key: 'b-1' },
      { user_name: 'alice', call_duration: 30_001 },
    ]);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ inserted: 3, duplicates: 0 });
    const bill = await t.getBill('alice');
    expect(bill.json()).toMatchObject({
      call_count: 2,
      block_count: 21,
      amount: '1.05',
    });
  });

  it('stores times that list and bill by UTC month like a PUT’s', async () => {
    const before = new Date();
    await t.postBatch([{ user_name: 'alice', call_duration: 1 }]);
    const month = before.toISOString().slice(0, 7);

    const listed = await t.listCalls('alice', { period: month });
    const [call] = listed.json<{ data: { created_at: string }[] }>().data;
    expect(call?.created_at).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    );
    expect(Date.parse(call?.created_at ?? '')).toBeGreaterThanOrEqual(
      before.getTime(),
    );
    const bill = await t.getBill('alice', month);
    expect(bill.json()).toMatchObject({ call_count: 1 });
  });

  it('accepts 1,000 items in one batch', async () => {
    const response = await t.postBatch(
      items(1000, (i) => ({ user_name: `u${i % 7}`, call_duration: i })),
    );
    expect(response.json()).toEqual({ inserted: 1000, duplicates: 0 });
    expect(await t.callCount()).toBe(1000);
  });

  it.each([
    ['empty', []],
    [
      'over 1,000 items',
      items(1001, () => ({ user_name: 'a', call_duration: 1 })),
    ],
    ['not an array', { user_name: 'a', call_duration: 1 }],
  ])('rejects a batch that is %s', async (_, calls) => {
    const response = await t.postBatch(calls);
    expect(response.statusCode).toBe(400);
    expect(
      response.json<{ errors: { field: string }[] }>().errors,
    ).toContainEqual(expect.objectContaining({ field: 'calls' }));
    expect(await t.callCount()).toBe(0);
  });

  it('rejects the whole batch for one bad item, naming every bad index, storing nothing', async () => {
    const response = await t.postBatch([
      { user_name: 'alice', call_duration: 1 },
      { user_name: 'alice', call_duration: '1' },
      { user_name: 'alice', call_duration: 2 },
      { user_name: 'bad name', call_duration: 3 },
      { user_name: 'alice', call_duration: 4, idempotency_key: '' },
      { user_name: 'alice', call_duration: 5, colour: 'red' },
      JSON.parse(
        '{"user_name":"alice","call_duration":6,"constructor":{}}',
      ) as unknown,
      'not an object',
    ]);

    expectProblem(response, 400);
    const fields = response
      .json<{ errors: { field: string }[] }>()
      .errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'calls[1].call_duration',
        'calls[3].user_name',
        'calls[4].idempotency_key',
        'calls[5].colour',
      ]),
    );
    expect(fields.some((field) => field.startsWith('calls[6]'))).toBe(true);
    expect(fields.some((field) => /calls\[(0|2)\]/.test(field))).toBe(false);
    expect(response.json<{ detail: string }>().detail).toContain('calls[1]');
    expect(await t.callCount()).toBe(0);
  });

  it('refuses durations whose fraction a double would round away, naming each, storing nothing', async () => {
    // Written as text: JSON.stringify would write the numbers as the doubles they round to.
    const response = await t.inject({
      method: 'POST',
      url: '/calls/batch',
      headers: { 'content-type': 'application/json' },
      payload:
        '{"calls":[{"user_name":"alice","call_duration":1},' +
        '{"user_name":"alice","call_duration":2147483647.0000001},' +
        '{"user_name":"alice","call_duration":1e-400}]}',
    });

    expectProblem(response, 400);
    expect(
      response
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field),
    ).toEqual(['calls[1].call_duration', 'calls[2].call_duration']);
    expect(await t.callCount()).toBe(0);
  });

  it('counts keys already recorded (by PUT or an earlier batch) as duplicates', async () => {
    await t.putCall('alice', { call_duration: 1_000 }, withKey('from-put'));
    await t.postBatch([
      { user_name: 'bob', call_duration: 2_000, idempotency_key: 'from-batch' },
    ]);

    const response = await t.postBatch([
      { user_name: 'alice', call_duration: 1_000, idempotency_key: 'from-put' },
      { user_name: 'bob', call_duration: 2_000, idempotency_key: 'from-batch' },
      { user_name: 'carol', call_duration: 3_000, idempotency_key: 'from-put' },
    ]);

    expect(response.json()).toEqual({ inserted: 1, duplicates: 2 });
    expect(await t.callCount()).toBe(3);
  });

  it('lets a PUT retry replay a call first recorded by a batch', async () => {
    await t.postBatch([
      { user_name: 'alice', call_duration: 7, idempotency_key: 'k' },
    ]);
    const retry = await t.putCall('alice', { call_duration: 7 }, withKey('k'));
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('records a key repeated within the batch once', async () => {
    const response = await t.postBatch(
      items(3, () => ({
        user_name: 'alice',
        call_duration: 9,
        idempotency_key: 'twice',
      })),
    );
    expect(response.json()).toEqual({ inserted: 1, duplicates: 2 });
    expect(await t.callCount()).toBe(1);
  });

  it('answers 409 naming the index when a key was recorded with another duration, storing nothing', async () => {
    await t.postBatch([
      { user_name: 'alice', call_duration: 1, idempotency_key: 'k' },
    ]);

    const response = await t.postBatch([
      { user_name: 'alice', call_duration: 5 },
      { user_name: 'alice', call_duration: 2, idempotency_key: 'k' },
    ]);

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      status: 409,
      errors: [{ field: 'calls[1].idempotency_key' }],
    });
    expect(await t.callCount()).toBe(1);
  });

  it('records each key once when batches with the same keys race each other', async () => {
    const batch = items(200, (i) => ({
      user_name: `u${i % 5}`,
      call_duration: i,
      idempotency_key: `k${i}`,
    }));
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => t.postBatch(batch)),
    );

    expect(responses.map((response) => response.statusCode)).toEqual(
      Array(6).fill(200),
    );
    const totals = responses.map((response) =>
      response.json<{ inserted: number; duplicates: number }>(),
    );
    expect(totals.reduce((sum, total) => sum + total.inserted, 0)).toBe(200);
    expect(await t.callCount()).toBe(200);
  });
});
