import { ApiSchema } from '@nestjs/swagger';
import { IsOptionalInstant, IsPlanName } from './tariff.decorators.js';

@ApiSchema({ name: 'NewPlanAssignment' })
export class AssignPlanRequestDto {
  @IsPlanName()
  readonly plan!: string;

  @IsOptionalInstant(
    'effective_from',
    'From when the user is on the plan; default: now. Before now is a 409 unless backdate=true.',
  )
  readonly effective_from?: string;
}
