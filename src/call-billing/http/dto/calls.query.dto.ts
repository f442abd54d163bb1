import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
  Validate,
  type ValidatorConstraintInterface,
  ValidatorConstraint,
} from 'class-validator';
import { decodeCursor } from '../../domain/call-cursor.js';
import { BillingQueryDto } from './billing.query.dto.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
const LIMIT_RULE = `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`;

@ValidatorConstraint({ name: 'isCallCursor' })
class IsCallCursor implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && decodeCursor(value) !== undefined;
  }

  defaultMessage(): string {
    return 'cursor must be a next_cursor value returned by this endpoint';
  }
}

export class CallsQueryDto extends BillingQueryDto {
  @ApiPropertyOptional({
    description: 'Calls per page.',
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    example: 100,
  })
  @IsOptional()
  // Only a plain run of digits becomes a number: "1e2", " 5" or "2.5" stay strings and fail.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,7}$/.test(value)
      ? Number(value)
      : value,
  )
  @IsInt({ message: LIMIT_RULE })
  @Min(1, { message: LIMIT_RULE })
  @Max(MAX_PAGE_SIZE, { message: LIMIT_RULE })
  readonly limit?: number;

  @ApiPropertyOptional({
    description:
      'The next_cursor of the previous page; omit it for the first page.',
    example: 'MTc5NTUxMzMzMDEyMy40Mg',
  })
  @IsOptional()
  @Validate(IsCallCursor)
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
