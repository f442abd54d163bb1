import { ApiSchema } from '@nestjs/swagger';
import { PageResponse } from '../../../platform/http/page.response.js';
import { InvoiceSummaryResponseDto } from './invoice.response.dto.js';

@ApiSchema({ name: 'InvoicePage' })
export class InvoicesPageResponseDto extends PageResponse(
  InvoiceSummaryResponseDto,
  'The invoices of this page, newest first, without their lines (ask for one by number).',
) {}
