import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
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

  @ApiPropertyOptional({
    description: 'Whether voided calls are listed too.',
    enum: ['true', 'false'],
    default: 'false',
  })
  @IsOptional()
  @IsIn(['true', 'false'], {
    message: 'include_voided must be true or false',
  })
  readonly include_voided?: 'true' | 'false';
}
