import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ApiNextCursor } from '../../../platform/http/page.response.js';
import type { VersionWithRates } from '../../services/tariff-queries.service.js';
import { RateDto } from './rate.dto.js';
import { VersionSummaryResponseDto } from './version.response.dto.js';

/** A version and one page of its rates, by prefix. */
@ApiSchema({ name: 'PlanVersionRates' })
export class VersionRatesResponseDto extends VersionSummaryResponseDto {
  @ApiProperty({ type: [RateDto], description: 'Rates by prefix.' })
  readonly data: RateDto[];

  @ApiNextCursor()
  readonly next_cursor: string | null;

  constructor({ version, rates }: VersionWithRates) {
    super(version);
    this.data = rates.items.map((rate) => new RateDto(rate));
    this.next_cursor = rates.nextCursor;
  }
}
