import { IsInstant, IsPlanName } from './tariff.decorators.js';

export class PlanVersionParamsDto {
  @IsPlanName()
  readonly plan!: string;

  @IsInstant(
    'effective_from',
    'When the version takes effect: ISO 8601 with Z or an offset, at most 3 fractional digits (percent-encode a +).',
  )
  readonly effective_from!: string;
}
