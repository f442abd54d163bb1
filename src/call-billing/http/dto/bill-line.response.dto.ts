import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { formatMicros } from '../../../rating/domain/decimal.js';
import type { BillLine } from '../../domain/bill.js';
import { safeInteger } from './safe-integer.js';

/** One line of a bill or invoice: a rate's usage, or a credit for a voided call. */
@ApiSchema({ name: 'BillLine' })
export class BillLineResponseDto {
  @ApiProperty({ enum: ['usage', 'credit'], example: 'usage' })
  readonly kind: 'usage' | 'credit';

  @ApiProperty({
    description: 'usage: the plan of the rate.',
    example: 'default',
    required: false,
  })
  readonly plan?: string;

  @ApiProperty({
    description: 'usage: the version (its effective_from) of the rate.',
    example: '1970-01-01T00:00:00.000Z',
    required: false,
  })
  readonly version?: string;

  @ApiProperty({
    description: 'usage: the prefix of the rate ("" for the catch-all).',
    example: '',
    required: false,
  })
  readonly prefix?: string;

  @ApiProperty({
    description: 'usage: calls billed at this rate.',
    example: 2,
    type: 'integer',
    required: false,
  })
  readonly call_count?: number;

  @ApiProperty({
    description: 'usage: their durations, in milliseconds.',
    example: 575_001,
    type: 'integer',
    required: false,
  })
  readonly total_duration?: number;

  @ApiProperty({
    description: 'usage: blocks billed.',
    example: 21,
    type: 'integer',
    required: false,
  })
  readonly block_count?: number;

  @ApiProperty({
    description: 'usage: seconds billed.',
    example: 630,
    type: 'integer',
    required: false,
  })
  readonly billed_seconds?: number;

  @ApiProperty({
    description: 'credit: the voided call.',
    example: '42',
    required: false,
  })
  readonly call_id?: string;

  @ApiProperty({
    description: 'credit: the invoice that billed the voided call.',
    example: 'INV-000017',
    required: false,
    nullable: true,
    type: 'string',
  })
  readonly invoice_number?: string | null;

  @ApiProperty({
    description: 'credit: why the call was voided.',
    example: 'test call',
    required: false,
  })
  readonly reason?: string;

  @ApiProperty({
    description: 'A decimal string; negative for a credit.',
    example: '1.05',
  })
  readonly amount: string;

  constructor(line: BillLine) {
    this.kind = line.kind;
    if (line.kind === 'usage') {
      this.plan = line.plan;
      this.version = line.version.toISOString();
      this.prefix = line.prefix;
      this.call_count = safeInteger(line.callCount);
      this.total_duration = safeInteger(line.totalDuration);
      this.block_count = safeInteger(line.blockCount);
      this.billed_seconds = safeInteger(line.billedSeconds);
    } else {
      this.call_id = line.callId;
      this.invoice_number = line.invoiceNumber;
      this.reason = line.reason;
    }
    this.amount = formatMicros(line.amountMicros, line.amountDecimals);
  }
}
