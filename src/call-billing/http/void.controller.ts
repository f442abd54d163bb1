import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Param,
  Post,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../platform/auth/admin-only.decorator.js';
import { ApiProblemResponses } from '../../platform/errors/problem-responses.decorator.js';
import { VoidService } from '../services/void.service.js';
import { CallIdParamsDto } from './dto/call-id.params.dto.js';
import { ListedCallResponseDto } from './dto/calls-page.response.dto.js';
import { VoidCallRequestDto } from './dto/void-call.request.dto.js';

@ApiTags('calls')
@Controller('mobile/:user_name/calls')
export class VoidController {
  constructor(private readonly voids: VoidService) {}

  @Post(':id/void')
  @HttpCode(HttpStatus.OK)
  @AdminOnly()
  @ApiOperation({
    summary:
      'Void a call (admin): it leaves an open bill, or is credited after its period closed',
  })
  @ApiOkResponse({
    type: ListedCallResponseDto,
    description: 'The voided call; voiding it again answers the same.',
  })
  @ApiProblemResponses(400, 401, 404, 409, 503)
  async void(
    @Param() { user_name, id }: CallIdParamsDto,
    @Body() { reason }: VoidCallRequestDto,
  ): Promise<ListedCallResponseDto> {
    return new ListedCallResponseDto(
      await this.voids.void(user_name, id, reason),
    );
  }
}
