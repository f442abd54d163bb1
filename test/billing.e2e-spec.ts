import { aliceBill, BILL_KEYS, LINE_KEYS, typesOf } from './support/bills.js';
import { useTestApp } from './support/test-app.js';

describe('GET /mobile/{user_name}/billing', () => {
  const t = useTestApp();

  it('bills the SPEC example: 545,000 ms + 30,001 ms are 21 blocks, 1.05 USD', async () => {
    for (const ms of [545_000, 30_001]) {
      expect((await t.putCall('alice', { call_duration: ms })).statusCode).toBe(
        201,
      );
    }

    const response = await t.getBill('alice');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toStrictEqual(
      aliceBill({
        call_count: 2,
        total_duration: 575_001,
        block_count: 21,
        billed_seconds: 630,
        amount: '1.05',
      }),
    );
  });

  it('answers with exactly the keys of SPEC §3.2, with their JSON types', async () => {
    await t.insertCalls([{ callDuration: 1 }]);

    const whole = (await t.getBill('alice')).json<Record<string, unknown>>();
    const month = (await t.getBill('alice', '2026-11')).json<
      Record<string, unknown>
    >();

    for (const body of [whole, month]) {
      expect(Object.keys(body)).toEqual(BILL_KEYS);
      expect(body.lines).toHaveLength(1);
      const [line] = body.lines as Record<string, unknown>[];
      expect(Object.keys(line ?? {})).toEqual(LINE_KEYS);
      expect(typesOf(line ?? {})).toEqual({
        kind: 'string',
        plan: 'string',
        version: 'string',
        prefix: 'string',
        call_count: 'number',
        total_duration: 'number',
        block_count: 'number',
        billed_seconds: 'number',
        amount: 'string',
      });
    }
    const types = {
      user_name: 'string',
      period: 'null',
      status: 'null',
      invoice_number: 'null',
      call_count: 'number',
      total_duration: 'number',
      block_count: 'number',
      billed_seconds: 'number',
      block_seconds: 'number',
      price_per_block: 'string',
      amount: 'string',
      currency: 'string',
      lines: 'array',
    };
    expect(typesOf(whole)).toEqual(types);
    // With a period: which one, and whether it is open (an invoice number once closed).
    expect(typesOf(month)).toEqual({
      ...types,
      period: 'string',
      status: 'string',
    });
    expect(month).toMatchObject({ period: '2026-11', status: 'open' });
  });

  it.each([
    [0, 0, '0.00'],
    [1, 1, '0.05'],
    [30_000, 1, '0.05'],
    [30_001, 2, '0.10'],
  ])(
    'bills one call of %i ms as %i blocks (%s)',
    async (ms, blocks, amount) => {
      await t.insertCalls([{ callDuration: ms }]);

      const response = await t.getBill('alice');

      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        call_count: 1,
        total_duration: ms,
        block_count: blocks,
        amount,
      });
    },
  );

  it('rounds each call up on its own, not their sum', async () => {
    // Together 30,000 ms would be one block; apart they are two.
    await t.insertCalls([{ callDuration: 15_000 }, { callDuration: 15_000 }]);

    const response = await t.getBill('alice');

    expect(response.json()).toMatchObject({
      call_count: 2,
      total_duration: 30_000,
      block_count: 2,
      amount: '0.10',
    });
  });

  it('answers zeros, not 404, for a user with no calls', async () => {
    await t.insertCalls([{ userName: 'bob' }]);

    const response = await t.getBill('alice');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toStrictEqual(aliceBill());
    expect((await t.getBill('alice', '2026-11')).json()).toStrictEqual(
      aliceBill(undefined, { period: '2026-11', status: 'open' }),
    );
  });

  it('bills users whose names differ only in case apart', async () => {
    await t.insertCalls([
      { userName: 'Alice', callDuration: 30_000 },
      { userName: 'alice', callDuration: 60_000 },
      { userName: 'alice', callDuration: 90_000 },
    ]);

    const [upper, lower, shouting] = await Promise.all(
      ['Alice', 'alice', 'ALICE'].map((name) => t.getBill(name)),
    );

    expect(upper?.json()).toMatchObject({
      user_name: 'Alice',
      call_count: 1,
      total_duration: 30_000,
      block_count: 1,
      amount: '0.05',
    });
    expect(lower?.json()).toMatchObject({
      user_name: 'alice',
      call_count: 2,
      total_duration: 150_000,
      block_count: 5,
      amount: '0.25',
    });
    expect(shouting?.json()).toMatchObject({
      user_name: 'ALICE',
      call_count: 0,
      total_duration: 0,
    });
  });

  it('bills a call recorded through the API in the UTC month of its created_at', async () => {
    const recorded = (
      await t.putCall('alice', { call_duration: 30_001 })
    ).json<{
      created_at: string;
    }>();
    const month = recorded.created_at.slice(0, 7);

    const response = await t.getBill('alice', month);

    expect(response.json()).toMatchObject({
      period: month,
      call_count: 1,
      total_duration: 30_001,
      block_count: 2,
    });
  });

  it('bills a call in the UTC month of the started_at it was sent with', async () => {
    // 01:30 on 1 October in Berlin is still September in UTC.
    const recorded = await t.putCall('alice', {
      call_duration: 30_001,
      started_at: '2026-10-01T01:30:00+02:00',
    });
    expect(recorded.json()).toMatchObject({
      started_at: '2026-09-30T23:30:00.000Z',
      billing_period: '2026-09',
    });

    const [september, october] = await Promise.all([
      t.getBill('alice', '2026-09'),
      t.getBill('alice', '2026-10'),
    ]);

    expect(september.json()).toMatchObject({ call_count: 1, block_count: 2 });
    expect(october.json()).toMatchObject({ call_count: 0 });
  });

  it('bills a total duration beyond 32 bits as an exact JSON number', async () => {
    await t.insertCalls([
      { callDuration: 2_147_483_647 },
      { callDuration: 2_147_483_647 },
      { callDuration: 2_147_483_647 },
    ]);

    const response = await t.getBill('alice');

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('"total_duration":6442450941,');
    expect(response.json()).toMatchObject({
      call_count: 3,
      total_duration: 6_442_450_941,
      block_count: 214_749,
      amount: '10737.45',
    });
  });

  describe('with period=YYYY-MM', () => {
    beforeEach(async () => {
      await t.insertCalls([
        { createdAt: new Date('2026-09-15T12:00:00.000Z'), callDuration: 1 },
        {
          createdAt: new Date('2026-10-31T23:59:59.999Z'),
          callDuration: 10_000,
        },
        {
          createdAt: new Date('2026-11-01T00:00:00.000Z'),
          callDuration: 30_001,
        },
        {
          createdAt: new Date('2026-11-15T08:30:00.000Z'),
          callDuration: 60_000,
        },
        {
          createdAt: new Date('2026-11-30T23:59:59.999Z'),
          callDuration: 545_000,
        },
        {
          createdAt: new Date('2026-12-01T00:00:00.000Z'),
          callDuration: 90_000,
        },
        {
          createdAt: new Date('2027-01-01T00:00:00.000Z'),
          callDuration: 30_000,
        },
        {
          userName: 'bob',
          createdAt: new Date('2026-11-15T08:30:00.000Z'),
          callDuration: 120_000,
        },
      ]);
    });

    it.each([
      // October's last millisecond is October's; November's first is November's.
      ['2026-10', 1, 10_000, 1, '0.05'],
      ['2026-11', 3, 635_001, 23, '1.15'],
      ['2026-12', 1, 90_000, 3, '0.15'],
      ['2027-01', 1, 30_000, 1, '0.05'],
      ['2026-09', 1, 1, 1, '0.05'],
      ['2026-08', 0, 0, 0, '0.00'],
      ['2025-11', 0, 0, 0, '0.00'],
    ])(
      'bills only the calls started in %s (UTC): %i calls, %i ms',
      async (period, calls, ms, blocks, amount) => {
        const response = await t.getBill('alice', period);

        expect(response.statusCode).toBe(200);
        const figures = {
          call_count: calls,
          total_duration: ms,
          block_count: blocks,
          billed_seconds: blocks * 30,
          amount,
        };
        expect(response.json()).toStrictEqual(
          aliceBill(calls === 0 ? undefined : figures, {
            period,
            status: 'open',
          }),
        );
      },
    );

    it('bills every call without a period', async () => {
      const response = await t.getBill('alice');

      expect(response.json()).toMatchObject({
        period: null,
        call_count: 7,
        total_duration: 765_002,
        block_count: 29,
        amount: '1.45',
      });
    });

    it("keeps another user's calls out of the month", async () => {
      const response = await t.getBill('bob', '2026-11');

      expect(response.json()).toMatchObject({
        call_count: 1,
        total_duration: 120_000,
        block_count: 4,
      });
    });
  });

  // Date.UTC would read the years 0–99 as 1900–1999.
  it('does not bill January 1950 for period=0050-01', async () => {
    await t.insertCalls([
      { createdAt: new Date('1950-01-15T00:00:00.000Z'), callDuration: 1 },
    ]);

    const response = await t.getBill('alice', '0050-01');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      period: '0050-01',
      call_count: 0,
    });
  });
});

