import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ApiNextCursor } from '../../../platform/validation/page-query.decorators.js';
import type { InvoicePage } from '../../services/period-query.service.js';
import { InvoiceSummaryResponseDto } from './invoice.response.dto.js';

@ApiSchema({ name: 'PeriodInvoicePage' })
export class PeriodInvoicesPageResponseDto {
  @ApiProperty({
    type: [InvoiceSummaryResponseDto],
    description: 'Invoices in number order.',
  })
  readonly data: InvoiceSummaryResponseDto[];

  @ApiNextCursor()
  readonly next_cursor: string | null;

  constructor(page: InvoicePage) {
    this.data = page.invoices.map(
      (invoice) => new InvoiceSummaryResponseDto(invoice),
    );
    this.next_cursor = page.nextCursor;
  }
}
