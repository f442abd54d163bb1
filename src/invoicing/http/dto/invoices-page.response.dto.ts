import { ApiProperty, ApiSchema } from '@nestjs/swagger';
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

  @ApiProperty({
    description: 'Pass as `cursor` for the next page; null on the last page.',
    type: 'string',
    nullable: true,
    example: 'MTIz',
  })
  readonly next_cursor: string | null;

  constructor(page: InvoicePage) {
    this.data = page.items.map(
      (invoice) => new InvoiceSummaryResponseDto(invoice),
    );
    this.next_cursor = page.nextCursor;
  }
}
