import { ApiSchema, ApiProperty } from '@nestjs/swagger';
import { ApiInteger, ApiText } from '../../../platform/http/api-fields.js';
import { decimalsOf, formatMicros } from '../../../rating/domain/decimal.js';
import type { Bill } from '../../services/billing.service.js';
import type { BillLine } from '../../domain/bill.js';
import { BillLineResponseDto } from './bill-line.response.dto.js';
import { safeInteger } from '../../../platform/numbers/safe-integer.js';

/** What a user owes, in the API's snake_case form. */
@ApiSchema({ name: 'Bill' })
export class BillingResponseDto {
  @ApiText('alice')
  readonly user_name: string;

  @ApiProperty({
    description: 'The billing period (YYYY-MM), or null for all calls.',
    example: '2026-11',
    type: 'string',
    nullable: true,
  })
  readonly period: string | null;

  @ApiProperty({
    description:
      'With a period: open, or closed (invoiced, final). Null without one.',
    enum: ['open', 'closed'],
    example: 'open',
    nullable: true,
  })
  readonly status: 'open' | 'closed' | null;

  @ApiProperty({
    description:
      'Once the period is closed, the invoice whose figures the bill shows.',
    example: null,
    type: 'string',
    nullable: true,
  })
  readonly invoice_number: string | null;

  @ApiInteger(2, 'Number of calls billed.')
  readonly call_count: number;

  @ApiInteger(575_001, 'Sum of the calls’ durations in milliseconds.')
  readonly total_duration: number;

  @ApiInteger(
    21,
    'Blocks billed: each call rounded up to whole blocks on its own.',
  )
  readonly block_count: number;

  @ApiInteger(630, 'Seconds billed: each call rounded up to its rate’s blocks.')
  readonly billed_seconds: number;

  @ApiProperty({
    description:
      'The block of the rate a call without destination would get now, when that rate bills in equal blocks; else null.',
    example: 30,
    type: 'integer',
    nullable: true,
  })
  readonly block_seconds: number | null;

  @ApiProperty({
    description:
      'The price of that block, a decimal string; null with block_seconds.',
    example: '0.05',
    type: 'string',
    nullable: true,
  })
  readonly price_per_block: string | null;

  @ApiText(
    '1.05',
    'The exact sum of the calls’ amounts (and credits), with the largest amount_decimals among the lines.',
  )
  readonly amount: string;

  @ApiText('USD', 'ISO 4217 currency of the amount.')
  readonly currency: string;

  @ApiProperty({
    description:
      'One usage line per rate (by plan, version, prefix), then credit lines.',
    type: [BillLineResponseDto],
  })
  readonly lines: BillLineResponseDto[];

  constructor(bill: Bill) {
    this.user_name = bill.userName;
    this.period = bill.period;
    this.status = bill.status;
    this.invoice_number = bill.invoiceNumber;
    this.call_count = safeInteger(bill.callCount);
    this.total_duration = safeInteger(bill.totalDuration);
    this.block_count = safeInteger(bill.blockCount);
    this.billed_seconds = safeInteger(bill.billedSeconds);
    this.block_seconds = bill.blockSeconds;
    this.price_per_block =
      bill.pricePerBlockMicros === null
        ? null
        : formatMicros(
            bill.pricePerBlockMicros,
            Math.max(bill.priceDecimals, decimalsOf(bill.pricePerBlockMicros)),
          );
    this.amount = formatMicros(bill.amountMicros, bill.amountDecimals);
    this.currency = bill.currency;
    this.lines = lineDtosOf(bill.lines);
  }
}

/**
 * Bills answered by one read share their lines (the service sums a question once per read):
 * their DTOs are made once too, and are never changed after.
 */
const LINE_DTOS = new WeakMap<readonly BillLine[], BillLineResponseDto[]>();

function lineDtosOf(lines: readonly BillLine[]): BillLineResponseDto[] {
  let dtos = LINE_DTOS.get(lines);
  if (dtos === undefined) {
    dtos = lines.map((line) => new BillLineResponseDto(line));
    LINE_DTOS.set(lines, dtos);
  }
  return dtos;
}
