import { ApiSchema, ApiProperty } from '@nestjs/swagger';
import type { Call } from '../../persistence/call.entity.js';

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

  constructor(call: Call) {
    this.id = String(call.id);
    this.user_name = call.userName;
    this.call_duration = call.callDuration;
    this.created_at = call.createdAt.toISOString();
    this.updated_at = call.updatedAt.toISOString();
  }
}
