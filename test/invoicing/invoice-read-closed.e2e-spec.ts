import { pageCount, textOf } from '../support/pdf-tools.js';
import { useTempFolder } from '../support/temp-folder.js';
import { useTestApp } from '../support/test-app.js';
import { AdminApi, closedWith, EXAMPLE_CALLS } from '../support/admin-api.js';

/**
 * A zone whose calendar day differs from UTC's at this hour (UTC-11 before 11:00 UTC, UTC+14
 * from 10:00), so that an issue date read in UTC would show.
 */
const ZONE =
  new Date().getUTCHours() < 11 ? 'Pacific/Pago_Pago' : 'Pacific/Kiritimati';
const t = useTestApp({ BILLING_TIMEZONE: ZONE });
const folder = useTempFolder('invoice-closed-test-');
const admin = new AdminApi(t);

interface Invoice {
  number: string;
  period: string;
  issued_at: string;
  call_count: number;
  total_duration: number;
  block_count: number;
  billed_seconds: number;
  lines: unknown[];
  total: string;
}

/**
 * Invoices as a real close issues them (calls recorded through the API, periods closed through
 * the admin API), read back: each says what the period's bill says, for ever.
 */
describe('invoices issued by closing periods', () => {
  beforeEach(async () => {
    await closedWith(t, admin, '2026-08', EXAMPLE_CALLS);
    await admin.closed('2026-09');
  });

  it('lists them newest first, and each is its period’s bill', async () => {
    const page = (await t.listInvoices('alice')).json<{
      data: Invoice[];
      next_cursor: string | null;
    }>();

    expect(page.data.map((invoice) => invoice.period)).toEqual([
      '2026-09',
      '2026-08',
    ]);
    expect(page.next_cursor).toBeNull();
    for (const listed of page.data) {
      const invoice = (
        await t.getInvoice('alice', listed.number)
      ).json<Invoice>();
      const bill = (await t.getBill('alice', listed.period)).json<{
        invoice_number: string;
        amount: string;
        lines: unknown[];
      }>();

      expect(invoice).toMatchObject({ ...listed, lines: bill.lines });
      expect(bill).toMatchObject({
        invoice_number: listed.number,
        amount: invoice.total,
      });
    }
  });

  it('answers the figures SPEC §3.2 gives for its example calls', async () => {
    const [august] = (await t.listInvoices('alice'))
      .json<{ data: Invoice[] }>()
      .data.slice(1);

    expect(august).toMatchObject({
      number: 'INV-000001',
      call_count: 2,
      total_duration: 575_001,
      block_count: 21,
      billed_seconds: 630,
      total: '1.05',
    });
  });

  it('prints one as a PDF, dated in the billing time zone', async () => {
    const response = await t.getInvoice(
      'alice',
      'INV-000001',
      'application/pdf',
    );
    const issuedAt = new Date(
      (await t.getInvoice('alice', 'INV-000001')).json<Invoice>().issued_at,
    );
    const path = folder.write('INV-000001.pdf', response.rawPayload);

    expect(await pageCount(path)).toBe(1);
    const text = (await textOf(path)).replace(/\s+/g, ' ');
    const dayIn = (timeZone: string) =>
      new Intl.DateTimeFormat('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone,
      }).format(issuedAt);
    expect(dayIn(ZONE)).not.toBe(dayIn('UTC'));
    expect(text).toContain(`Issue date ${dayIn(ZONE)}`);
    expect(text).toContain('Billing period August 2026');
    expect(text).toContain(
      'Calls on plan default, other destinations, rates of 1970-01-01 2 0:10:30 1.05',
    );
    expect(text).toContain('Total USD 1.05');
  });
});
