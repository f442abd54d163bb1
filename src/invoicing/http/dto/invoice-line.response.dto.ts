import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { formatMicros } from '../../../rating/domain/decimal.js';
import { formatInvoiceNumber } from '../../domain/invoice-number.js';
import type {
  CreditLine,
  InvoiceLine,
  UsageLine,
} from '../../domain/issued-invoice.js';

/** The calls of one rate in the invoiced period. */
@ApiSchema({ name: 'InvoiceUsageLine' })
export class InvoiceUsageLineResponseDto {
  @ApiProperty({ enum: ['usage'], example: 'usage' })
  readonly kind = 'usage';

  @ApiProperty({
    description: 'The plan that priced the calls.',
    example: 'default',
  })
  readonly plan: string;

  @ApiProperty({
    description: "The plan version's effective_from (UTC).",
    example: '1970-01-01T00:00:00.000Z',
  })
  readonly version: string;

  @ApiProperty({
    description:
      'The destination prefix of the rate; "" for calls without a destination, or to one that no other prefix matches.',
    example: '',
  })
  readonly prefix: string;

  @ApiProperty({ example: 2, type: 'integer' })
  readonly call_count: number;

  @ApiProperty({
    description: 'Sum of the calls’ durations in milliseconds.',
    example: 575_001,
    type: 'integer',
  })
  readonly total_duration: number;

  @ApiProperty({ example: 21, type: 'integer' })
  readonly block_count: number;

  @ApiProperty({ example: 630, type: 'integer' })
  readonly billed_seconds: number;

  @ApiProperty({
    description: "A decimal string with the invoice's amount_decimals.",
    example: '1.05',
  })
  readonly amount: string;

  constructor(line: UsageLine, decimals: number) {
    this.plan = line.plan;
    this.version = line.version.toISOString();
    this.prefix = line.prefix;
    this.call_count = line.callCount;
    this.total_duration = line.totalDuration;
    this.block_count = line.blockCount;
    this.billed_seconds = line.billedSeconds;
    this.amount = formatMicros(line.amountMicros, decimals);
  }
}

/** A call of an earlier, invoiced period voided in this one: its amount given back. */
@ApiSchema({ name: 'InvoiceCreditLine' })
export class InvoiceCreditLineResponseDto {
  @ApiProperty({ enum: ['credit'], example: 'credit' })
  readonly kind = 'credit';

  @ApiProperty({ description: 'Id of the voided call.', example: '17' })
  readonly call_id: string;

  @ApiProperty({
    description: 'The invoice that billed the voided call.',
    example: 'INV-000003',
  })
  readonly invoice_number: string;

  @ApiProperty({
    description: 'Why the call was voided.',
    example: 'Dropped after 2 seconds',
  })
  readonly reason: string;

  @ApiProperty({
    description:
      "The call's amount, negative, with the invoice's amount_decimals.",
    example: '-0.05',
  })
  readonly amount: string;

  constructor(line: CreditLine, decimals: number) {
    this.call_id = line.callId;
    this.invoice_number = formatInvoiceNumber(line.invoiceNumber);
    this.reason = line.reason;
    this.amount = formatMicros(line.amountMicros, decimals);
  }
}

export type InvoiceLineResponseDto =
  InvoiceUsageLineResponseDto | InvoiceCreditLineResponseDto;

export function invoiceLineResponse(
  line: InvoiceLine,
  decimals: number,
): InvoiceLineResponseDto {
  return line.kind === 'usage'
    ? new InvoiceUsageLineResponseDto(line, decimals)
    : new InvoiceCreditLineResponseDto(line, decimals);
}
