import { ApiSchema, ApiProperty } from '@nestjs/swagger';
import { formatMicros } from '../../../rating/domain/decimal.js';
import type { Call } from '../../persistence/call.entity.js';

/** The rate that priced a call. */
@ApiSchema({ name: 'CallRate' })
export class CallRateDto {
  @ApiProperty({ example: 'default' })
  readonly plan: string;

  @ApiProperty({
    description: 'The version’s effective_from.',
    example: '1970-01-01T00:00:00.000Z',
  })
  readonly version: string;

  @ApiProperty({
    description: 'The matched prefix; "" for the catch-all rate.',
    example: '',
  })
  readonly prefix: string;

  constructor(call: Call) {
    this.plan = call.ratePlan;
    this.version = call.rateVersion.toISOString();
    this.prefix = call.ratePrefix;
  }
}

/** A recorded call as the API shows it: snake_case, a string id, ISO 8601 UTC times. */
@ApiSchema({ name: 'Call' })
export class CallResponseDto {
  @ApiProperty({
    description: 'Id of the call, a string of digits (bigint-safe).',
    example: '1',
  })
  readonly id: string;

  @ApiProperty({
    description: 'The user the call belongs to.',
    example: 'alice',
  })
  readonly user_name: string;

  @ApiProperty({
    description: 'Length of the call in milliseconds.',
    example: 545_000,
    type: 'integer',
  })
  readonly call_duration: number;

  @ApiProperty({
    description: 'When the call was recorded (UTC).',
    example: '2026-11-24T10:15:30.123Z',
  })
  readonly created_at: string;

  @ApiProperty({
    description: 'When the record last changed (UTC).',
    example: '2026-11-24T10:15:30.123Z',
  })
  readonly updated_at: string;

  @ApiProperty({
    description:
      'When the call started (UTC); its billing period comes from it.',
    example: '2026-11-24T10:15:30.123Z',
  })
  readonly started_at: string;

  @ApiProperty({
    description: 'The number called, digits only; null when none was given.',
    example: null,
    type: 'string',
    nullable: true,
  })
  readonly destination: string | null;

  @ApiProperty({
    description: 'The billing period the call is booked in.',
    example: '2026-11',
  })
  readonly billing_period: string;

  @ApiProperty({
    description:
      'True when its own period was closed and it was booked into the open one.',
    example: false,
  })
  readonly late: boolean;

  @ApiProperty({ example: 19, type: 'integer' })
  readonly block_count: number;

  @ApiProperty({ example: 570, type: 'integer' })
  readonly billed_seconds: number;

  @ApiProperty({
    description: 'What the call costs, a decimal string.',
    example: '0.95',
  })
  readonly amount: string;

  @ApiProperty({ type: CallRateDto })
  readonly rate: CallRateDto;

  constructor(call: Call) {
    this.id = String(call.id);
    this.user_name = call.userName;
    this.call_duration = call.callDuration;
    this.created_at = call.createdAt.toISOString();
    this.updated_at = call.updatedAt.toISOString();
    this.started_at = call.startedAt.toISOString();
    this.destination = call.destination;
    this.billing_period = call.billingPeriod;
    this.late = call.late;
    this.block_count = call.blockCount;
    this.billed_seconds = call.billedSeconds;
    this.amount = formatMicros(call.amountMicros, call.amountDecimals);
    this.rate = new CallRateDto(call);
  }
}
