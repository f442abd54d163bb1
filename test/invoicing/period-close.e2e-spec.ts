import { AdminApi, closedWith } from '../support/admin-api.js';
import { seedCalls } from '../support/api.js';
import { utcMonthOf } from '../support/dates.js';
import { recordedLate } from '../support/expectations.js';
import { useTestApp } from '../support/test-app.js';
import { numberOf } from './periods-api.js';

/**
 * Closing periods (SPEC §8): only after the month, in order, idempotently; invoices numbered
 * across the whole service in period order, then user name byte order, with no gap.
 */
describe('closing a billing period', () => {
  const api = useTestApp();
  const admin = new AdminApi(api);

  it('refuses a month that has not ended, and an unknown shape of period', async () => {
    const thisMonth = utcMonthOf(Date.now());
    const future = '2999-01';

    for (const period of [thisMonth, future]) {
      const response = await admin.closePeriod(period);
      expect(response.statusCode).toBe(409);
      expect(response.headers['content-type']).toMatch(
        /^application\/problem\+json/,
      );
      expect(response.json()).toMatchObject({
        status: 409,
        detail: expect.stringContaining(
          `period ${period} cannot close before its month ends`,
        ) as unknown,
      });
    }
    for (const period of ['2026-13', '2026-1', '0000-01', 'last']) {
      expect((await admin.closePeriod(period)).statusCode).toBe(400);
    }
  });

  it('takes no body: none, or {} with a JSON content type; a field is a 400 naming it', async () => {
    const close = (payload: string) =>
      api.inject({
        method: 'POST',
        url: '/admin/periods/2026-01/close',
        headers: { 'content-type': 'application/json' },
        payload,
      });

    expect((await close('')).statusCode).toBe(200);
    expect((await close('{}')).statusCode).toBe(200);
    const refused = await close('{"force": true}');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      errors: [{ field: 'force', message: 'property force should not exist' }],
    });
    const notAnObject = await close('[]');
    expect(notAnObject.statusCode).toBe(400);
    expect(notAnObject.json()).toMatchObject({ errors: [{ field: 'body' }] });
  });

  it('closes in order: a later period waits for an earlier one with calls', async () => {
    await seedCalls(api, [
      { user: 'alice', ms: 60_000, startedAt: '2026-08-10T10:00:00Z' },
      { user: 'alice', ms: 30_000, startedAt: '2026-09-10T10:00:00Z' },
    ]);

    const early = await admin.closePeriod('2026-09');
    expect(early.statusCode).toBe(409);
    expect(early.json<{ detail: string }>().detail).toContain(
      'close 2026-08 first',
    );

    expect(await admin.closed('2026-08')).toMatchObject({
      period: '2026-08',
      status: 'closed',
      invoice_count: 1,
      total: '0.10',
    });
    expect(await admin.closed('2026-09')).toMatchObject({
      status: 'closed',
      invoice_count: 1,
      total: '0.05',
    });
  });

  it('numbers invoices across periods, in period then byte order of user names', async () => {
    const users = ['alice', 'Bob', 'bob', 'Zed', '_x', '+1', 'a.b', '9'];
    await seedCalls(
      api,
      ['2026-06', '2026-07'].flatMap((period) =>
        users.map((user, index) => ({
          user,
          ms: 1_000 * (index + 1),
          startedAt: `${period}-15T12:00:00Z`,
        })),
      ),
    );

    await admin.closed('2026-06');
    await admin.closed('2026-07');

    const june = await admin.invoicesOf('2026-06', 3);
    const july = await admin.invoicesOf('2026-07');
    const byteOrder = [...users].sort((a, b) =>
      Buffer.compare(Buffer.from(a), Buffer.from(b)),
    );
    expect(june.map((invoice) => invoice.user_name)).toEqual(byteOrder);
    expect(july.map((invoice) => invoice.user_name)).toEqual(byteOrder);
    expect([...june, ...july].map(numberOf)).toEqual(
      Array.from({ length: 16 }, (_, index) => index + 1),
    );
    expect(june[0]?.number).toBe('INV-000001');
    expect(june.map((invoice) => invoice.period)).toEqual(
      Array(8).fill('2026-06'),
    );
  });

  it('answers the same summary when a closed period is closed again', async () => {
    const first = await closedWith(api, admin, '2026-05', [
      { user: 'alice', ms: 545_000, startedAt: '2026-05-01T00:00:00Z' },
      { user: 'carol', ms: 30_001, startedAt: '2026-05-31T23:59:59.999Z' },
    ]);
    const again = await admin.closed('2026-05');

    expect(first).toEqual({
      period: '2026-05',
      status: 'closed',
      closed_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/) as unknown,
      invoice_count: 2,
      total: '1.05',
    });
    expect(again).toEqual(first);
    expect(await admin.invoicesOf('2026-05')).toMatchObject([
      {
        number: 'INV-000001',
        user_name: 'alice',
        call_count: 1,
        block_count: 19,
        total: '0.95',
      },
      {
        number: 'INV-000002',
        user_name: 'carol',
        call_count: 1,
        block_count: 2,
        total: '0.10',
      },
    ]);
  });

  it('counts a month without calls before the last closed one as closed', async () => {
    const april = await closedWith(api, admin, '2026-04', [
      { user: 'alice', ms: 1_000, startedAt: '2026-04-02T00:00:00Z' },
    ]);

    expect(await admin.closed('2026-02')).toEqual({
      period: '2026-02',
      status: 'closed',
      closed_at: april.closed_at,
      invoice_count: 0,
      total: '0.00',
    });
  });

  it('books a call started in a closed period into the open one, as late', async () => {
    await closedWith(api, admin, '2026-03', [
      { user: 'alice', ms: 1_000, startedAt: '2026-03-02T00:00:00Z' },
    ]);

    await recordedLate(api, 'alice', 1_000, '2026-03-05T00:00:00Z');

    expect(await admin.invoicesOf('2026-03')).toHaveLength(1);
  });

  it('lists periods with calls, newest first, with their closes', async () => {
    const november = await closedWith(api, admin, '2025-11', [
      { user: 'alice', ms: 1_000, startedAt: '2025-11-02T00:00:00Z' },
      { user: 'alice', ms: 1_000, startedAt: '2025-12-02T00:00:00Z' },
      { user: 'bob', ms: 1_000, startedAt: '2026-01-02T00:00:00Z' },
    ]);

    const first = await admin.periods({ limit: 2 });
    expect(first.statusCode).toBe(200);
    const page = first.json<{ data: unknown[]; next_cursor: string }>();
    expect(page.data).toEqual([
      {
        period: '2026-01',
        status: 'open',
        closed_at: null,
        invoice_count: null,
        total: null,
      },
      {
        period: '2025-12',
        status: 'open',
        closed_at: null,
        invoice_count: null,
        total: null,
      },
    ]);
    const second = await admin.periods(`limit=2&cursor=${page.next_cursor}`);
    expect(second.json()).toEqual({ data: [november], next_cursor: null });
    expect((await admin.periods({ cursor: 'bad' })).statusCode).toBe(400);
  });
});
