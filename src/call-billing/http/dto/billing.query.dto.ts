import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { hasExactKeys } from '../../../platform/validation/plainly-valid.js';
import { PERIOD_PATTERN } from '../../../rating/domain/billing-calendar.js';

export class BillingQueryDto {
  @ApiPropertyOptional({
    description:
      'Only the calls billed in this period (the month of their started_at in BILLING_TIMEZONE, or the open period a late call was booked in). Without it: all calls.',
    example: '2026-11',
    pattern: PERIOD_PATTERN.source,
  })
  @IsOptional()
  @Matches(PERIOD_PATTERN, {
    message: 'period must be a month as YYYY-MM, like 2026-11',
  })
  readonly period?: string;

  /** No query, or a valid `period`, as it is; anything else goes to the validator. */
  static accept(value: unknown): BillingQueryDto | undefined {
    if (!hasExactKeys(value, [], ['period'])) return undefined;
    const { period } = value;
    if (
      period !== undefined &&
      (typeof period !== 'string' || !PERIOD_PATTERN.test(period))
    ) {
      return undefined;
    }
    return Object.assign(new BillingQueryDto(), { period });
  }
}
