import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ApiText } from '../../../platform/http/api-fields.js';
import type { AppliedRate } from '../../domain/tariff-book.js';
import { RateDto } from './rate.dto.js';

/** The rate a call would get (SPEC §7 "Which rate"), and where it comes from. */
@ApiSchema({ name: 'AppliedRate' })
export class AppliedRateResponseDto extends RateDto {
  @ApiText('default', 'The plan whose version applies.')
  readonly plan: string;

  @ApiText('1970-01-01T00:00:00.000Z', 'That version’s effective_from.')
  readonly version: string;

  @ApiProperty({ type: 'integer', example: 2 })
  readonly amount_decimals: number;

  @ApiProperty({ enum: ['half_up', 'up', 'down'], example: 'half_up' })
  readonly rounding: string;

  @ApiText('USD')
  readonly currency: string;

  constructor(rate: AppliedRate, currency: string) {
    super(rate);
    this.plan = rate.plan;
    this.version = rate.version.toISOString();
    this.amount_decimals = rate.amountDecimals;
    this.rounding = rate.rounding;
    this.currency = currency;
  }
}
