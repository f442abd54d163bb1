import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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

/** Every list of the API pages alike (SPEC §3.3, §7): `limit` 1–1,000, default 100, and `cursor`. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
const LIMIT_RULE = `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`;

/** `limit`: items per page, written as a plain run of digits. */
export function IsPageLimit(
  description = 'Items per page.',
): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description,
      type: 'integer',
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      default: DEFAULT_PAGE_SIZE,
      example: DEFAULT_PAGE_SIZE,
    }),
    IsOptional(),
    // Only a plain run of digits becomes a number: "1e2", " 5" or "2.5" stay strings and fail.
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^\d{1,7}$/.test(value)
        ? Number(value)
        : value,
    ),
    IsInt({ message: LIMIT_RULE }),
    Min(1, { message: LIMIT_RULE }),
    Max(MAX_PAGE_SIZE, { message: LIMIT_RULE }),
  );
}

/** What a cursor decodes to; undefined for anything the endpoint did not issue. */
type CursorDecoder = (cursor: string) => unknown;

@ValidatorConstraint({ name: 'isPageCursor' })
class IsPageCursorConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, { constraints }: ValidationArguments): boolean {
    const [decode] = constraints as [CursorDecoder];
    return typeof value === 'string' && decode(value) !== undefined;
  }

  defaultMessage(): string {
    return 'cursor must be a next_cursor value returned by this endpoint';
  }
}

/** `cursor`: the `next_cursor` of the previous page, as `decode` accepts it. */
export function IsPageCursor(
  decode: CursorDecoder,
  example: string,
  description = 'The next_cursor of the previous page; omit it for the first page.',
): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description, example }),
    IsOptional(),
    Validate(IsPageCursorConstraint, [decode]),
  );
}

/** A page's `next_cursor` in the OpenAPI document. */
export function ApiNextCursor(): PropertyDecorator {
  return ApiProperty({
    description: 'Pass as `cursor` for the next page; null on the last page.',
    type: 'string',
    nullable: true,
    example: null,
  });
}
