import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import {
  IsPageCursor,
  IsPageLimit,
} from '../../../platform/validation/page-query.decorators.js';
import { decodePrefixCursor } from '../../domain/tariff-cursors.js';

const PREFIX_FILTER_RULE = 'prefix must be 1 to 15 digits';

export class VersionRatesQueryDto {
  @ApiPropertyOptional({
    description:
      'Only the rates whose prefix starts with these digits (`44` lists 44, 441, 4420, …).',
    example: '44',
    pattern: '^\\d{1,15}$',
  })
  @IsOptional()
  @IsString({ message: PREFIX_FILTER_RULE })
  @Matches(/^\d{1,15}$/, { message: PREFIX_FILTER_RULE })
  readonly prefix?: string;

  @IsPageLimit('Rates')
  readonly limit?: number;

  @IsPageCursor(decodePrefixCursor, 'cHJlZml4OjQ0MjA')
  readonly cursor?: string;
}
