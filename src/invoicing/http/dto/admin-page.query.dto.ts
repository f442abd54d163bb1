import {
  IsPageCursor,
  IsPageLimit,
} from '../../../platform/validation/page-query.js';
import { invoiceUserCursor, periodCursor } from '../../domain/admin-cursors.js';

export class PeriodsQueryDto {
  @IsPageLimit('Periods per page.')
  readonly limit?: number;

  @IsPageCursor((cursor) => periodCursor.decode(cursor), 'MjAyNi0xMA')
  readonly cursor?: string;
}

export class PeriodInvoicesQueryDto {
  @IsPageLimit('Invoices per page (JSON only).')
  readonly limit?: number;

  @IsPageCursor(
    (cursor) => invoiceUserCursor.decode(cursor),
    'Qm9i',
    'The next_cursor of the previous page; omit it for the first. Ignored for text/csv, which is the whole period.',
  )
  readonly cursor?: string;
}
