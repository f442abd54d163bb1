import {
  IsPageCursor,
  IsPageLimit,
  IsQueryFlag,
} from '../../../platform/validation/page-query.decorators.js';
import { decodeCursor } from '../../domain/call-cursor.js';
import { BillingQueryDto } from './billing.query.dto.js';

export class CallsQueryDto extends BillingQueryDto {
  @IsPageLimit('Calls')
  readonly limit?: number;

  @IsPageCursor(decodeCursor, 'MTc5NTUxMzMzMDEyMy40Mg')
  readonly cursor?: string;

  @IsQueryFlag('include_voided', 'Whether voided calls are listed too.')
  readonly include_voided?: 'true' | 'false';
}
