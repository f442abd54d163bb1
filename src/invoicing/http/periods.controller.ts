import {
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { ApiProblemResponses } from '../../platform/errors/problem-responses.decorator.js';
import { chooseType } from '../../platform/http/content-negotiation.js';
import { TakesNoBody } from '../../platform/validation/no-body.guard.js';
import { INVOICE_CSV_HEADER, invoiceCsvLine } from '../domain/invoice-csv.js';
import { PeriodCloseService } from '../services/period-close.service.js';
import { PeriodQueryService } from '../services/period-query.service.js';
import {
  DEFAULT_PAGE_SIZE,
  PeriodInvoicesQueryDto,
  PeriodsQueryDto,
} from './dto/admin-page.query.dto.js';
import { PeriodParamsDto } from './dto/period.params.dto.js';
import { PeriodInvoicesPageResponseDto } from './dto/period-invoice.response.dto.js';
import {
  PeriodSummaryResponseDto,
  PeriodsPageResponseDto,
} from './dto/period-summary.response.dto.js';

/** Billing periods and their invoices, for administrators (SPEC §8). */
const CSV_TYPE = 'text/csv';
/** What a period's invoices can be had as; the first is the default. */
const EXPORT_TYPES = ['application/json', CSV_TYPE] as const;

@ApiTags('admin: periods')
@Controller('admin/periods')
export class PeriodsController {
  constructor(
    private readonly closer: PeriodCloseService,
    private readonly queries: PeriodQueryService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Every period that has calls, newest first, with its close',
  })
  @ApiOkResponse({ type: PeriodsPageResponseDto })
  @ApiProblemResponses(400, 503)
  async list(
    @Query() { limit, cursor }: PeriodsQueryDto,
  ): Promise<PeriodsPageResponseDto> {
    return new PeriodsPageResponseDto(
      await this.queries.periodPage(limit ?? DEFAULT_PAGE_SIZE, cursor),
    );
  }

  @Post(':period/close')
  @HttpCode(HttpStatus.OK)
  @TakesNoBody()
  @ApiOperation({
    summary: 'Close a period now: invoice every user with calls in it',
    description:
      'Only after its month has ended, and only once every earlier period with calls is closed ' +
      '(else 409). Closing a closed period answers its summary again. While another process ' +
      'closes, the request waits for it.',
  })
  @ApiOkResponse({ type: PeriodSummaryResponseDto })
  @ApiProblemResponses(400, 409, 503)
  async close(
    @Param() { period }: PeriodParamsDto,
  ): Promise<PeriodSummaryResponseDto> {
    return new PeriodSummaryResponseDto(await this.closer.close(period));
  }

  @Get(':period/invoices')
  @ApiOperation({
    summary: "A closed period's invoices, as JSON pages or one CSV",
    description:
      'With `Accept: text/csv`, the whole period as one streamed CSV, ' +
      '`number,user_name,call_count,block_count,billed_seconds,total`.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: PeriodInvoicesPageResponseDto })
  @ApiProblemResponses(400, 406, 409, 503)
  async invoices(
    @Param() { period }: PeriodParamsDto,
    @Query() { limit, cursor }: PeriodInvoicesQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PeriodInvoicesPageResponseDto | StreamableFile> {
    const type = chooseType(
      accept,
      EXPORT_TYPES,
      reply,
      "A period's invoices are",
    );
    if (type === CSV_TYPE) {
      await this.queries.requireClosed(period);
      return new StreamableFile(Readable.from(this.csv(period)), {
        type: 'text/csv; charset=utf-8',
        disposition: `attachment; filename="invoices-${period}.csv"`,
      });
    }
    return new PeriodInvoicesPageResponseDto(
      await this.queries.invoicePage(
        period,
        limit ?? DEFAULT_PAGE_SIZE,
        cursor,
      ),
    );
  }

  private async *csv(period: string): AsyncGenerator<string> {
    yield INVOICE_CSV_HEADER;
    for await (const page of this.queries.allInvoices(period)) {
      yield page.map(invoiceCsvLine).join('');
    }
  }
}
