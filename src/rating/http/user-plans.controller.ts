import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserNameParamsDto } from '../../call-billing/http/dto/user-name.params.dto.js';
import { AdminOnly } from '../../platform/auth/admin-only.decorator.js';
import { ApiProblemResponses } from '../../platform/errors/problem-responses.decorator.js';
import { checkedInstant } from '../domain/tariff-rules.js';
import { PlanAssignmentsService } from '../services/plan-assignments.service.js';
import { AssignPlanRequestDto } from './dto/assign-plan.request.dto.js';
import { PlanAssignmentsResponseDto } from './dto/plan-assignments.response.dto.js';
import { TariffChangeQueryDto } from './dto/tariff-change.query.dto.js';

/** The admin API of users' plans (SPEC §7). */
@ApiTags('admin')
@AdminOnly()
@Controller('admin/users/:user_name/plan')
export class UserPlansController {
  constructor(private readonly assignments: PlanAssignmentsService) {}

  @Put()
  @ApiOperation({
    summary: 'Put a user on a plan from an instant (default: now)',
    description:
      'An assignment from the same instant is replaced. Before now is a 409, unless ' +
      '`backdate=true` asks for a correction, which re-rates the user’s recorded calls it affects.',
  })
  @ApiOkResponse({ type: PlanAssignmentsResponseDto })
  @ApiProblemResponses(400, 409, 413, 415, 503)
  async assign(
    @Param() { user_name }: UserNameParamsDto,
    @Body() body: AssignPlanRequestDto,
    @Query() query: TariffChangeQueryDto,
  ): Promise<PlanAssignmentsResponseDto> {
    const outcome = await this.assignments.assign(
      user_name,
      body.plan,
      body.effective_from === undefined
        ? undefined
        : checkedInstant(body.effective_from),
      query.changeOptions(),
    );
    return new PlanAssignmentsResponseDto(user_name, outcome);
  }

  @Get()
  @ApiOperation({ summary: "A user's plan assignments" })
  @ApiOkResponse({ type: PlanAssignmentsResponseDto })
  @ApiProblemResponses(400, 503)
  async get(
    @Param() { user_name }: UserNameParamsDto,
  ): Promise<PlanAssignmentsResponseDto> {
    return new PlanAssignmentsResponseDto(user_name, {
      assignments: await this.assignments.assignmentsOf(user_name),
    });
  }
}
