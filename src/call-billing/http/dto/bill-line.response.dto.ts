import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import {
  ApiInteger,
  ApiText,
  OPTIONAL,
} from '../../../platform/http/api-fields.js';
import { formatMicros } from '../../../rating/domain/decimal.js';
import type { BillLine } from '../../domain/bill.js';
import { safeInteger } from '../../../platform/numbers/safe-integer.js';

/** One line of a bill or invoice: a rate's usage, or a credit for a voided call. */
@ApiSchema({ name: 'BillLine' })
export class BillLineResponseDto {
  @ApiProperty({ enum: ['usage', 'credit'], example: 'usage' })
  readonly kind: 'usage' | 'credit';

  @ApiText('default', 'usage: the plan of the rate.', OPTIONAL)
  readonly plan?: string;

  @ApiText(
    '1970-01-01T00:00:00.000Z',
    'usage: the version (its effective_from) of the rate.',
    OPTIONAL,
  )
  readonly version?: string;

  @ApiText(
    '',
    'usage: the prefix of the rate ("" for the catch-all).',
    OPTIONAL,
  )
  readonly prefix?: string;

  @ApiInteger(2, 'usage: calls billed at this rate.', OPTIONAL)
  readonly call_count?: number;

  @ApiInteger(575_001, 'usage: their durations, in milliseconds.', OPTIONAL)
  readonly total_duration?: number;

  @ApiInteger(21, 'usage: blocks billed.', OPTIONAL)
  readonly block_count?: number;

  @ApiInteger(630, 'usage: seconds billed.', OPTIONAL)
  readonly billed_seconds?: number;

  @ApiText('42', 'credit: the voided call.', OPTIONAL)
  readonly call_id?: string;

  @ApiProperty({
    description: 'credit: the invoice that billed the voided call.',
    example: 'INV-000017',
    required: false,
    nullable: true,
    type: 'string',
  })
  readonly invoice_number?: string | null;

  @ApiText('test call', 'credit: why the call was voided.', OPTIONAL)
  readonly reason?: string;

  @ApiText('1.05', 'A decimal string; negative for a credit.')
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
