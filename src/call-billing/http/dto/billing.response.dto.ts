import { ApiSchema, ApiProperty } from '@nestjs/swagger';
import type { Bill } from '../../services/billing.service.js';

/** What a user owes, in the API's snake_case form. */
@ApiSchema({ name: 'Bill' })
export class BillingResponseDto {
  @ApiProperty({ example: 'alice' })
  readonly user_name: string;

  @ApiProperty({
    description: 'The UTC month billed (YYYY-MM), or null for all calls.',
    example: '2026-11',
    type: 'string',
    nullable: true,
  })
  readonly period: string | null;

  @ApiProperty({
    description: 'Number of calls billed.',
    example: 2,
    type: 'integer',
  })
  readonly call_count: number;

  @ApiProperty({
    description: 'Sum of the calls’ durations in milliseconds.',
    example: 575_001,
    type: 'integer',
  })
  readonly total_duration: number;

  @ApiProperty({
    description:
      'Blocks billed: each call rounded up to whole blocks on its own.',
    example: 21,
    type: 'integer',
  })
  readonly block_count: number;

  @ApiProperty({
    description: 'Length of one block in seconds.',
    example: 30,
    type: 'integer',
  })
  readonly block_seconds: number;

  @ApiProperty({
    description: 'Price of one block, a decimal string.',
    example: '0.05',
  })
  readonly price_per_block: string;

  @ApiProperty({
    description:
      'block_count × price_per_block, exact, with the price’s decimals.',
    example: '1.05',
  })
  readonly amount: string;

  @ApiProperty({
    description: 'ISO 4217 currency of the amount.',
    example: 'USD',
  })
  readonly currency: string;

  constructor(bill: Bill) {
    this.user_name = bill.userName;
    this.period = bill.period;
    this.call_count = bill.callCount;
    this.total_duration = bill.totalDuration;
    this.block_count = bill.blockCount;
    this.block_seconds = bill.blockSeconds;
    this.price_per_block = bill.pricePerBlock;
    this.amount = bill.amount;
    this.currency = bill.currency;
  }
}
