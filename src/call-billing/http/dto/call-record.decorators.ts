import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  IsPatterned,
  IsStringMatching,
  IsStringThat,
} from '../../../platform/validation/string-fields.js';
import {
  CALL_DURATION_RULE,
  DESTINATION_PATTERN,
  DESTINATION_RULE,
  parseStartedAt,
  STARTED_AT_RULE,
  IDEMPOTENCY_KEY_PATTERN,
  IDEMPOTENCY_KEY_RULE,
  MAX_CALL_DURATION,
  USER_NAME_PATTERN,
  USER_NAME_RULE,
} from '../../domain/call-record.rules.js';

/** Validation and documentation of a call's fields, the same wherever a DTO carries them. */
export function IsUserName(): PropertyDecorator {
  return IsPatterned(USER_NAME_PATTERN, USER_NAME_RULE, {
    description:
      'The user the call belongs to; compared exactly (`Alice` and `alice` are two users).',
    example: 'alice',
    maxLength: 32,
  });
}

export function IsCallDuration(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      description:
        'Length of the call in whole milliseconds (a JSON number, not a string).',
      example: 545_000,
      type: 'integer',
      minimum: 0,
      maximum: MAX_CALL_DURATION,
    }),
    IsInt({ message: CALL_DURATION_RULE }),
    Min(0, { message: CALL_DURATION_RULE }),
    Max(MAX_CALL_DURATION, { message: CALL_DURATION_RULE }),
  );
}

export function IsOptionalIdempotencyKey(): PropertyDecorator {
  return IsPatterned(
    IDEMPOTENCY_KEY_PATTERN,
    IDEMPOTENCY_KEY_RULE,
    {
      description:
        'Makes the item safe to send again: a key already recorded for this user is a duplicate.',
      example: 'switch-7:call-0001',
      maxLength: 64,
    },
    true,
  );
}

export function IsOptionalStartedAt(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description:
        'When the call started (ISO 8601 with Z or an offset, at most 3 fraction digits); its month is the billing period. Default: the moment the service records it.',
      example: '2026-11-24T10:06:25.123Z',
      type: 'string',
      format: 'date-time',
    }),
    IsOptional(),
    IsStringThat(
      'isStartedAt',
      (value) => parseStartedAt(value) !== undefined,
      STARTED_AT_RULE,
    ),
  );
}

export function IsOptionalDestination(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description:
        'The number called (E.164, with or without +); selects the rate by longest prefix. null is the same as absent.',
      example: '+4930123456',
      type: 'string',
      nullable: true,
      pattern: DESTINATION_PATTERN.source,
    }),
    IsOptional(),
    IsStringMatching(DESTINATION_PATTERN, DESTINATION_RULE),
  );
}
