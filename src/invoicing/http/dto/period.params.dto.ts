import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** `YYYY-MM`, from 0001-01 (the calendar has no year 0). */
export const PERIOD_PARAM_PATTERN = /^(?!0000)\d{4}-(0[1-9]|1[0-2])$/;

export class PeriodParamsDto {
  @ApiProperty({
    description: 'A billing period: a month in BILLING_TIMEZONE, as YYYY-MM.',
    example: '2026-11',
    pattern: PERIOD_PARAM_PATTERN.source,
  })
  @Matches(PERIOD_PARAM_PATTERN, {
    message: 'period must be a month as YYYY-MM, like 2026-11',
  })
  readonly period!: string;
}
