import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ApiNextCursor } from '../../../platform/validation/page-query.decorators.js';
import type { InvoicePage } from '../../services/invoice-query.service.js';
import { InvoiceSummaryResponseDto } from './invoice.response.dto.js';

@ApiSchema({ name: 'InvoicePage' })
export class InvoicesPageResponseDto {
  @ApiProperty({
    type: [InvoiceSummaryResponseDto],
    description:
      'The invoices of this page, newest first, without their lines (ask for one by number).',
  })
  readonly data: InvoiceSummaryResponseDto[];

  @ApiNextCursor()
  readonly next_cursor: string | null;

  constructor(page: InvoicePage) {
    this.data = page.items.map(
      (invoice) => new InvoiceSummaryResponseDto(invoice),
    );
    this.next_cursor = page.nextCursor;
  }
}
