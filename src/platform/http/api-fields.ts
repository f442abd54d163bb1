import { ApiProperty } from '@nestjs/swagger';

/** A field that a body may leave out (a bill line's usage or credit figures). */
export const OPTIONAL = { required: false } as const;

interface FieldOptions {
  readonly required?: boolean;
}

/** An integer field (a count, a duration in ms or s), documented with `example`. */
export function ApiInteger(
  example: number,
  description?: string,
  options: FieldOptions = {},
): PropertyDecorator {
  return documented(example, description, { type: 'integer', ...options });
}

/** A string field (a name, an instant, a decimal amount), documented with `example`. */
export function ApiText(
  example: string,
  description?: string,
  options: FieldOptions = {},
): PropertyDecorator {
  return documented(example, description, options);
}

function documented(
  example: number | string,
  description: string | undefined,
  options: object,
): PropertyDecorator {
  return ApiProperty({
    ...(description === undefined ? {} : { description }),
    example,
    ...options,
  });
}
