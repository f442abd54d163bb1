import {
  IsPageCursor,
  IsPageLimit,
} from '../../../platform/validation/page-query.decorators.js';
import { decodeCursor } from '../../domain/call-cursor.js';
import { BillingQueryDto } from './billing.query.dto.js';

export { DEFAULT_PAGE_SIZE } from '../../../platform/validation/page-query.decorators.js';

export class CallsQueryDto extends BillingQueryDto {
  @IsPageLimit('Calls')
  readonly limit?: number;

  @IsPageCursor(decodeCursor, 'MTc5NTUxMzMzMDEyMy40Mg')
  readonly cursor?: string;
}
