import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, ValidateBy } from 'class-validator';

/** A string that matches `pattern`; anything else fails with `rule`. */
export function IsStringMatching(
  pattern: RegExp,
  rule: string,
): PropertyDecorator {
  return applyDecorators(
    IsString({ message: rule }),
    Matches(pattern, { message: rule }),
  );
}

/** A string that `accepts` (the check called `name`); anything else fails with `rule`. */
export function IsStringThat(
  name: string,
  accepts: (value: string) => boolean,
  rule: string,
): PropertyDecorator {
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => typeof value === 'string' && accepts(value),
      defaultMessage: () => rule,
    },
  });
}

export interface PatternedDocs {
  readonly description: string;
  readonly example: string;
  /** Documented with a `minLength` of 1. */
  readonly maxLength: number;
}

/**
 * A string field that matches `pattern` (else it fails with `rule`), documented with the
 * pattern and its length; `optional`: it may be absent.
 */
export function IsPatterned(
  pattern: RegExp,
  rule: string,
  { description, example, maxLength }: PatternedDocs,
  optional = false,
): PropertyDecorator {
  const docs = {
    description,
    example,
    pattern: pattern.source,
    minLength: 1,
    maxLength,
  };
  return applyDecorators(
    ...(optional
      ? [ApiPropertyOptional(docs), IsOptional()]
      : [ApiProperty(docs)]),
    IsStringMatching(pattern, rule),
  );
}
