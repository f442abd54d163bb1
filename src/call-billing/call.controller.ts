import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Param,
  Put,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '../errors/problem-responses.decorator.js';
import { CallService } from './call.service.js';
import { CallResponseDto } from './dto/call.response.dto.js';
import { CreateCallRequestDto } from './dto/create-call.request.dto.js';
import { UserNameParamsDto } from './dto/user-name.params.dto.js';

@ApiTags('calls')
@Controller('mobile/:user_name')
export class CallController {
  constructor(private readonly calls: CallService) {}

  @Put('call')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Record one call of a user' })
  @ApiCreatedResponse({
    type: CallResponseDto,
    description: 'The call as recorded.',
  })
  @ApiProblemResponses(400, 413, 415, 503)
  async record(
    @Param() { user_name }: UserNameParamsDto,
    @Body() body: CreateCallRequestDto,
  ): Promise<CallResponseDto> {
    return new CallResponseDto(
      await this.calls.record(user_name, body.call_duration),
    );
  }
}
