import { ApiSchema, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsObject,
  ValidateNested,
} from 'class-validator';
import { hasExactKeys } from '../../../platform/validation/plainly-valid.js';
import {
  IDEMPOTENCY_KEY_PATTERN,
  isCallDuration,
  USER_NAME_PATTERN,
} from '../../domain/call-record.rules.js';
import {
  IsCallDuration,
  IsOptionalDestination,
  IsOptionalIdempotencyKey,
  IsOptionalStartedAt,
  IsUserName,
} from './call-record.decorators.js';
import { plainlyValidTiming } from './call-timing.js';

export const MAX_BATCH_SIZE = 1000;

@ApiSchema({ name: 'CallBatchItem' })
export class BatchCallItemDto {
  @IsUserName()
  readonly user_name!: string;

  @IsCallDuration()
  readonly call_duration!: number;

  @IsOptionalIdempotencyKey()
  readonly idempotency_key?: string;

  @IsOptionalStartedAt()
  readonly started_at?: string;

  @IsOptionalDestination()
  readonly destination?: string | null;

  /** An item with valid fields, as it is; anything else goes to the validator. */
  static accept(value: unknown): BatchCallItemDto | undefined {
    if (
      !hasExactKeys(
        value,
        ['user_name', 'call_duration'],
        ['idempotency_key', 'started_at', 'destination'],
      )
    )
      return undefined;
    const { user_name, call_duration, idempotency_key } = value;
    if (
      typeof user_name !== 'string' ||
      !USER_NAME_PATTERN.test(user_name) ||
      typeof call_duration !== 'number' ||
      !isCallDuration(call_duration) ||
      // null is absent, as @IsOptional has it.
      (idempotency_key !== undefined &&
        idempotency_key !== null &&
        (typeof idempotency_key !== 'string' ||
          !IDEMPOTENCY_KEY_PATTERN.test(idempotency_key))) ||
      !plainlyValidTiming(value)
    ) {
      return undefined;
    }
    return Object.assign(new BatchCallItemDto(), value);
  }
}

@ApiSchema({ name: 'CallBatch' })
export class BatchCallsRequestDto {
  @ApiProperty({
    description: `1 to ${MAX_BATCH_SIZE} calls, of any users, stored in one transaction.`,
    type: [BatchCallItemDto],
    minItems: 1,
    maxItems: MAX_BATCH_SIZE,
  })
  @IsArray({ message: 'calls must be an array of call records' })
  @ArrayMinSize(1, { message: `calls must hold 1 to ${MAX_BATCH_SIZE} items` })
  @ArrayMaxSize(MAX_BATCH_SIZE, {
    message: `calls must hold 1 to ${MAX_BATCH_SIZE} items`,
  })
  @IsObject({ each: true, message: 'each item of calls must be a JSON object' })
  @ValidateNested({ each: true })
  @Type(() => BatchCallItemDto)
  readonly calls!: BatchCallItemDto[];

  /**
   * 1 to 1,000 valid items, as they are: validating a full batch with class-validator held the
   * event loop for about 40 ms. Anything else goes to the validator, which names every fault.
   */
  static accept(value: unknown): BatchCallsRequestDto | undefined {
    if (!hasExactKeys(value, ['calls'])) return undefined;
    const { calls } = value;
    if (
      !Array.isArray(calls) ||
      calls.length < 1 ||
      calls.length > MAX_BATCH_SIZE
    ) {
      return undefined;
    }
    const items: BatchCallItemDto[] = [];
    for (const call of calls) {
      const item = BatchCallItemDto.accept(call);
      if (item === undefined) return undefined;
      items.push(item);
    }
    return Object.assign(new BatchCallsRequestDto(), { calls: items });
  }
}
