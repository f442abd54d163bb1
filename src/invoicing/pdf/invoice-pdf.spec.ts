import { jest } from '@jest/globals';
import {
  buildInvoice,
  creditLine,
  usageLine,
} from '../../../test/factories/invoice.factory.js';
import { turnsDuring } from '../../../test/support/spec/event-loop-turns.js';
import { renderInvoicePdf } from './invoice-pdf.js';

async function bytesOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('renderInvoicePdf', () => {
  it('streams a whole PDF, letting other work run while it lays 1,000 lines out', async () => {
    const lines = Array.from({ length: 1000 }, (_, index) =>
      index % 2 === 0
        ? usageLine({ prefix: String(index) })
        : creditLine({ reason: 'x'.repeat(200) }),
    );
    let pdf: Buffer = Buffer.alloc(0);

    const turns = await turnsDuring(async () => {
      pdf = await bytesOf(
        renderInvoicePdf(buildInvoice({ lines }), { issuer: 'Acme' }),
      );
    });

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\n?$/);
    expect(turns).toBeGreaterThan(10);
  });

  it('stops laying out once the stream is destroyed', async () => {
    const invoice = buildInvoice({
      lines: Array.from({ length: 1000 }, () => usageLine()),
    });
    const abandoned = renderInvoicePdf(invoice, { issuer: 'Acme' });
    const addPage = jest.spyOn(abandoned as PDFKit.PDFDocument, 'addPage');
    abandoned.destroy();

    // The same work, side by side in the same slices, done to the end.
    await bytesOf(renderInvoicePdf(invoice, { issuer: 'Acme' }));

    // Of its 30-odd pages, none was drawn: the layout stopped while it measured the rows.
    expect(addPage).not.toHaveBeenCalled();
  });

  it('throws before streaming anything when an amount cannot be written', () => {
    // 1 micro does not fit 2 decimals: the amount would be printed wrong, so it is not printed.
    const invoice = buildInvoice({
      lines: [usageLine({ amountMicros: 1n })],
    });

    expect(() => renderInvoicePdf(invoice, { issuer: 'Acme' })).toThrow(
      RangeError,
    );
  });
});
