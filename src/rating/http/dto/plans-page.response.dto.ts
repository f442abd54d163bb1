import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ApiText } from '../../../platform/http/api-fields.js';
import { PageResponse } from '../../../platform/http/page.response.js';
import type { PlanWithVersions } from '../../services/tariff-queries.service.js';
import { VersionResponseDto } from './version.response.dto.js';

@ApiSchema({ name: 'Plan' })
export class PlanResponseDto {
  @ApiText('default')
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
export class PlansPageResponseDto extends PageResponse(
  PlanResponseDto,
  'Plans by name.',
) {}
