import {
  IsPageCursor,
  IsPageLimit,
} from '../../../platform/validation/page-query.decorators.js';
import { invoiceUserCursor, periodCursor } from '../../domain/admin-cursors.js';

export { DEFAULT_PAGE_SIZE } from '../../../platform/validation/page-query.decorators.js';

/** `limit` and `cursor` of `GET /admin/periods`, as every list takes them (SPEC §7). */
export class PeriodsQueryDto {
  @IsPageLimit('Periods')
  readonly limit?: number;

  @IsPageCursor((cursor) => periodCursor.decode(cursor), 'MjAyNi0xMA')
  readonly cursor?: string;
}

/** `limit` and `cursor` of `GET /admin/periods/{period}/invoices`. */
export class PeriodInvoicesQueryDto {
  @IsPageLimit('Invoices')
  readonly limit?: number;

  @IsPageCursor(
    (cursor) => invoiceUserCursor.decode(cursor),
    'Qm9i',
    ' Ignored for text/csv, which is the whole period.',
  )
  readonly cursor?: string;
}
