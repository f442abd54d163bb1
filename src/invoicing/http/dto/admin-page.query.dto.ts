import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import {
  invoiceUserCursor,
  periodCursor,
  type TextCursor,
} from '../../domain/admin-cursors.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
const LIMIT_RULE = `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`;

@ValidatorConstraint({ name: 'isPageCursor' })
class IsPageCursor implements ValidatorConstraintInterface {
  validate(value: unknown, { constraints }: ValidationArguments): boolean {
    const [cursor] = constraints as [TextCursor];
    return typeof value === 'string' && cursor.decode(value) !== undefined;
  }

  defaultMessage(): string {
    return 'cursor must be a next_cursor value returned by this endpoint';
  }
}

/** `limit` and `cursor`, as every admin list takes them (SPEC §7). */
abstract class AdminPageQueryDto {
  @ApiPropertyOptional({
    description: 'Items per page.',
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
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

  abstract readonly cursor?: string;
}

export class PeriodsQueryDto extends AdminPageQueryDto {
  @ApiPropertyOptional({
    description: 'The next_cursor of the previous page; omit it for the first.',
    example: 'MjAyNi0xMA',
  })
  @IsOptional()
  @Validate(IsPageCursor, [periodCursor])
  readonly cursor?: string;
}

export class PeriodInvoicesQueryDto extends AdminPageQueryDto {
  @ApiPropertyOptional({
    description:
      'The next_cursor of the previous page; omit it for the first. Ignored for text/csv, which is the whole period.',
    example: 'Qm9i',
  })
  @IsOptional()
  @Validate(IsPageCursor, [invoiceUserCursor])
  readonly cursor?: string;
}
