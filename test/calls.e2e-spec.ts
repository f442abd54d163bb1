import { useTestApp } from './support/test-app.js';

const DIGITS: unknown = expect.stringMatching(/^\d+$/);
const ISO_UTC_TIME: unknown = expect.stringMatching(
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
);
const MONTH: unknown = expect.stringMatching(/^\d{4}-\d{2}$/);

describe('PUT /mobile/{user_name}/call', () => {
  const t = useTestApp();

  it('answers 201 with the call as SPEC §3.1 shows it', async () => {
    const before = Date.now();
    const response = await t.putCall('alice', { call_duration: 545_000 });
    const after = Date.now();

    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json<Record<string, unknown>>();
    expect(Object.keys(body)).toEqual([
      'id',
      'user_name',
      'call_duration',
      'created_at',
      'updated_at',
      'started_at',
      'destination',
      'billing_period',
      'late',
      'block_count',
      'billed_seconds',
      'amount',
      'rate',
    ]);
    expect(body).toStrictEqual({
      id: DIGITS,
      user_name: 'alice',
      call_duration: 545_000,
      created_at: ISO_UTC_TIME,
      updated_at: ISO_UTC_TIME,
      started_at: ISO_UTC_TIME,
      destination: null,
      billing_period: MONTH,
      late: false,
      block_count: 19,
      billed_seconds: 570,
      amount: '0.95',
      rate: {
        plan: 'default',
        version: '1970-01-01T00:00:00.000Z',
        prefix: '',
      },
    });
    expect(body.updated_at).toBe(body.created_at);
    // Without started_at the call started when it was recorded, and is billed in that month.
    expect(body.started_at).toBe(body.created_at);
    expect(body.billing_period).toBe((body.created_at as string).slice(0, 7));
    // The recording time is the service's clock, not something the client sent.
    const createdAt = Date.parse(body.created_at as string);
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(after);
  });

  it('stores the call it acknowledges, exactly as it answered', async () => {
    const response = await t.putCall('alice', { call_duration: 545_000 });
    const body = response.json<Record<string, unknown>>();

    const stored = await t.storedCalls();
    expect(stored).toHaveLength(1);
    const [call] = stored;
    expect(String(call?.id)).toBe(body.id);
    expect(call?.userName).toBe('alice');
    expect(call?.callDuration).toBe(545_000);
    expect(call?.createdAt.toISOString()).toBe(body.created_at);
    expect(call?.updatedAt.toISOString()).toBe(body.updated_at);
    expect(call?.startedAt.toISOString()).toBe(body.started_at);
    expect(call?.destination).toBeNull();
    expect(call?.billingPeriod).toBe(body.billing_period);
    expect(call?.late).toBe(false);
    expect(call?.blockCount).toBe(19);
    expect(call?.billedSeconds).toBe(570);
    // TypeORM gives a bigint column as the driver does: a number (SQLite) or a string (MySQL).
    expect(String(call?.amountMicros)).toBe('950000');
    expect(call?.amountDecimals).toBe(2);
    expect([
      call?.ratePlan,
      call?.rateVersion.toISOString(),
      call?.ratePrefix,
    ]).toEqual(['default', '1970-01-01T00:00:00.000Z', '']);
  });

  it('gives every call its own, increasing id', async () => {
    const first = (await t.putCall('alice', { call_duration: 1 })).json<{
      id: string;
    }>();
    const second = (await t.putCall('alice', { call_duration: 1 })).json<{
      id: string;
    }>();

    expect(BigInt(second.id)).toBeGreaterThan(BigInt(first.id));
    await expect(t.storedCalls()).resolves.toHaveLength(2);
  });

  it('reads 3e3 as the number 3000', async () => {
    const response = await t.putCall('alice', '{"call_duration": 3e3}');

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ call_duration: 3000 });
    const [call] = await t.storedCalls();
    expect(call?.callDuration).toBe(3000);
  });

  it.each([0, 2_147_483_647])(
    'accepts the boundary duration %i',
    async (ms) => {
      const response = await t.putCall('alice', { call_duration: ms });

      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ call_duration: ms });
      const [call] = await t.storedCalls();
      expect(call?.callDuration).toBe(ms);
    },
  );

  it.each([
    ['an underscore', 'a_b'],
    ['a dot', 'a.b'],
    ['a hyphen', 'a-b'],
    ['a plus', 'a+b'],
    ['an at sign', 'a@b'],
    ['only special characters', '_.-+@'],
    ['digits only', '0123456789'],
    ['one character', 'x'],
    ['32 characters', 'A'.repeat(16) + 'z'.repeat(15) + '9'],
  ])('accepts a user name with %s (%s)', async (_, userName) => {
    const response = await t.putCall(userName, { call_duration: 1_000 });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ user_name: userName });
    const [call] = await t.storedCalls();
    expect(call?.userName).toBe(userName);
  });

  it('reads a percent-encoded allowed character as that character', async () => {
    const response = await t.putCall('a%2Bb', { call_duration: 1_000 });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ user_name: 'a+b' });
  });

  it('keeps the case of the user name', async () => {
    await t.putCall('Alice', { call_duration: 1_000 });
    await t.putCall('alice', { call_duration: 2_000 });

    const stored = await t.storedCalls();
    expect(stored.map((call) => [call.userName, call.callDuration])).toEqual([
      ['Alice', 1_000],
      ['alice', 2_000],
    ]);
  });

  it('accepts a body of exactly 1 MiB', async () => {
    // Whitespace between JSON tokens is legal, so this is a valid call of 1,048,576 bytes.
    const body = '{"call_duration": 7}';
    const payload =
      body.slice(0, -1) + ' '.repeat(1_048_576 - body.length) + '}';
    expect(Buffer.byteLength(payload)).toBe(1_048_576);

    const response = await t.putCall('alice', payload);

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ call_duration: 7 });
  });

  it('accepts a content type with a charset', async () => {
    const response = await t.putCall('alice', '{"call_duration": 42}', {
      'content-type': 'application/json; charset=utf-8',
    });

    expect(response.statusCode).toBe(201);
    await expect(t.storedCalls()).resolves.toHaveLength(1);
  });
});
