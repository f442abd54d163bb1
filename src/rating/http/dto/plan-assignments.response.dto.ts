import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ApiText } from '../../../platform/http/api-fields.js';
import type { Assignment } from '../../domain/tariff-book.js';
import type { AssignmentsOutcome } from '../../services/plan-assignments.service.js';
import { exactDecimal } from './money.js';

@ApiSchema({ name: 'PlanAssignment' })
export class PlanAssignmentDto {
  @ApiText('gold')
  readonly plan: string;

  @ApiText('2026-12-01T00:00:00.000Z')
  readonly effective_from: string;

  constructor(assignment: Assignment) {
    this.plan = assignment.plan;
    this.effective_from = assignment.effectiveFrom.toISOString();
  }
}

/** A user's plan assignments; before the first, the user is on `default`. */
@ApiSchema({ name: 'PlanAssignments' })
export class PlanAssignmentsResponseDto {
  @ApiText('alice')
  readonly user_name: string;

  @ApiProperty({
    type: [PlanAssignmentDto],
    description: 'By effective_from; each holds until the next.',
  })
  readonly assignments: PlanAssignmentDto[];

  @ApiPropertyOptional({
    type: 'integer',
    example: 3,
    description:
      'backdate=true only: how many recorded calls were (or, dry run, would be) re-rated.',
  })
  readonly rerated_calls?: number;

  @ApiPropertyOptional({
    example: '0.25',
    description:
      'backdate=true only: how the user’s bills together changed (exact).',
  })
  readonly delta?: string;

  constructor(
    userName: string,
    {
      assignments,
      correction,
    }: Partial<AssignmentsOutcome> & Pick<AssignmentsOutcome, 'assignments'>,
  ) {
    this.user_name = userName;
    this.assignments = assignments.map((a) => new PlanAssignmentDto(a));
    if (correction !== undefined) {
      this.rerated_calls = correction.reratedCalls;
      this.delta = exactDecimal(
        correction.deltaMicros,
        correction.amountDecimals,
      );
    }
  }
}
