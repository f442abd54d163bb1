import { ApiSchema } from '@nestjs/swagger';
import { PageResponse } from '../../../platform/http/page.response.js';
import { InvoiceSummaryResponseDto } from './invoice.response.dto.js';

@ApiSchema({ name: 'PeriodInvoicePage' })
export class PeriodInvoicesPageResponseDto extends PageResponse(
  InvoiceSummaryResponseDto,
  'Invoices in number order.',
) {}
