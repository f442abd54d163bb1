import { insertCredits } from '../factories/credit.factory.js';
import { AdminApi, closedWith } from '../support/admin-api.js';
import { seedCalls } from '../support/api.js';
import { useTestApp } from '../support/test-app.js';

const BACKDATE = { backdate: 'true' };

/** A rate billed per second, at `price` a minute. */
function perSecond(prefix: string, price: string): Record<string, unknown> {
  return {
    prefix,
    price,
    first_block_seconds: 1,
    increment_seconds: 1,
    price_unit_seconds: 60,
  };
}

interface Line {
  readonly kind: 'usage' | 'credit';
  readonly amount: string;
  readonly [field: string]: unknown;
}

/**
 * What a close writes on an invoice (SPEC §8): one usage line per rate the user's calls in the
 * period were priced with, by plan, version and prefix; then one negative credit line per call
 * voided after its own period closed, booked into this one; the total is their sum, written with
 * the most decimals among them.
 */
describe('the lines of an invoice', () => {
  const api = useTestApp();
  const admin = new AdminApi(api);

  it('has a usage line per rate in plan, version, prefix order, then the credits', async () => {
    for (const [from, rates] of [
      [
        '2026-01-01T00:00:00.000Z',
        [perSecond('', '0.06'), perSecond('44', '0.012')],
      ],
      ['2026-07-15T00:00:00.000Z', [perSecond('', '0.03')]],
    ] as const) {
      const version = await admin.putVersion(
        'default',
        from,
        { amount_decimals: 3, rates },
        BACKDATE,
      );
      expect(version.statusCode).toBe(201);
    }
    await closedWith(api, admin, '2026-06', [
      { user: 'alice', ms: 60_000, startedAt: '2026-06-10T00:00:00Z' },
    ]);
    const [june] = await admin.invoicesOf('2026-06');
    await seedCalls(api, [
      { user: 'alice', ms: 60_000, startedAt: '2026-07-20T00:00:00Z' },
      {
        user: 'alice',
        ms: 100_000,
        startedAt: '2026-07-10T00:00:00Z',
        destination: '+442079460000',
      },
      { user: 'alice', ms: 120_000, startedAt: '2026-07-10T00:00:00Z' },
      {
        user: 'alice',
        ms: 50_000,
        startedAt: '2026-07-11T00:00:00Z',
        destination: '4420',
      },
    ]);
    await insertCredits(api.app, [
      {
        call: {
          id: '1',
          userName: 'alice',
          amountMicros: 60_000n,
          amountDecimals: 3,
        },
        period: '2026-07',
        invoiceNumber: 1n,
      },
    ]);

    await admin.closed('2026-07');

    const [july] = await admin.invoicesOf('2026-07');
    const invoice = (
      await api.inject({
        method: 'GET',
        url: `/mobile/alice/invoices/${july?.number}`,
      })
    ).json<{ lines: Line[]; total: string; call_count: number }>();
    expect(june?.number).toBe('INV-000001');
    expect(invoice.lines).toMatchObject([
      {
        kind: 'usage',
        version: '2026-01-01T00:00:00.000Z',
        prefix: '',
        call_count: 1,
        amount: '0.120',
      },
      {
        kind: 'usage',
        version: '2026-01-01T00:00:00.000Z',
        prefix: '44',
        call_count: 2,
        amount: '0.030',
      },
      {
        kind: 'usage',
        version: '2026-07-15T00:00:00.000Z',
        prefix: '',
        call_count: 1,
        amount: '0.030',
      },
      {
        kind: 'credit',
        call_id: '1',
        invoice_number: 'INV-000001',
        amount: '-0.060',
      },
    ]);
    expect(invoice).toMatchObject({ call_count: 4, total: '0.120' });
    expect(july).toMatchObject({
      number: 'INV-000002',
      call_count: 4,
      total: '0.120',
    });
  });
});
