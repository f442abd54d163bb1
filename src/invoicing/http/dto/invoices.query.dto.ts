import {
  IsPageCursor,
  IsPageLimit,
} from '../../../platform/validation/page-query.decorators.js';
import { decodeInvoiceCursor } from '../../domain/invoice-cursor.js';

export class InvoicesQueryDto {
  @IsPageLimit('Invoices')
  readonly limit?: number;

  @IsPageCursor(decodeInvoiceCursor, 'MTIz')
  readonly cursor?: string;
}
