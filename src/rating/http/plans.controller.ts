import {
  Controller,
  Delete,
  Get,
  HttpStatus,
  Param,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminOnly } from '../../platform/auth/admin-only.decorator.js';
import { ApiProblemResponses } from '../../platform/errors/problem-responses.decorator.js';
import { ServiceUnavailableError } from '../../platform/errors/service-unavailable.error.js';
import { abandonment } from '../../platform/http/abandonment.js';
import { problemContent } from '../../platform/http/openapi/problem-schema.js';
import { Upload } from '../../platform/http/upload-body.js';
import { DEFAULT_PAGE_SIZE } from '../../platform/validation/page-query.decorators.js';
import {
  decodePlanCursor,
  decodePrefixCursor,
} from '../domain/tariff-cursors.js';
import { checkedInstant } from '../domain/tariff-rules.js';
import { TariffQueriesService } from '../services/tariff-queries.service.js';
import { TariffVersionsService } from '../services/tariff-versions.service.js';
import { deckOf } from './deck-upload.js';
import { PlanVersionParamsDto } from './dto/plan-version.params.dto.js';
import { PlansPageResponseDto } from './dto/plans-page.response.dto.js';
import { PlansQueryDto } from './dto/plans.query.dto.js';
import { PutVersionQueryDto } from './dto/put-version.query.dto.js';
import { PutVersionRequestDto } from './dto/put-version.request.dto.js';
import { TariffChangeQueryDto } from './dto/tariff-change.query.dto.js';
import { VersionRatesResponseDto } from './dto/version-rates.response.dto.js';
import { VersionRatesQueryDto } from './dto/version-rates.query.dto.js';
import { VersionSummaryResponseDto } from './dto/version.response.dto.js';
import { TakesNoBody } from '../../platform/validation/no-body.guard.js';

const CSV_EXAMPLE =
  'prefix,first_block_seconds,increment_seconds,price,connect_fee\n,60,60,0.02,\n4420,30,6,0.006,0.15';

/** The admin API of plans and their versions (SPEC §7). */
@ApiTags('admin')
@AdminOnly()
@Controller('admin/plans')
export class PlansController {
  constructor(
    private readonly versions: TariffVersionsService,
    private readonly queries: TariffQueriesService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every plan with its versions, one page at a time' })
  @ApiOkResponse({ type: PlansPageResponseDto })
  @ApiProblemResponses(400, 503)
  async list(
    @Query() { limit, cursor }: PlansQueryDto,
  ): Promise<PlansPageResponseDto> {
    const page = await this.queries.plans(
      cursor === undefined ? undefined : decodePlanCursor(cursor),
      limit ?? DEFAULT_PAGE_SIZE,
    );
    return new PlansPageResponseDto(page);
  }

  @Put(':plan/versions/:effective_from')
  @Upload()
  @ApiOperation({
    summary: 'Create or replace a version of a plan that is not yet in force',
    description:
      'The rates as JSON, or as `text/csv` with a header line naming the rate fields ' +
      '(`prefix` and `price` required; an absent column or an empty cell takes the default; ' +
      '`amount_decimals` and `rounding` then go in the query), up to 64 MiB, e.g.:\n\n' +
      `\`\`\`\n${CSV_EXAMPLE}\n\`\`\`\n\n` +
      'A version in force never changes: an `effective_from` before now is a 409, unless ' +
      '`backdate=true` asks for a correction, which re-rates the recorded calls it affects.',
  })
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ type: PutVersionRequestDto })
  @ApiCreatedResponse({
    type: VersionSummaryResponseDto,
    description: 'A new version.',
  })
  @ApiOkResponse({
    type: VersionSummaryResponseDto,
    description: 'A version replaced, or a dry run.',
  })
  @ApiResponse({
    status: 413,
    description: 'The body is over 64 MiB, inflated.',
    content: problemContent(413),
  })
  @ApiProblemResponses(400, 409, 415, 503)
  async put(
    @Param() params: PlanVersionParamsDto,
    @Query() query: PutVersionQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VersionSummaryResponseDto> {
    const { summary, created, correction } = await this.versions.put(
      params.plan,
      checkedInstant(params.effective_from),
      () => deckOf(request.body, query),
      query.changeOptions(),
      abandonment(
        reply.raw,
        () =>
          new ServiceUnavailableError(
            'The client went away while its upload waited for its turn',
            5,
          ),
      ),
    );
    reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return new VersionSummaryResponseDto(summary, correction);
  }

  @Get(':plan/versions/:effective_from')
  @ApiOperation({ summary: 'A version, with one page of its rates by prefix' })
  @ApiOkResponse({ type: VersionRatesResponseDto })
  @ApiProblemResponses(400, 404, 503)
  async get(
    @Param() params: PlanVersionParamsDto,
    @Query() { prefix, limit, cursor }: VersionRatesQueryDto,
  ): Promise<VersionRatesResponseDto> {
    const found = await this.queries.version(
      params.plan,
      checkedInstant(params.effective_from),
      {
        startsWith: prefix,
        after: cursor === undefined ? undefined : decodePrefixCursor(cursor),
        limit: limit ?? DEFAULT_PAGE_SIZE,
      },
    );
    return new VersionRatesResponseDto(found);
  }

  @Delete(':plan/versions/:effective_from')
  @TakesNoBody()
  @ApiOperation({
    summary: 'Delete a version that is not yet in force',
    description:
      'A version in force, or one whose removal would re-price calls already recorded (they ' +
      'may start up to 5 minutes ahead), is a 409, unless `backdate=true` asks for a ' +
      'correction: the version goes and the recorded calls it priced are re-rated (200, with ' +
      '`rerated_calls` and `delta`; `dry_run=true` only reports them). The default plan’s ' +
      'first version is never removed.',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiOkResponse({
    type: VersionSummaryResponseDto,
    description:
      'backdate=true: the version removed (a dry run: that would be), and what re-rating did.',
  })
  @ApiProblemResponses(400, 404, 409, 503)
  async delete(
    @Param() params: PlanVersionParamsDto,
    @Query() query: TariffChangeQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VersionSummaryResponseDto | undefined> {
    const { summary, correction } = await this.versions.delete(
      params.plan,
      checkedInstant(params.effective_from),
      query.changeOptions(),
    );
    if (correction === undefined) {
      reply.status(HttpStatus.NO_CONTENT);
      return undefined;
    }
    return new VersionSummaryResponseDto(summary, correction);
  }
}
