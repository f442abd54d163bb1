import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '../../platform/errors/problem-responses.decorator.js';
import { BillingService } from '../services/billing.service.js';
import { BillingQueryDto } from './dto/billing.query.dto.js';
import { BillingResponseDto } from './dto/billing.response.dto.js';
import { UserNameParamsDto } from './dto/user-name.params.dto.js';

@ApiTags('billing')
@Controller('mobile/:user_name')
export class BillingController {
  constructor(private readonly billing: BillingService) {}

  @Get('billing')
  @ApiOperation({
    summary: "A user's bill, from all their calls or one UTC month's",
  })
  @ApiOkResponse({
    type: BillingResponseDto,
    description: 'A user with no calls owes zero.',
  })
  @ApiProblemResponses(400, 503)
  async bill(
    @Param() { user_name }: UserNameParamsDto,
    @Query() { period }: BillingQueryDto,
  ): Promise<BillingResponseDto> {
    const bill = await this.billing.billFor(user_name, period);
    return new BillingResponseDto(bill);
  }
}
