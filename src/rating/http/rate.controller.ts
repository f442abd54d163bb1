import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { destinationDigits } from '../../call-billing/domain/call-record.rules.js';
import { UserNameParamsDto } from '../../call-billing/http/dto/user-name.params.dto.js';
import { AppConfigService } from '../../platform/config/app-config.service.js';
import { ApiProblemResponses } from '../../platform/errors/problem-responses.decorator.js';
import { checkedInstant } from '../domain/tariff-rules.js';
import { TariffCatalog } from '../services/tariff-catalog.service.js';
import { AppliedRateResponseDto } from './dto/applied-rate.response.dto.js';
import { RateQueryDto } from './dto/rate.query.dto.js';

@ApiTags('rating')
@Controller('mobile/:user_name')
export class RateController {
  constructor(
    private readonly catalog: TariffCatalog,
    private readonly config: AppConfigService,
  ) {}

  @Get('rate')
  @ApiOperation({
    summary:
      'The rate a call of the user would get, to a destination, at an instant',
  })
  @ApiOkResponse({ type: AppliedRateResponseDto })
  @ApiProblemResponses(400, 503)
  async rate(
    @Param() { user_name }: UserNameParamsDto,
    @Query() { destination, at }: RateQueryDto,
  ): Promise<AppliedRateResponseDto> {
    await this.catalog.ensure();
    const rate = this.catalog.rate(
      user_name,
      at === undefined ? new Date() : checkedInstant(at),
      destinationDigits(destination),
    );
    return new AppliedRateResponseDto(rate, this.config.get('tariff').currency);
  }
}
