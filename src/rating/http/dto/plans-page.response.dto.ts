import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { KeysetPage } from '../../../platform/database/keyset-page.js';
import { ApiNextCursor } from '../../../platform/validation/page-query.decorators.js';
import type { PlanWithVersions } from '../../services/tariff-queries.service.js';
import { VersionResponseDto } from './version.response.dto.js';

@ApiSchema({ name: 'Plan' })
export class PlanResponseDto {
  @ApiProperty({ example: 'default' })
  readonly plan: string;

  @ApiProperty({
    type: [VersionResponseDto],
    description: 'Its versions, by effective_from.',
  })
  readonly versions: VersionResponseDto[];

  constructor({ plan, versions }: PlanWithVersions) {
    this.plan = plan;
    this.versions = versions.map((version) => new VersionResponseDto(version));
  }
}

@ApiSchema({ name: 'PlanPage' })
export class PlansPageResponseDto {
  @ApiProperty({ type: [PlanResponseDto], description: 'Plans by name.' })
  readonly data: PlanResponseDto[];

  @ApiNextCursor()
  readonly next_cursor: string | null;

  constructor(page: KeysetPage<PlanWithVersions>) {
    this.data = page.items.map((plan) => new PlanResponseDto(plan));
    this.next_cursor = page.nextCursor;
  }
}
