import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ApiText } from '../../../platform/http/api-fields.js';
import type { CorrectionResult } from '../../../call-billing/services/rerate.service.js';
import type { StoredVersion } from '../../persistence/tariff-catalog.repository.js';
import { exactDecimal } from './money.js';

type VersionFields = Omit<StoredVersion, 'revision' | 'rateSet'>;

/** A version of a plan, without its rates. */
@ApiSchema({ name: 'PlanVersion' })
export class VersionResponseDto {
  @ApiText('2026-12-01T00:00:00.000Z')
  readonly effective_from: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 6, example: 4 })
  readonly amount_decimals: number;

  @ApiProperty({ enum: ['half_up', 'up', 'down'], example: 'half_up' })
  readonly rounding: string;

  @ApiProperty({ type: 'integer', example: 2 })
  readonly rate_count: number;

  constructor(version: VersionFields) {
    this.effective_from = version.effectiveFrom.toISOString();
    this.amount_decimals = version.amountDecimals;
    this.rounding = version.rounding;
    this.rate_count = version.rateCount;
  }
}

/** What an upload answers: the version, and for a correction what re-rating did. */
@ApiSchema({ name: 'PlanVersionSummary' })
export class VersionSummaryResponseDto extends VersionResponseDto {
  @ApiText('default')
  readonly plan: string;

  @ApiPropertyOptional({
    type: 'integer',
    example: 12,
    description:
      'backdate=true only: how many recorded calls were (or, dry run, would be) re-rated.',
  })
  readonly rerated_calls?: number;

  @ApiPropertyOptional({
    example: '-0.0420',
    description:
      'backdate=true only: how every bill together changed (a decimal string, exact).',
  })
  readonly delta?: string;

  constructor(version: VersionFields, correction?: CorrectionResult) {
    super(version);
    this.plan = version.plan;
    if (correction !== undefined) {
      this.rerated_calls = correction.reratedCalls;
      this.delta = exactDecimal(correction.deltaMicros, version.amountDecimals);
    }
  }
}