describe('GET /mobile/{user_name}/billing with another tariff', () => {
  // The default plan's first version comes from the migration's environment (SPEC §7), as
  // `docker/web_entrypoint.sh` migrates, then starts, with the service's.
  const tariff = {
    BILLING_BLOCK_SECONDS: '60',
    BILLING_PRICE_PER_BLOCK: '0.125',
  };
  const t = useTestApp(
    { ...tariff, BILLING_CURRENCY: 'EUR' },
    { migrationEnv: tariff },
  );

  it('bills 60-second blocks at 0.125 EUR, with three decimals', async () => {
    // Recorded through the API, so that the service rates them with the stored version.
    for (const ms of [1, 60_000, 60_001, 545_000]) {
      expect((await t.putCall('alice', { call_duration: ms })).statusCode).toBe(
        201,
      );
    }

    const response = await t.getBill('alice');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toStrictEqual(
      aliceBill(
        {
          call_count: 4,
          total_duration: 665_002,
          // 1 + 1 + 2 + 10 blocks of 60 s.
          block_count: 14,
          billed_seconds: 840,
          amount: '1.750',
        },
        { block_seconds: 60, price_per_block: '0.125', currency: 'EUR' },
      ),
    );
  });

  it('answers "0.000" for a user with no calls', async () => {
    const response = await t.getBill('alice');

    expect(response.json()).toStrictEqual(
      aliceBill(undefined, {
        block_seconds: 60,
        price_per_block: '0.125',
        amount: '0.000',
        currency: 'EUR',
      }),
    );
  });
});
