import { withKey } from './support/api.js';
import { expectProblem } from './support/expectations.js';
import { useTestApp } from './support/test-app.js';

const t = useTestApp();

const put = (user: string, callDuration: unknown, key?: string) =>
  t.putCall(user, { call_duration: callDuration }, withKey(key));

describe('PUT /mobile/{user_name}/call with Idempotency-Key', () => {
  it('records the first request and replays it on a retry', async () => {
    const first = await put('alice', 545_000, 'retry-1');
    const retry = await put('alice', 545_000, 'retry-1');

    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await t.callCount()).toBe(1);
  });

  it('answers 409 for the same key with another body, and stores nothing', async () => {
    await put('alice', 1_000, 'k');
    const conflict = await put('alice', 2_000, 'k');

    expectProblem(conflict, 409);
    expect(conflict.json()).toMatchObject({
      status: 409,
      title: 'Conflict',
      errors: [{ field: 'Idempotency-Key' }],
    });
    expect(await t.callCount()).toBe(1);
  });

  it('scopes keys to the user: two users may use one key', async () => {
    expect((await put('alice', 1_000, 'shared')).statusCode).toBe(201);
    expect((await put('bob', 1_000, 'shared')).statusCode).toBe(201);
    expect((await put('Alice', 1_000, 'shared')).statusCode).toBe(201);
    expect(await t.callCount()).toBe(3);
  });

  it('compares keys exactly', async () => {
    expect((await put('alice', 1_000, 'Key')).statusCode).toBe(201);
    expect((await put('alice', 1_000, 'key')).statusCode).toBe(201);
  });

  it('records exactly one call for 50 concurrent requests with one new key', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => put('carol', 30_001, 'burst')),
    );

    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(49);
    expect(
      new Set(responses.map((response) => response.json<{ id: string }>().id))
        .size,
    ).toBe(1);
    expect(await t.callCount()).toBe(1);
  });

  it('still holds after the app restarts: the database, not memory, remembers keys', async () => {
    const first = await put('dave', 42, 'across-restarts');
    await t.restart();
    const retry = await put('dave', 42, 'across-restarts');

    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(await t.callCount()).toBe(1);
  });

  it.each([
    ['empty', ''],
    ['65 characters', 'k'.repeat(65)],
    ['a space', 'a b'],
    ['a tab', 'a\tb'],
    ['non-ASCII', 'clé'],
  ])('rejects a key that is %s with 400, storing nothing', async (_, key) => {
    const response = await put('alice', 1_000, key);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      errors: [{ field: 'Idempotency-Key' }],
    });
    expect(await t.callCount()).toBe(0);
  });

  it('accepts a 64-character key of every visible ASCII character class', async () => {
    const key =
      '!"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`{|}~'.slice(
        0,
        64,
      );
    expect((await put('alice', 1_000, key)).statusCode).toBe(201);
  });

  it('validates the body before looking at the key', async () => {
    const response = await put('alice', '1000', 'k');
    expect(response.statusCode).toBe(400);
    expect(await t.callCount()).toBe(0);
  });
});
