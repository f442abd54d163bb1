import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ApiInteger, ApiText } from '../../../platform/http/api-fields.js';
import type { BillLine } from '../../../call-billing/domain/bill.js';
import { BillLineResponseDto } from '../../../call-billing/http/dto/bill-line.response.dto.js';
import { formatMicros } from '../../../rating/domain/decimal.js';
import { formatInvoiceNumber } from '../../../call-billing/domain/invoice-number.js';
import type {
  InvoiceLine,
  IssuedInvoice,
  IssuedInvoiceSummary,
} from '../../domain/issued-invoice.js';

/** An issued invoice without its lines, as listings show it. */
@ApiSchema({ name: 'InvoiceSummary' })
export class InvoiceSummaryResponseDto {
  @ApiText('INV-000123', 'The invoice number: INV- and at least 6 digits.')
  readonly number: string;

  @ApiText('alice')
  readonly user_name: string;

  @ApiText('2026-11', 'The billing period invoiced.')
  readonly period: string;

  @ApiText(
    '2026-12-02T00:00:05.123Z',
    'When the period closed and the invoice was issued (UTC).',
  )
  readonly issued_at: string;

  @ApiText('USD', 'ISO 4217 currency of the amounts.')
  readonly currency: string;

  @ApiInteger(2)
  readonly call_count: number;

  @ApiInteger(575_001, 'Sum of the calls’ durations in milliseconds.')
  readonly total_duration: number;

  @ApiInteger(21)
  readonly block_count: number;

  @ApiInteger(630)
  readonly billed_seconds: number;

  @ApiText(
    '1.05',
    'The sum of the lines, credits included, a decimal string with the invoice’s amount_decimals.',
  )
  readonly total: string;

  constructor(invoice: IssuedInvoiceSummary) {
    this.number = formatInvoiceNumber(invoice.number);
    this.user_name = invoice.userName;
    this.period = invoice.period;
    this.issued_at = invoice.issuedAt.toISOString();
    this.currency = invoice.currency;
    this.call_count = invoice.callCount;
    this.total_duration = invoice.totalDuration;
    this.block_count = invoice.blockCount;
    this.billed_seconds = invoice.billedSeconds;
    this.total = formatMicros(invoice.totalMicros, invoice.amountDecimals);
  }
}

/** An issued invoice with its lines: what it bills, and what it gives back. */
@ApiSchema({ name: 'Invoice' })
export class InvoiceResponseDto extends InvoiceSummaryResponseDto {
  @ApiProperty({
    type: [BillLineResponseDto],
    description:
      'Usage by plan, version and prefix, then credits for calls of invoiced periods voided ' +
      'since; lines as a bill has them, amounts with the invoice’s decimals.',
  })
  readonly lines: BillLineResponseDto[];

  constructor(invoice: IssuedInvoice) {
    super(invoice);
    this.lines = invoice.lines.map(
      (line) =>
        new BillLineResponseDto(billLineOf(line, invoice.amountDecimals)),
    );
  }
}

/** An invoice's line in the form of a bill's, which the API writes the same. */
function billLineOf(line: InvoiceLine, amountDecimals: number): BillLine {
  if (line.kind === 'credit') {
    return {
      ...line,
      invoiceNumber: formatInvoiceNumber(line.invoiceNumber),
      amountDecimals,
    };
  }
  return {
    ...line,
    callCount: BigInt(line.callCount),
    totalDuration: BigInt(line.totalDuration),
    blockCount: BigInt(line.blockCount),
    billedSeconds: BigInt(line.billedSeconds),
    amountDecimals,
  };
}
