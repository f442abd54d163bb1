import { ApiProperty } from '@nestjs/swagger';

/** A field that a body may leave out (a bill line's usage or credit figures). */
export const OPTIONAL = { required: false } as const;

/** An integer field (a count, a duration in ms or s), documented with `example`. */
export function ApiInteger(
  example: number,
  description?: string,
  options: { readonly required?: boolean } = {},
): PropertyDecorator {
  return ApiProperty({
    ...(description === undefined ? {} : { description }),
    example,
    type: 'integer',
    ...options,
  });
}

/** A string field (a name, an instant, a decimal amount), documented with `example`. */
export function ApiText(
  example: string,
  description?: string,
  options: { readonly required?: boolean } = {},
): PropertyDecorator {
  return ApiProperty({
    ...(description === undefined ? {} : { description }),
    example,
    ...options,
  });
}
