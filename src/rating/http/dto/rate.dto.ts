import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ApiText } from '../../../platform/http/api-fields.js';
import type { Rate } from '../../domain/rate-table.js';
import { exactDecimal } from './money.js';

const SECONDS = { type: 'integer', maximum: 86_400 } as const;

/** One rate of a version, as uploaded (defaults aside) and as listed. */
@ApiSchema({ name: 'Rate' })
export class RateDto {
  @ApiProperty({
    description:
      'The destination prefix, unique in the version: "" (required: calls without a destination, or matching no longer prefix) or 1–15 digits.',
    example: '4420',
    pattern: '^\\d{0,15}$',
  })
  readonly prefix: string;

  @ApiPropertyOptional({
    ...SECONDS,
    minimum: 1,
    default: 60,
    example: 30,
    description: 'The first block: a charged call is billed at least this.',
  })
  readonly first_block_seconds: number;

  @ApiPropertyOptional({
    ...SECONDS,
    minimum: 1,
    example: 6,
    description: 'Each block after the first. Default: first_block_seconds.',
  })
  readonly increment_seconds: number;

  @ApiText(
    '0.006',
    'Price per price_unit_seconds: a decimal string, ≥ 0, at most 6 decimals (a JSON number is refused).',
  )
  readonly price: string;

  @ApiPropertyOptional({ ...SECONDS, minimum: 1, default: 60, example: 60 })
  readonly price_unit_seconds: number;

  @ApiPropertyOptional({
    description: 'Charged once per charged call: a decimal string.',
    default: '0',
    example: '0.15',
  })
  readonly connect_fee: string;

  @ApiPropertyOptional({
    ...SECONDS,
    minimum: 0,
    default: 0,
    example: 0,
    description: 'A call this long or shorter costs nothing.',
  })
  readonly no_charge_seconds: number;

  constructor(rate: Rate) {
    this.prefix = rate.prefix;
    this.first_block_seconds = rate.firstBlockSeconds;
    this.increment_seconds = rate.incrementSeconds;
    this.price = exactDecimal(rate.priceMicros);
    this.price_unit_seconds = rate.priceUnitSeconds;
    this.connect_fee = exactDecimal(rate.connectFeeMicros);
    this.no_charge_seconds = rate.noChargeSeconds;
  }
}
