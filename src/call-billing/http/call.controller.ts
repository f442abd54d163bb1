import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblemResponses } from '../../platform/errors/problem-responses.decorator.js';
import { decodeCursor } from '../domain/call-cursor.js';
import { CallQueryService } from '../services/call-query.service.js';
import { CallService } from '../services/call.service.js';
import { CallResponseDto } from './dto/call.response.dto.js';
import { CallsPageResponseDto } from './dto/calls-page.response.dto.js';
import { DEFAULT_PAGE_SIZE } from '../../platform/validation/page-query.decorators.js';
import { CallsQueryDto } from './dto/calls.query.dto.js';
import { toCallRecord } from './dto/to-call-record.js';
import { CreateCallRequestDto } from './dto/create-call.request.dto.js';
import { UserNameParamsDto } from './dto/user-name.params.dto.js';
import {
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
} from './idempotency-key.decorator.js';

@ApiTags('calls')
@Controller('mobile/:user_name')
export class CallController {
  constructor(
    private readonly calls: CallService,
    private readonly callQueries: CallQueryService,
  ) {}

  @Put('call')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Record one call of a user' })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      'Makes the request safe to retry: the same key again (for this user) records nothing ' +
      'new and returns the first response with 200 and `Idempotent-Replayed: true`.',
  })
  @ApiCreatedResponse({
    type: CallResponseDto,
    description: 'The call as recorded.',
  })
  @ApiOkResponse({
    type: CallResponseDto,
    description: 'A replay: the call first recorded with this key.',
  })
  @ApiProblemResponses(400, 409, 413, 415, 503)
  async record(
    @Param() { user_name }: UserNameParamsDto,
    @Body() body: CreateCallRequestDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CallResponseDto> {
    const { call, replayed } = await this.calls.record(
      toCallRecord(user_name, body, idempotencyKey),
    );
    if (replayed) {
      reply.status(HttpStatus.OK).header('Idempotent-Replayed', 'true');
    }
    return new CallResponseDto(call);
  }

  @Get('calls')
  @ApiOperation({
    summary: "A user's itemised calls, newest first, one page at a time",
  })
  @ApiOkResponse({ type: CallsPageResponseDto })
  @ApiProblemResponses(400, 503)
  async list(
    @Param() { user_name }: UserNameParamsDto,
    @Query() { period, limit, cursor, include_voided }: CallsQueryDto,
  ): Promise<CallsPageResponseDto> {
    const page = await this.callQueries.page(user_name, {
      period,
      includeVoided: include_voided === 'true',
      limit: limit ?? DEFAULT_PAGE_SIZE,
      after: cursor === undefined ? undefined : decodeCursor(cursor),
    });
    return new CallsPageResponseDto(page);
  }
}
