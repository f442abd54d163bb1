import { formatMicros } from '../../rating/domain/decimal.js';
import { formatInvoiceNumber } from '../../call-billing/domain/invoice-number.js';
import type { IssuedInvoiceSummary } from './issued-invoice.js';

/** The accounting export of a period's invoices (SPEC §8), one line per invoice. */
export const INVOICE_CSV_HEADER =
  'number,user_name,call_count,block_count,billed_seconds,total\r\n';

/**
 * One invoice as a CSV line (RFC 4180 line ends). No cell needs quoting: user names are letters,
 * digits and `_ . - + @`, the rest numbers and decimals.
 */
export function invoiceCsvLine(invoice: IssuedInvoiceSummary): string {
  return (
    [
      formatInvoiceNumber(invoice.number),
      invoice.userName,
      invoice.callCount,
      invoice.blockCount,
      invoice.billedSeconds,
      formatMicros(invoice.totalMicros, invoice.amountDecimals),
    ].join(',') + '\r\n'
  );
}
