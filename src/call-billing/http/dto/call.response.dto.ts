import { ApiSchema, ApiProperty } from '@nestjs/swagger';
import { RecentInstantTexts } from '../../../platform/collections/recent-instant-texts.js';
import { ApiInteger, ApiText } from '../../../platform/http/api-fields.js';
import { formatMicros } from '../../../rating/domain/decimal.js';
import type { Call } from '../../persistence/call.entity.js';

/** Calls answered together share their instants: a group's recording instant, its rate version. */
const isoTexts = new RecentInstantTexts((instant) => instant.toISOString());

/** The rate that priced a call. */
@ApiSchema({ name: 'CallRate' })
export class CallRateDto {
  @ApiText('default')
  readonly plan: string;

  @ApiText('1970-01-01T00:00:00.000Z', 'The version’s effective_from.')
  readonly version: string;

  @ApiText('', 'The matched prefix; "" for the catch-all rate.')
  readonly prefix: string;

  constructor(call: Call) {
    this.plan = call.ratePlan;
    this.version = isoTexts.of(call.rateVersion);
    this.prefix = call.ratePrefix;
  }
}

/** A recorded call as the API shows it: snake_case, a string id, ISO 8601 UTC times. */
@ApiSchema({ name: 'Call' })
export class CallResponseDto {
  @ApiText('1', 'Id of the call, a string of digits (bigint-safe).')
  readonly id: string;

  @ApiText('alice', 'The user the call belongs to.')
  readonly user_name: string;

  @ApiInteger(545_000, 'Length of the call in milliseconds.')
  readonly call_duration: number;

  @ApiText('2026-11-24T10:15:30.123Z', 'When the call was recorded (UTC).')
  readonly created_at: string;

  @ApiText('2026-11-24T10:15:30.123Z', 'When the record last changed (UTC).')
  readonly updated_at: string;

  @ApiText(
    '2026-11-24T10:15:30.123Z',
    'When the call started (UTC); its billing period comes from it.',
  )
  readonly started_at: string;

  @ApiProperty({
    description: 'The number called, digits only; null when none was given.',
    example: null,
    type: 'string',
    nullable: true,
  })
  readonly destination: string | null;

  @ApiText('2026-11', 'The billing period the call is booked in.')
  readonly billing_period: string;

  @ApiProperty({
    description:
      'True when its own period was closed and it was booked into the open one.',
    example: false,
  })
  readonly late: boolean;

  @ApiInteger(19)
  readonly block_count: number;

  @ApiInteger(570)
  readonly billed_seconds: number;

  @ApiText('0.95', 'What the call costs, a decimal string.')
  readonly amount: string;

  @ApiProperty({ type: CallRateDto })
  readonly rate: CallRateDto;

  constructor(call: Call) {
    this.id = String(call.id);
    this.user_name = call.userName;
    this.call_duration = call.callDuration;
    this.created_at = isoTexts.of(call.createdAt);
    this.updated_at = isoTexts.of(call.updatedAt);
    this.started_at = isoTexts.of(call.startedAt);
    this.destination = call.destination;
    this.billing_period = call.billingPeriod;
    this.late = call.late;
    this.block_count = call.blockCount;
    this.billed_seconds = call.billedSeconds;
    this.amount = formatMicros(call.amountMicros, call.amountDecimals);
    this.rate = new CallRateDto(call);
  }
}
