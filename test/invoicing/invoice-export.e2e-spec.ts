import { insertCredits } from '../factories/credit.factory.js';
import { seedCalls, withHeaders, type SeedCall } from '../support/api.js';
import { AS_ADMIN, AS_CLIENT, KEYED_ENV } from '../support/auth.js';
import { useTestApp } from '../support/test-app.js';
import { AdminApi, closedWith } from '../support/admin-api.js';
import { sumMicros } from '../support/oracle/decimal.js';

const USERS = 1_234;

/** A period's invoices for accounting (SPEC §8): JSON pages, or one streamed CSV. */
describe('GET /admin/periods/{period}/invoices', () => {
  const api = useTestApp(KEYED_ENV);
  // Every request as the administrator.
  const asAdmin = withHeaders(api, AS_ADMIN);
  const admin = new AdminApi(api, AS_ADMIN);

  async function seedPeriod(): Promise<void> {
    const calls: SeedCall[] = Array.from({ length: USERS }, (_, n) => ({
      user: `${n % 3 === 0 ? 'U' : 'u'}${String(n).padStart(5, '0')}`,
      ms: 1_000 + n * 7_919,
      startedAt: '2026-09-14T08:00:00Z',
    }));
    await seedCalls(asAdmin, calls);
  }

  it('streams every invoice as CSV, whose totals add up to the JSON pages and the summary', async () => {
    await seedPeriod();
    const summary = await admin.closed('2026-09');

    const response = await admin.invoices('2026-09', '', {
      accept: 'text/csv',
    });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="invoices-2026-09.csv"',
    );
    const [header, ...rows] = response.body.trimEnd().split('\r\n');
    expect(header).toBe(
      'number,user_name,call_count,block_count,billed_seconds,total',
    );
    expect(rows).toHaveLength(USERS);
    const cells = rows.map((row) => row.split(','));
    const pages = await admin.invoicesOf('2026-09', 100);
    expect(cells.map(([number, user]) => `${number} ${user}`)).toEqual(
      pages.map((invoice) => `${invoice.number} ${invoice.user_name}`),
    );
    expect(sumMicros(cells.map((cell) => cell[5] ?? ''))).toBe(
      sumMicros(pages.map((invoice) => invoice.total)),
    );
    expect(sumMicros(cells.map((cell) => cell[5] ?? ''))).toBe(
      sumMicros([summary.total ?? '']),
    );
    expect(summary.invoice_count).toBe(USERS);
  });

  it('gives credits booked in the period their own invoices, lines and negative totals', async () => {
    await seedCalls(asAdmin, [
      { user: 'alice', ms: 545_000, startedAt: '2026-07-03T00:00:00Z' },
      { user: 'carol', ms: 30_001, startedAt: '2026-07-03T00:00:00Z' },
      { user: 'alice', ms: 60_000, startedAt: '2026-08-03T00:00:00Z' },
    ]);
    await admin.closed('2026-07');
    await insertCredits(api.app, [
      {
        call: {
          id: '1',
          userName: 'alice',
          amountMicros: 950_000n,
          amountDecimals: 2,
        },
        period: '2026-08',
        invoiceNumber: 1n,
      },
      {
        call: {
          id: '2',
          userName: 'carol',
          amountMicros: 100_000n,
          amountDecimals: 2,
        },
        period: '2026-08',
        invoiceNumber: 2n,
      },
    ]);

    const august = await admin.closed('2026-08');

    expect(august).toMatchObject({ invoice_count: 2, total: '-0.95' });
    expect(await admin.invoicesOf('2026-08')).toMatchObject([
      {
        number: 'INV-000003',
        user_name: 'alice',
        call_count: 1,
        total: '-0.85',
      },
      {
        number: 'INV-000004',
        user_name: 'carol',
        call_count: 0,
        total: '-0.10',
      },
    ]);
  });

  it('answers the type the Accept header weighs heaviest, and 406 when it allows neither', async () => {
    await closedWith(asAdmin, admin, '2026-09', [
      { user: 'alice', ms: 60_000, startedAt: '2026-09-14T08:00:00Z' },
    ]);

    for (const [accept, type] of [
      [undefined, 'application/json'],
      ['*/*', 'application/json'],
      ['text/*', 'text/csv'],
      ['text/csv;q=0, application/json', 'application/json'],
      ['application/json;q=0.5, text/csv', 'text/csv'],
    ] as const) {
      const response = await admin.invoices(
        '2026-09',
        '',
        accept === undefined ? {} : { accept },
      );
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(new RegExp(`^${type}`));
      expect(response.headers.vary).toMatch(/accept/i);
    }
    for (const accept of ['text/csv;q=0', 'application/pdf']) {
      const response = await admin.invoices('2026-09', '', { accept });
      expect(response.statusCode).toBe(406);
      expect(response.headers['content-type']).toMatch(
        /^application\/problem\+json/,
      );
    }
  });

  it('refuses a period that is not closed, and answers problems as JSON', async () => {
    await seedPeriod();

    for (const accept of ['application/json', 'text/csv']) {
      const response = await admin.invoices('2026-09', '', { accept });
      expect(response.statusCode).toBe(409);
      expect(response.headers['content-type']).toMatch(
        /^application\/problem\+json/,
      );
    }
    expect((await admin.invoices('2026-9')).statusCode).toBe(400);
  });

  it('is for administrators only', async () => {
    for (const [headers, status] of [
      [{}, 401],
      [AS_CLIENT, 403],
    ] as const) {
      for (const [method, url] of [
        ['GET', '/admin/periods'],
        ['POST', '/admin/periods/2026-09/close'],
        ['GET', '/admin/periods/2026-09/invoices'],
      ] as const) {
        expect((await api.inject({ method, url, headers })).statusCode).toBe(
          status,
        );
      }
    }
  });
});
