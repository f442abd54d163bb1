import { ApiSchema, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsObject,
  ValidateNested,
} from 'class-validator';
import {
  IsCallDuration,
  IsOptionalIdempotencyKey,
  IsUserName,
} from './call-record.decorators.js';

export const MAX_BATCH_SIZE = 1000;

@ApiSchema({ name: 'CallBatchItem' })
export class BatchCallItemDto {
  @IsUserName()
  readonly user_name!: string;

  @IsCallDuration()
  readonly call_duration!: number;

  @IsOptionalIdempotencyKey()
  readonly idempotency_key?: string;
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
}
