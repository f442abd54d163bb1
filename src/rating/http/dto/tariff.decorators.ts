import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import {
  IsPatterned,
  IsStringThat,
} from '../../../platform/validation/string-fields.js';
import {
  INSTANT_RULE,
  parseInstant,
  PLAN_PATTERN,
  PLAN_RULE,
} from '../../domain/tariff-rules.js';

/** A plan's name, in a path or a body. */
export function IsPlanName(): PropertyDecorator {
  return IsPatterned(PLAN_PATTERN, PLAN_RULE, {
    description: 'The plan: 1–32 lower-case letters, digits, _ or -.',
    example: 'default',
    maxLength: 32,
  });
}

const ISO_EXAMPLE = '2026-12-01T00:00:00.000Z';

function instantValidator(field: string): PropertyDecorator {
  return IsStringThat(
    'isInstant',
    (value) => parseInstant(value) !== undefined,
    `${field} ${INSTANT_RULE}`,
  );
}

/** An instant a version or an assignment takes effect at (ISO 8601, ms at most). */
export function IsInstant(
  field: string,
  description: string,
): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      description,
      example: ISO_EXAMPLE,
      type: 'string',
      format: 'date-time',
    }),
    instantValidator(field),
  );
}

export function IsOptionalInstant(
  field: string,
  description: string,
): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description,
      example: ISO_EXAMPLE,
      type: 'string',
      format: 'date-time',
    }),
    IsOptional(),
    instantValidator(field),
  );
}
