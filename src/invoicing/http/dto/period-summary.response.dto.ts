import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ApiText } from '../../../platform/http/api-fields.js';
import { PageResponse } from '../../../platform/http/page.response.js';
import { formatMicros } from '../../../rating/domain/decimal.js';
import type { PeriodSummary } from '../../domain/period-summary.js';

@ApiSchema({ name: 'PeriodSummary' })
export class PeriodSummaryResponseDto {
  @ApiText('2026-10')
  readonly period: string;

  @ApiProperty({ enum: ['open', 'closed'], example: 'closed' })
  readonly status: 'open' | 'closed';

  @ApiProperty({
    description: 'When the period closed (UTC); null while open.',
    type: 'string',
    nullable: true,
    example: '2026-11-02T00:00:04.120Z',
  })
  readonly closed_at: string | null;

  @ApiProperty({
    description: 'Invoices issued at closing; null while open.',
    type: 'integer',
    nullable: true,
    example: 1520,
  })
  readonly invoice_count: number | null;

  @ApiProperty({
    description:
      'The sum of the invoices, written with the most decimals among them; null while open.',
    type: 'string',
    nullable: true,
    example: '48211.35',
  })
  readonly total: string | null;

  constructor(summary: PeriodSummary) {
    this.period = summary.period;
    this.status = summary.status;
    this.closed_at = summary.closedAt?.toISOString() ?? null;
    this.invoice_count = summary.invoiceCount;
    this.total =
      summary.totalMicros === null
        ? null
        : formatMicros(summary.totalMicros, summary.amountDecimals);
  }
}

@ApiSchema({ name: 'PeriodPage' })
export class PeriodsPageResponseDto extends PageResponse(
  PeriodSummaryResponseDto,
  'Periods that have calls, newest first.',
) {}
