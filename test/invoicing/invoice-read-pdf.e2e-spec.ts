import type { InvoiceLine } from '../../src/invoicing/domain/issued-invoice.js';
import {
  buildInvoice,
  creditLine,
  invoiceWithCredit,
  usageLine,
} from '../factories/invoice.factory.js';
import { pageCount, renderPage, textOf } from '../support/pdf-tools.js';
import { useTempFolder } from '../support/temp-folder.js';
import { useTestApp } from '../support/test-app.js';

const ISSUER = 'Acme Telecom GmbH';
const t = useTestApp({ INVOICE_ISSUER: ISSUER });
const folder = useTempFolder('invoice-pdf-test-');

/** A4 at 50 dpi: 595.28 × 841.89 points of 1/72 inch. */
const A4_AT_50_DPI = { width: 414, height: 585 };

const NOVEMBER = invoiceWithCredit(
  'Réseau en panne — 通话中断 👍: the customer’s line was down',
);

/** The invoice's PDF as the API answers it, saved to the suite's folder. */
async function fetchPdf(number: string): Promise<string> {
  const response = await t.getInvoice('alice', number, 'application/pdf');
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  expect(response.headers['content-disposition']).toBe(
    `inline; filename="${number}.pdf"`,
  );
  expect(response.headers.vary).toMatch(/accept/i);
  expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return folder.write(`${number}.pdf`, response.rawPayload);
}

/** The text of the PDF, every run of white space one space: wrapped rows read as one. */
async function flatTextOf(path: string): Promise<string> {
  return (await textOf(path)).replace(/\s+/g, ' ');
}

describe('GET /mobile/{user_name}/invoices/{number} with Accept: application/pdf', () => {
  it('renders a page of A4 with ink on it', async () => {
    await t.insertInvoices([NOVEMBER]);
    const path = await fetchPdf('INV-000042');

    expect(await pageCount(path)).toBe(1);
    const page = await renderPage(path, 1, 50);
    expect(page).toMatchObject(A4_AT_50_DPI);
    // Text and rules, not a blank page, and not a page of ink either.
    expect(page.inked).toBeGreaterThan(1_000);
    expect(page.inked).toBeLessThan((page.width * page.height) / 10);
  });

  it('reads as an invoice: issuer, number, customer, period, lines and total', async () => {
    await t.insertInvoices([NOVEMBER]);
    const text = await flatTextOf(await fetchPdf('INV-000042'));

    for (const expected of [
      ISSUER,
      'Invoice number INV-000042',
      'Issue date 2 December 2026',
      'Billing period November 2026',
      'Customer alice',
      'Description Calls Billed time Amount',
      'Calls on plan default, other destinations, rates of 1970-01-01 2 0:10:30 1.050',
      'Calls on plan business, prefix 4420, rates of 2026-11-01 1 0:01:01 0.190',
      // Characters the standard fonts lack are each a '?'; Latin-1 and WinAnsi ones stay.
      'Credit for call 17 (invoice INV-000007): Réseau en panne -0.050 — ???? ?: the customer’s line was down',
      'Total USD 1.190',
      'INV-000042 - page 1 of 1',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('gives the same document each time it is asked for', async () => {
    await t.insertInvoices([NOVEMBER]);
    const [first, second] = await Promise.all(
      [1, 2].map(() => t.getInvoice('alice', 'INV-000042', 'application/pdf')),
    );

    expect(
      first?.rawPayload.equals(second?.rawPayload ?? Buffer.alloc(0)),
    ).toBe(true);
  });

  it('lays 1,000 lines out over numbered pages, the total on the last', async () => {
    const lines: InvoiceLine[] = Array.from({ length: 1000 }, (_, index) =>
      index % 10 === 9
        ? creditLine({
            callId: String(10_000 + index),
            // Up to the 200 characters a reason may have.
            reason:
              `Voided on request ${index}: ${'long reason '.repeat(index % 20)}`.slice(
                0,
                200,
              ),
          })
        : usageLine({
            prefix: String(100 + index),
            amountMicros: 50_000n,
          }),
    );
    await t.insertInvoices([buildInvoice({ number: 43n, lines })]);
    const path = await fetchPdf('INV-000043');

    const pages = await pageCount(path);
    expect(pages).toBeGreaterThan(20);
    const text = await flatTextOf(path);
    expect(text).toContain(`INV-000043 - page 1 of ${pages}`);
    expect(text).toContain(`INV-000043 - page ${pages} of ${pages}`);
    expect(text).toContain('INV-000043, alice (continued)');
    expect(text).toContain('prefix 1098,');
    expect(text).toContain('Credit for call 10999');
    // 900 usage lines of 0.05, 100 credits of -0.05.
    expect(text).toContain('Total USD 40.00');
    for (const page of [2, pages]) {
      const rendered = await renderPage(path, page, 50);
      expect(rendered).toMatchObject(A4_AT_50_DPI);
      expect(rendered.inked).toBeGreaterThan(500);
    }
  });

  it('prints an invoice without lines with its total', async () => {
    await t.insertInvoices([buildInvoice({ number: 44n, lines: [] })]);

    const text = await flatTextOf(await fetchPdf('INV-000044'));

    expect(text).toContain('Total USD 0.00');
  });
});
