import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { InvoicePage } from '../../services/period-query.service.js';
import { InvoiceSummaryResponseDto } from './invoice.response.dto.js';

@ApiSchema({ name: 'PeriodInvoicePage' })
export class PeriodInvoicesPageResponseDto {
  @ApiProperty({
    type: [InvoiceSummaryResponseDto],
    description: 'Invoices in number order.',
  })
  readonly data: InvoiceSummaryResponseDto[];

  @ApiProperty({
    description: 'Pass as `cursor` for the next page; null on the last page.',
    type: 'string',
    nullable: true,
    example: null,
  })
  readonly next_cursor: string | null;

  constructor(page: InvoicePage) {
    this.data = page.invoices.map(
      (invoice) => new InvoiceSummaryResponseDto(invoice),
    );
    this.next_cursor = page.nextCursor;
  }
}
