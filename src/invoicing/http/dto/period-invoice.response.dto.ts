import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ApiNextCursor } from '../../../platform/validation/page-query.js';
import { formatMicros } from '../../../rating/domain/decimal.js';
import { formatInvoiceNumber } from '../../domain/invoice-number.js';
import type { IssuedInvoiceSummary } from '../../domain/issued-invoice.js';
import type { InvoicePage } from '../../services/period-query.service.js';

/** An invoice of a period as the admin list shows it: its figures, without its lines. */
@ApiSchema({ name: 'PeriodInvoice' })
export class PeriodInvoiceResponseDto {
  @ApiProperty({ example: 'INV-000042' })
  readonly number: string;

  @ApiProperty({ example: 'alice' })
  readonly user_name: string;

  @ApiProperty({ example: '2026-10' })
  readonly period: string;

  @ApiProperty({ example: '2026-11-02T00:00:04.120Z' })
  readonly issued_at: string;

  @ApiProperty({ example: 'USD' })
  readonly currency: string;

  @ApiProperty({ type: 'integer', example: 2 })
  readonly call_count: number;

  @ApiProperty({ type: 'integer', example: 575001 })
  readonly total_duration: number;

  @ApiProperty({ type: 'integer', example: 21 })
  readonly block_count: number;

  @ApiProperty({ type: 'integer', example: 630 })
  readonly billed_seconds: number;

  @ApiProperty({ description: 'The sum of its lines.', example: '1.05' })
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

@ApiSchema({ name: 'PeriodInvoicePage' })
export class PeriodInvoicesPageResponseDto {
  @ApiProperty({
    type: [PeriodInvoiceResponseDto],
    description: 'Invoices in number order.',
  })
  readonly data: PeriodInvoiceResponseDto[];

  @ApiNextCursor()
  readonly next_cursor: string | null;

  constructor(page: InvoicePage) {
    this.data = page.invoices.map(
      (invoice) => new PeriodInvoiceResponseDto(invoice),
    );
    this.next_cursor = page.nextCursor;
  }
}
