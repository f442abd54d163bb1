import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsStringThat } from './string-fields.js';

/** Every listing answers pages of this many items unless `limit` says otherwise. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
const LIMIT_RULE = `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`;
const CURSOR_RULE =
  'cursor must be a next_cursor value returned by this endpoint';

/** The `limit` query parameter of a listing: items per page, 1 to 1,000. */
export function IsPageLimit(items: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: `${items} per page.`,
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

/**
 * The `cursor` query parameter of a listing: a `next_cursor` it gave, which `decode` (the
 * listing's own) recognises. `note` adds to its description.
 */
export function IsPageCursor(
  decode: (cursor: string) => unknown,
  example: string,
  note = '',
): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: `The next_cursor of the previous page; omit it for the first page.${note}`,
      example,
    }),
    IsOptional(),
    IsStringThat(
      'isPageCursor',
      (value) => decode(value) !== undefined,
      CURSOR_RULE,
    ),
  );
}

/** An optional `true` / `false` query flag. */
export function IsQueryFlag(
  name: string,
  description: string,
): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description,
      enum: ['true', 'false'],
      default: 'false',
    }),
    IsOptional(),
    IsIn(['true', 'false'], { message: `${name} must be true or false` }),
  );
}
